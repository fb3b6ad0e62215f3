# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The plugins (modules, lookups, plugin_utils) reach the core through module_utils/_api.py only: a new import of
another core file fails here, so _api stays the one entry point its docstring says it is."""

import ast
import os

import pytest

PLUGINS = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'plugins')
CORE = 'ansible_collections.ncloud.ncr.plugins.module_utils'
ENTRY = CORE + '._api'


def plugin_files():
    for folder in ('modules', 'lookup', 'plugin_utils'):
        for name in sorted(os.listdir(os.path.join(PLUGINS, folder))):
            if name.endswith('.py') and name != '__init__.py':
                yield '%s/%s' % (folder, name)


def core_imports(path):
    """``(line, module)`` for every import of the core in the file at ``path``, at any depth (a function's too)."""
    with open(os.path.join(PLUGINS, path)) as handle:
        tree = ast.parse(handle.read(), path)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == CORE:
                # from ...module_utils import _tags: the file itself is imported.
                found.extend((node.lineno, '%s.%s' % (CORE, alias.name)) for alias in node.names)
            elif node.module.startswith(CORE + '.'):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names if alias.name.startswith(CORE + '.'))
    return sorted(found)


def test_the_walk_finds_the_plugins_and_their_imports():
    files = list(plugin_files())
    assert 'modules/ncr_image_tags.py' in files and 'lookup/ncr_image_tags.py' in files and 'plugin_utils/_cache.py' in files
    assert all(core_imports(path) for path in files if path.startswith(('modules/', 'lookup/')))


@pytest.mark.parametrize('path', list(plugin_files()))
def test_plugins_import_the_core_through_api_only(path):
    around = ['line %d: %s' % (line, module) for line, module in core_imports(path) if module != ENTRY]
    assert not around, '%s imports the core around _api.py: %s' % (path, '; '.join(around))


def test_an_import_around_api_is_found(tmp_path, monkeypatch):
    source = ('from ansible_collections.ncloud.ncr.plugins.module_utils._api import session\n'
              'def main():\n'
              '    from ansible_collections.ncloud.ncr.plugins.module_utils._names import parse_term\n'
              'from ansible_collections.ncloud.ncr.plugins.module_utils import _tags\n')
    (tmp_path / 'lookup').mkdir()
    (tmp_path / 'lookup' / 'bad.py').write_text(source)
    monkeypatch.setitem(globals(), 'PLUGINS', str(tmp_path))
    assert core_imports('lookup/bad.py') == [(1, ENTRY), (3, CORE + '._names'), (4, CORE + '._tags')]

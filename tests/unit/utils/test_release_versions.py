# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/utils/release_versions.py, the release check that galaxy.yml, version_added and the changelog agree."""

import importlib.util
import os

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))


@pytest.fixture(scope='module')
def release_versions():
    spec = importlib.util.spec_from_file_location('release_versions', os.path.join(ROOT, 'tests', 'utils', 'release_versions.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PLUGIN = '''
DOCUMENTATION = r"""
name: %s
short_description: x
version_added: %s
options:
  opt:
    description: x
    type: str
    version_added: %s
"""
EXAMPLES = "version_added: 9.9.9 in an example is not a claim"
'''

CHANGELOG = '''
ancestor: null
releases:
  1.0.0:
    modules:
      - {name: old, description: x, namespace: ''}
    plugins:
      lookup:
        - {name: old, description: x, namespace: null}
    objects:
      role:
        - {name: resolve, description: x, namespace: null}
    release_date: '2026-11-28'
'''


def write(root, path, text):
    path = os.path.join(str(root), path)
    if not os.path.isdir(os.path.dirname(path)):
        os.makedirs(os.path.dirname(path))
    with open(path, 'w') as f:
        f.write(text)


@pytest.fixture
def tree(tmp_path):
    """A collection at galaxy.yml 1.1.0: old module and lookup and a role released in 1.0.0, a new module for 1.1.0."""
    write(tmp_path, 'galaxy.yml', 'namespace: ncloud\nname: ncr\nversion: 1.1.0\n')
    write(tmp_path, 'changelogs/changelog.yaml', CHANGELOG)
    write(tmp_path, 'changelogs/fragments/change.yml', 'minor_changes: [x]\n')
    write(tmp_path, 'plugins/modules/old.py', PLUGIN % ('old', '1.0.0', '1.1.0'))
    write(tmp_path, 'plugins/lookup/old.py', PLUGIN % ('old', '1.0.0', '1.0.0'))
    write(tmp_path, 'plugins/modules/new.py', PLUGIN % ('new', '1.1.0', '1.1.0'))
    write(tmp_path, 'plugins/module_utils/_core.py', 'DOCUMENTATION = "not a plugin"\n')
    write(tmp_path, 'roles/resolve/meta/argument_specs.yml', 'argument_specs:\n  main:\n    options: {}\n')
    return tmp_path


def test_one_version_story_has_no_problem(release_versions, tree):
    assert release_versions.problems(str(tree)) == []


def test_this_collection_tells_one_version_story(release_versions):
    assert release_versions.problems(ROOT) == []


@pytest.mark.parametrize('path, text, message', [
    ('plugins/modules/new.py', PLUGIN % ('new', '1.2.0', '1.1.0'),
     "plugins/modules/new.py DOCUMENTATION: version_added 1.2.0 is newer than galaxy.yml's version 1.1.0"),
    ('plugins/modules/new.py', PLUGIN % ('new', '1.1.0', '1.3.0'),
     "plugins/modules/new.py DOCUMENTATION.options.opt: version_added 1.3.0 is newer than galaxy.yml's version 1.1.0"),
    ('plugins/modules/new.py', PLUGIN % ('new', '0.9.0', '1.1.0'),
     "version_added 0.9.0 is neither a release in changelogs/changelog.yaml (1.0.0) nor galaxy.yml's version 1.1.0"),
    ('plugins/modules/new.py', PLUGIN % ('new', 'soon', '1.1.0'), "version_added 'soon' is not a version X.Y.Z"),
    ('plugins/modules/new.py', PLUGIN % ('new', '1.0.0', '1.1.0'),
     'modules new: version_added 1.0.0, but release 1.0.0 of changelogs/changelog.yaml does not list it'),
    ('plugins/lookup/old.py', PLUGIN % ('old', '1.1.0', '1.1.0'),
     'changelogs/changelog.yaml: release 1.0.0 lists lookup old, whose version_added is 1.1.0'),
    ('plugins/doc_fragments/shared.py', 'class ModuleDocFragment:\n    DOCUMENTATION = "options: {x: {version_added: 2.0.0}}"\n',
     "plugins/doc_fragments/shared.py DOCUMENTATION.options.x: version_added 2.0.0 is newer than galaxy.yml's version 1.1.0"),
    ('roles/resolve/meta/argument_specs.yml', 'argument_specs:\n  main:\n    version_added: 1.1.0\n',
     'changelogs/changelog.yaml: release 1.0.0 lists role resolve, whose version_added is 1.1.0'),
    ('galaxy.yml', 'version: 1.0.0\n',
     'galaxy.yml: version 1.0.0 is released already, but changelogs/fragments holds 1 fragment(s)'),
    ('galaxy.yml', 'version: 0.9.0\n',
     'galaxy.yml: version 0.9.0 is older than the newest release in changelogs/changelog.yaml, 1.0.0'),
])
def test_each_disagreement_is_a_problem(release_versions, tree, path, text, message):
    write(tree, path, text)
    found = release_versions.problems(str(tree))
    assert any(message in problem for problem in found), found


def test_a_plugin_removed_from_a_release_listing_is_a_problem(release_versions, tree):
    os.remove(os.path.join(str(tree), 'plugins', 'lookup', 'old.py'))
    assert release_versions.problems(str(tree)) == [
        'changelogs/changelog.yaml: release 1.0.0 lists lookup old, which does not exist']


def test_the_command_fails_on_a_problem(release_versions, tree, monkeypatch, capsys):
    write(tree, 'galaxy.yml', 'version: 1.0.0\n')
    monkeypatch.setattr('sys.argv', ['release_versions.py', str(tree)])
    assert release_versions.main() == 1
    assert 'must agree' in capsys.readouterr().out

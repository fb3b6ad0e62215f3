# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every option is declared twice, and both must agree.

The doc fragments (plugins/doc_fragments) say what users read and what Ansible's configuration gives the lookups;
the argument specs say what the modules accept and the lookups read. Here they must agree on names, types,
defaults and choices: each fragment with its argspec, each module's and lookup's DOCUMENTATION (fragments
merged, as ansible-doc and the plugin loader merge them) with what the code uses. And the lookups take every
connection option from E(ANSIBLE_NCLOUD_NCR_<OPTION>), C(ncloud_ncr_<option>) and ansible.cfg's [ncloud_ncr]
section, except the secret key, which never comes from a file.
"""

import importlib
import os

import pytest
import yaml

from ansible.plugins.loader import fragment_loader, lookup_loader
from ansible.utils.plugin_docs import get_docstring

# Where the argument specs live (CONNECTION_ARGSPEC, SELECTION_ARGSPEC...): the one line to change if they move.
ARGSPEC_MODULE = 'ansible_collections.ncloud.ncr.plugins.module_utils._argspec'

COLLECTION = 'ncloud.ncr'
PACKAGE = 'ansible_collections.ncloud.ncr.plugins'
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
# The lookups' configuration sources (the connection fragment's PLUGINS section): env, vars, ini names.
ENV_PREFIX = 'ANSIBLE_NCLOUD_NCR_'
VARS_PREFIX = 'ncloud_ncr_'
INI_SECTION = 'ncloud_ncr'
# Options whose value must never come from a file (ansible.cfg).
NO_INI = ('secret_key',)
# The keys a doc option and an argspec entry both declare, with Ansible's defaults for each when absent.
SPEC_KEYS = dict(type='str', default=None, choices=None, elements=None, required=False, aliases=[])


def plugin_names(kind):
    return sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, 'plugins', kind))
                  if name.endswith('.py') and name != '__init__.py')


def argspec_of_fragment(fragment):
    """The argspec a fragment documents: ``<FRAGMENT>_ARGSPEC`` (connection -> CONNECTION_ARGSPEC)."""
    return getattr(importlib.import_module(ARGSPEC_MODULE), fragment.upper() + '_ARGSPEC', None)


def fragment_doc(fragment):
    """A fragment's DOCUMENTATION as written, without merging."""
    return yaml.safe_load(importlib.import_module('%s.doc_fragments.%s' % (PACKAGE, fragment)).ModuleDocFragment.DOCUMENTATION)


# Fragments documenting options (the attributes fragment documents none).
OPTION_FRAGMENTS = [name for name in plugin_names('doc_fragments') if 'options' in fragment_doc(name)]
MODULES = plugin_names('modules')
LOOKUPS = plugin_names('lookup')


def plugin_doc(kind, name):
    """``(merged DOCUMENTATION, the fragments it extends)``: fragments merged the way ansible-doc and the plugin loader do."""
    path = os.path.join(ROOT, 'plugins', kind, name + '.py')
    extends = yaml.safe_load(importlib.import_module('%s.%s.%s' % (PACKAGE, kind, name)).DOCUMENTATION)['extends_documentation_fragment']
    doc = get_docstring(path, fragment_loader, collection_name=COLLECTION, plugin_type='module' if kind == 'modules' else 'lookup')[0]
    return doc, [fragment.split('.')[2] for fragment in extends]


def kind_of(value):
    """What kind of value a default is, so that "30" and 30, or 1 and true, never pass as the same."""
    for kind, types in (('bool', bool), ('number', (int, float)), ('str', str), ('list', (list, tuple)), ('dict', dict)):
        if isinstance(value, types):
            return kind
    return type(value).__name__


def disagreements(where, documented, declared):
    """Lines naming each difference between documented options and argspec entries (both ``{name: spec}``)."""
    found = []
    for name in sorted(set(documented) - set(declared)):
        found.append('%s: option %r is documented but not in the argument spec' % (where, name))
    for name in sorted(set(declared) - set(documented)):
        found.append('%s: option %r is in the argument spec but not documented' % (where, name))
    for name in sorted(set(documented) & set(declared)):
        for key, absent in SPEC_KEYS.items():
            doc_value, code_value = documented[name].get(key, absent), declared[name].get(key, absent)
            if key in ('choices', 'aliases'):
                # In any order, as ansible-test's validate-modules compares them.
                doc_value, code_value = (sorted(v, key=str) if v is not None else None for v in (doc_value, code_value))
            if doc_value != code_value or kind_of(doc_value) != kind_of(code_value):
                found.append('%s: option %r, %s: the docs say %r, the code says %r' % (where, name, key, doc_value, code_value))
    return found


def agree(differences):
    assert not differences, 'docs and code disagree:\n' + '\n'.join(differences)


class _Captured(Exception):
    pass


def module_argument_spec(name, monkeypatch):
    """The argument spec the module's main() gives AnsibleModule (caught there, before anything runs)."""
    module = importlib.import_module('%s.modules.%s' % (PACKAGE, name))
    captured = {}

    def capture(argument_spec, **kwargs):
        captured.update(argument_spec)
        raise _Captured()
    monkeypatch.setattr(module, 'AnsibleModule', capture)
    with pytest.raises(_Captured):
        module.main()
    return captured


def test_the_plugins_are_found():
    assert OPTION_FRAGMENTS == ['connection', 'image_selection', 'registry', 'selection']
    assert MODULES == ['ncr_image_info', 'ncr_image_tags', 'ncr_manifest_info', 'ncr_registry_info']
    assert LOOKUPS == ['ncr_image_tags', 'ncr_images', 'ncr_manifest']


@pytest.mark.parametrize('fragment', OPTION_FRAGMENTS)
def test_each_fragment_documents_its_argument_spec(fragment):
    argspec = argspec_of_fragment(fragment)
    assert argspec is not None, 'doc fragment %s documents options, but %s has no %s_ARGSPEC' % (
        fragment, ARGSPEC_MODULE, fragment.upper())
    agree(disagreements('doc fragment %s' % fragment, fragment_doc(fragment)['options'], argspec))


@pytest.mark.parametrize('module', MODULES)
def test_each_module_documents_its_argument_spec(module, monkeypatch):
    doc, _extends = plugin_doc('modules', module)
    agree(disagreements('module %s' % module, doc['options'], module_argument_spec(module, monkeypatch)))


@pytest.mark.parametrize('lookup', LOOKUPS)
def test_each_lookup_documents_the_argument_specs_it_reads(lookup):
    doc, extends = plugin_doc('lookup', lookup)
    declared = {}
    for fragment in extends:
        declared.update(argspec_of_fragment(fragment) or {})
    assert set(declared) >= set(argspec_of_fragment('connection')), 'lookup %s: no connection options' % lookup
    # Its own options (_terms, output, on_missing, cache_ttl) have no argspec: only the shared ones are compared.
    shared = dict((name, spec) for name, spec in doc['options'].items() if name in declared)
    agree(disagreements('lookup %s' % lookup, shared, declared))


def expected_sources(option):
    sources = dict(env=[{'name': ENV_PREFIX + option.upper()}], vars=[{'name': VARS_PREFIX + option}])
    if option not in NO_INI:
        sources['ini'] = [{'section': INI_SECTION, 'key': option}]
    return sources


@pytest.mark.parametrize('lookup', LOOKUPS)
def test_each_lookup_takes_every_connection_option_from_ansible_configuration(lookup):
    doc, _extends = plugin_doc('lookup', lookup)
    wrong = []
    connection = argspec_of_fragment('connection')
    for option in connection:
        sources = dict((key, doc['options'][option].get(key)) for key in ('env', 'vars', 'ini') if key in doc['options'][option])
        if sources != expected_sources(option):
            wrong.append('lookup %s: option %r is configured by %r, not %r' % (lookup, option, sources, expected_sources(option)))
    # Any other option taken from the configuration (cache_ttl) follows the same names.
    for option, spec in sorted((name, spec) for name, spec in doc['options'].items() if name not in connection):
        for key, entries in sorted(expected_sources(option).items()):
            if spec.get(key) not in (None, entries):
                wrong.append('lookup %s: option %r, %s: %r instead of %r' % (lookup, option, key, spec.get(key), entries))
    agree(wrong)


# A value of each option type, as the environment gives it and as get_option() returns it.
SAMPLES = dict(str=('from-config', 'from-config'), path=('/from/config', '/from/config'), bool=('false', False),
               int=('7', 7), float=('7.5', 7.5))


@pytest.mark.parametrize('lookup', LOOKUPS)
def test_ansible_gives_each_lookup_its_connection_options_from_env_and_vars(lookup, no_vendor_env, monkeypatch):
    plugin = lookup_loader.get('%s.%s' % (COLLECTION, lookup))
    for option, spec in argspec_of_fragment('connection').items():
        given, expected = SAMPLES[spec.get('type', 'str')]
        if spec.get('choices'):
            given = expected = spec['choices'][-1]
        monkeypatch.setenv(ENV_PREFIX + option.upper(), given)
        plugin.set_options()
        assert plugin.get_option(option) == expected, 'lookup %s: %s%s' % (lookup, ENV_PREFIX, option.upper())
        monkeypatch.delenv(ENV_PREFIX + option.upper())
        plugin.set_options(var_options={VARS_PREFIX + option: given})
        assert plugin.get_option(option) == expected, 'lookup %s: %s%s' % (lookup, VARS_PREFIX, option)

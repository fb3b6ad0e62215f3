# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's own environment variables reach the modules too (OPTION_ENVIRONMENT), not only the lookups."""

import importlib
import os

import pytest
import yaml

from ansible_collections.ncloud.ncr.plugins.module_utils._argspec import CONNECTION_ARGSPEC
from ansible_collections.ncloud.ncr.plugins.module_utils._connection import OPTION_ENVIRONMENT, connection_settings
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.modules import ncr_image_tags
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, ENDPOINT, SECRET, FakeNcr, make_tag

BASE = dict((name, spec['default']) for name, spec in CONNECTION_ARGSPEC.items() if 'default' in spec)
VARIABLE = 'ANSIBLE_NCLOUD_NCR_ENDPOINT'


def settings(environ, **options):
    opts = dict(BASE, access_key='ak', secret_key='sk')
    opts.update(options)
    return connection_settings(opts, environ=environ, configure_file='/nonexistent/configure')


def test_the_endpoint_comes_from_the_environment_when_no_option_gives_one():
    assert settings({VARIABLE: 'http://127.0.0.1:8080/ncr/api/v2/'}).endpoint == 'http://127.0.0.1:8080/ncr/api/v2'
    # An empty variable is no endpoint: the site and region's.
    assert settings({VARIABLE: ''}).endpoint == 'https://ncr.apigw.ntruss.com/ncr/api/v2'


def test_the_option_beats_the_environment():
    chosen = settings({VARIABLE: 'http://127.0.0.1:1/ncr/api/v2'}, endpoint='https://ncr.example.test/ncr/api/v2')
    assert chosen.endpoint == 'https://ncr.example.test/ncr/api/v2'


def test_an_endpoint_from_the_environment_overrides_site_and_region_like_the_option():
    chosen = settings({VARIABLE: 'http://localhost:9/ncr/api/v2', 'NCLOUD_REGION': 'SGN'}, site='gov', region='KRS')
    assert chosen.endpoint == 'http://localhost:9/ncr/api/v2'


def test_a_bad_endpoint_from_the_environment_names_the_option_and_the_variable():
    with pytest.raises(NcrError) as err:
        settings({VARIABLE: 'http://ncr.example.test/ncr/api/v2'})
    assert err.value.option == 'endpoint'
    assert str(err.value).startswith('endpoint: plain http:// is only allowed to a loopback address')
    assert str(err.value).endswith('(from the environment variable ANSIBLE_NCLOUD_NCR_ENDPOINT)')


def test_a_bad_endpoint_option_does_not_blame_the_environment():
    with pytest.raises(NcrError) as err:
        settings({}, endpoint='http://ncr.example.test/ncr/api/v2')
    assert 'environment variable' not in str(err.value)


def lookup_sources():
    """``{option: its lookup configuration}`` from the PLUGINS section of every doc fragment that has one."""
    options = {}
    folder = os.path.dirname(importlib.import_module('ansible_collections.ncloud.ncr.plugins.doc_fragments.connection').__file__)
    for name in sorted(os.listdir(folder)):
        if name.endswith('.py') and not name.startswith('_'):
            fragment = importlib.import_module('ansible_collections.ncloud.ncr.plugins.doc_fragments.' + name[:-3])
            plugins = getattr(fragment.ModuleDocFragment, 'PLUGINS', None)
            if plugins:
                options.update(yaml.safe_load(plugins)['options'])
    return options


def test_each_variable_is_the_one_the_lookups_read():
    """A module and a lookup read the same variable for the same option (a PLUGINS fragment's first env: entry)."""
    sources = lookup_sources()
    assert OPTION_ENVIRONMENT, 'at least the endpoint'
    for option, variable in OPTION_ENVIRONMENT.items():
        assert option in sources, '%s: no doc fragment gives the lookups its env: (a PLUGINS section)' % option
        assert sources[option]['env'][0]['name'] == variable, option


@pytest.fixture
def ncr(serve_fake_ncr):
    fake = FakeNcr()
    fake.add_image('my-registry', 'web', [make_tag('v1.0.%d' % i, 1700000000000 + i * 1000, index=i) for i in range(3)])
    return serve_fake_ncr(fake)


def test_the_module_is_pointed_at_an_endpoint_by_the_environment(ncr, run_main, monkeypatch):
    monkeypatch.setenv(VARIABLE, ENDPOINT)
    code, result, _out = run_main(ncr_image_tags, access_key=ACCESS, secret_key=SECRET, registry='my-registry', image='web')
    assert code == 0, result
    assert result['names'] == ['v1.0.2', 'v1.0.1', 'v1.0.0']
    assert ncr.requests and all(r.startswith('/ncr/api/v2/repositories/my-registry/web/tags') for r in ncr.requests)


def test_a_password_in_the_environment_endpoint_never_shows(ncr, run_main, monkeypatch):
    monkeypatch.setenv(VARIABLE, 'https://user:pa55-in-env@ncr.example.test/ncr/api/v2')
    code, result, out = run_main(ncr_image_tags, access_key=ACCESS, secret_key=SECRET, registry='my-registry', image='web')
    assert code == 1
    assert 'endpoint: must not contain credentials' in result['msg'] and VARIABLE in result['msg']
    assert 'pa55-in-env' not in out
    assert ncr.requests == []

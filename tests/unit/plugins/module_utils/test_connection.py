# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib
import os

import pytest
import yaml

from ansible_collections.ncloud.ncr.plugins.module_utils._argspec import CONNECTION_ARGSPEC
from ansible_collections.ncloud.ncr.plugins.module_utils._connection import OPTION_ENVIRONMENT, connection_settings
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.modules import ncr_image_tags
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, ENDPOINT, SECRET, FakeNcr, make_tag

# The module's defaults, so that an option added to the argspec needs no change here.
BASE = dict((name, spec['default']) for name, spec in CONNECTION_ARGSPEC.items() if 'default' in spec)


def settings(environ=None, configure_file='/nonexistent/configure', **options):
    opts = dict(BASE, access_key='ak', secret_key='sk')
    opts.update(options)
    return connection_settings(opts, environ=environ or {}, configure_file=configure_file)


def write(tmp_path, text):
    path = tmp_path / 'configure'
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize('option, value, fragment', [
    ('page_size', 0, 'between 1 and 1000, got 0'),
    ('page_size', -5, 'between 1 and 1000, got -5'),
    ('page_size', 10 ** 9, 'between 1 and 1000'),
    ('page_size', 'many', 'must be an integer'),
    ('concurrency', 0, 'between 1 and 32'),
    ('retries', 11, 'between 0 and 10'),
    ('timeout', 0, 'more than 0'),
    ('timeout', 'soon', 'must be a number of seconds'),
])
def test_numeric_bounds(option, value, fragment):
    with pytest.raises(NcrError) as err:
        settings(**{option: value})
    assert str(err.value).startswith(option + ':')
    assert fragment in str(err.value)


def test_ca_cert(tmp_path):
    bundle = tmp_path / 'ca.pem'
    bundle.write_text('-----BEGIN CERTIFICATE-----\n')
    assert settings(ca_cert=str(bundle)).verify == str(bundle)
    assert settings(validate_certs=False).verify is False
    assert settings().verify is True
    with pytest.raises(NcrError, match='^ca_cert: contradicts validate_certs=false'):
        settings(ca_cert=str(bundle), validate_certs=False)
    with pytest.raises(NcrError, match='^ca_cert: file not found'):
        settings(ca_cert=str(tmp_path / 'missing.pem'))


def test_only_an_unverified_https_endpoint_warns(tmp_path):
    bundle = tmp_path / 'ca.pem'
    bundle.write_text('-----BEGIN CERTIFICATE-----\n')
    warnings = settings(validate_certs=False).warnings()
    assert len(warnings) == 1
    assert warnings[0].startswith('validate_certs=false: ') and 'ca_cert' in warnings[0]
    assert settings().warnings() == []
    assert settings(ca_cert=str(bundle)).warnings() == []
    # Nothing to verify over plain http (loopback only), so nothing to warn about.
    assert settings(validate_certs=False, endpoint='http://127.0.0.1:8080/ncr/api/v2').warnings() == []


def test_settings_repr_hides_the_secret():
    assert 'sk-very-secret' not in repr(settings(secret_key='sk-very-secret'))


def test_an_upper_case_https_endpoint_still_warns_without_verification():
    warnings = settings(validate_certs=False, endpoint='HTTPS://ncr.example/ncr/api/v2').warnings()
    assert len(warnings) == 1 and warnings[0].startswith('validate_certs=false: ')


BAD_ACCESS_KEYS = ['AKIDX\r\nX-Injected: 1', 'AKIDX\n', 'AKIDX\tKEY', 'AKIDX KEY', ' AKIDX', 'AKIDX\x00', 'AKIDX\x7f',
                   'AKIDX\u00e9', 'AKIDX\ud55c\uae00', 'AKIDX\udcff']


def assert_access_key_refused_unshown(err, source):
    message = str(err.value)
    assert err.value.option == 'access_key' and message.startswith('access_key:')
    assert 'is not shown' in message and source in message
    assert 'AKIDX' not in message and 'sk-secret' not in message


@pytest.mark.parametrize('access', BAD_ACCESS_KEYS)
def test_an_access_key_that_cannot_go_into_a_header_is_refused_unshown(access):
    with pytest.raises(NcrError) as err:
        settings(access_key=access, secret_key='sk-secret')
    assert_access_key_refused_unshown(err, 'options')
    with pytest.raises(NcrError) as err:
        settings(environ={'NCLOUD_ACCESS_KEY': access, 'NCLOUD_SECRET_KEY': 'sk-secret'}, access_key=None, secret_key=None)
    assert_access_key_refused_unshown(err, 'environment')


@pytest.mark.parametrize('access', ['AKIDX\tKEY', 'AKIDX KEY', 'AKIDX\x7f', 'AKIDX\u00e9', 'AKIDX\ud55c\uae00'])
def test_an_access_key_from_the_configure_file_is_checked_too(tmp_path, access):
    conf = write(tmp_path, '[DEFAULT]\nncloud_access_key_id = %s\nncloud_secret_access_key = sk-secret\n' % access)
    with pytest.raises(NcrError) as err:
        settings(configure_file=conf, access_key=None, secret_key=None)
    assert_access_key_refused_unshown(err, 'file ' + conf)


def test_a_secret_key_that_cannot_be_encoded_is_refused_unshown():
    with pytest.raises(NcrError) as err:
        settings(secret_key='sk-secret\ud800')
    assert err.value.option == 'secret_key' and str(err.value).startswith('secret_key:')
    assert 'sk-secret' not in str(err.value)
    # Bytes an environment could not decode (surrogate escapes) are a key all the same.
    assert settings(secret_key='sk-secret\udcff').secret_key == 'sk-secret\udcff'


VARIABLE = 'ANSIBLE_NCLOUD_NCR_ENDPOINT'


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

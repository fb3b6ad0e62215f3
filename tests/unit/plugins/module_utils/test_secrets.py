# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_secrets: the secret key (option, environment, ~/.ncloud/configure), the registry password and an endpoint's
password are registered through ansible-core's secrets API where it exists (2.22+) and in the module's no_log_values
where it does not. Both paths are taken here whatever the installed core: ``ansible.module_utils.secrets`` is replaced
at the import (a stand-in that records, or None, which makes the import fail) and _secrets reloaded: the
secrets_api_present and secrets_api_absent fixtures of tests/unit/conftest.py. The lookup's case is in
tests/unit/plugins/lookup/test_ncr_image_tags_secrets.py (tests here run without ansible's controller code)."""

import pytest

from ansible.module_utils import basic

from ansible_collections.ncloud.ncr.plugins.module_utils import _secrets
from ansible_collections.ncloud.ncr.plugins.module_utils._connection import connection_settings
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.modules import ncr_image_tags
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, ENDPOINT, SECRET, FakeNcr, make_tag

REGISTRY_PASSWORD = 'rEgIsTrY-pAsSwOrD-0123456789'
ENDPOINT_PASSWORD = 'eNdPoInT-pAsSwOrD'


def registered(calls):
    return set(value for call in calls for value in call)


@pytest.fixture
def with_api(secrets_api_present):
    return secrets_api_present


@pytest.fixture
def without_api(secrets_api_absent):
    return secrets_api_absent


def test_with_the_api_non_blank_strings_are_registered_and_no_log_values_left_alone(with_api):
    no_log_values = set()
    with _secrets.masking_into(no_log_values):
        assert _secrets.register_secrets(['b', 'a', '', '  ', None, 7, 'a']) == ['a', 'b']
    assert with_api == [['a', 'b']] and no_log_values == set()
    _secrets.register_secrets([None, ''])
    assert with_api == [['a', 'b']]


def test_without_the_api_a_module_s_no_log_values_get_them_and_a_lookup_has_none(without_api):
    outer, inner = set(), set()
    with _secrets.masking_into(outer):
        with _secrets.masking_into(inner):
            _secrets.register_secrets(['inner'])
        _secrets.register_secrets(['outer', ''])
    assert (outer, inner) == ({'outer'}, {'inner'})
    # No module running (a lookup): nothing to register with, and no failure.
    assert _secrets.register_secrets(['lookup']) == ['lookup']
    assert (outer, inner) == ({'outer'}, {'inner'})


def _configure(tmp_path, secret=SECRET):
    path = tmp_path / 'configure'
    path.write_text('[DEFAULT]\nncloud_access_key_id = %s\nncloud_secret_access_key = %s\n' % (ACCESS, secret))
    return str(path)


SOURCES = {
    'option': ({'secret_key': SECRET}, {}),
    'NCLOUD_SECRET_KEY': ({}, {'NCLOUD_ACCESS_KEY': ACCESS, 'NCLOUD_SECRET_KEY': SECRET}),
    'NCLOUD_SECRET_ACCESS_KEY': ({}, {'NCLOUD_ACCESS_KEY_ID': ACCESS, 'NCLOUD_SECRET_ACCESS_KEY': SECRET}),
    'configure file': ({}, {}),
}


def _settings(source, tmp_path):
    options, environ = SOURCES[source]
    options = dict(endpoint=ENDPOINT, access_key=ACCESS if options else None, page_size=100, concurrency=4, retries=1,
                   timeout=5, validate_certs=True, **options)
    return connection_settings(options, environ=environ, configure_file=_configure(tmp_path))


@pytest.mark.parametrize('source', sorted(SOURCES))
def test_the_secret_key_is_registered_whichever_source_it_came_from(source, tmp_path, with_api):
    settings = _settings(source, tmp_path)
    assert settings.secret_key == SECRET and SECRET in registered(with_api)


@pytest.mark.parametrize('source', sorted(SOURCES))
def test_without_the_api_the_secret_key_goes_into_the_module_s_no_log_values(source, tmp_path, without_api):
    no_log_values = set()
    with _secrets.masking_into(no_log_values):
        _settings(source, tmp_path)
    assert no_log_values == {SECRET}


def test_the_registry_password_from_the_environment_and_an_endpoint_password(tmp_path, with_api):
    environ = {'ANSIBLE_NCLOUD_NCR_REGISTRY_PASSWORD': REGISTRY_PASSWORD, 'ANSIBLE_NCLOUD_NCR_REGISTRY_USERNAME': 'user'}
    settings = connection_settings(dict(endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET, page_size=100,
                                        concurrency=4, retries=1, timeout=5, validate_certs=True,
                                        registry_url='https://reg.example.test'),
                                   environ=environ, configure_file='/nonexistent', registry=True)
    assert settings.registry_password == REGISTRY_PASSWORD
    assert {SECRET, REGISTRY_PASSWORD} <= registered(with_api)
    # Refused, but registered first: the failure's invocation shows the endpoint option.
    with pytest.raises(NcrError, match='must not contain credentials'):
        connection_settings(dict(endpoint=ENDPOINT.replace('https://', 'https://user:%s@' % ENDPOINT_PASSWORD),
                                 access_key=ACCESS, secret_key=SECRET, page_size=100, concurrency=4, retries=1, timeout=5,
                                 validate_certs=True), environ={}, configure_file='/nonexistent')
    assert ENDPOINT_PASSWORD in registered(with_api)


@pytest.fixture
def ncr_with_secret_tag(serve_fake_ncr, monkeypatch, tmp_path):
    """The fake NCR with a tag named like the secret key, which reaches the modules through ~/.ncloud/configure
    only: the one way a registered secret shows is in what the module returns."""
    fake = serve_fake_ncr(FakeNcr())
    fake.add_image('my-registry', 'web', [make_tag(SECRET, 1700000000000), make_tag('v1', 1710000000000, index=1)])
    (tmp_path / '.ncloud').mkdir()
    _configure(tmp_path / '.ncloud')
    monkeypatch.setenv('ANSIBLE_NCLOUD_NCR_REGISTRY_PASSWORD', REGISTRY_PASSWORD)
    return fake


@pytest.fixture
def module_no_log_values(monkeypatch):
    """The no_log_values each AnsibleModule had when it exited (as the module masks its result with them)."""
    seen = []
    exit_json = basic.AnsibleModule.exit_json

    def recording(self, **kwargs):
        seen.append(set(self.no_log_values))
        exit_json(self, **kwargs)
    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', recording)
    return seen


def test_a_module_without_the_api_registers_in_no_log_values(ncr_with_secret_tag, run_main, module_no_log_values,
                                                             without_api):
    code, _result, _out = run_main(ncr_image_tags, endpoint=ENDPOINT, registry='my-registry', image='web')
    assert code == 0
    assert {SECRET, REGISTRY_PASSWORD} <= module_no_log_values[0]


def test_a_module_with_the_api_registers_there(ncr_with_secret_tag, run_main, module_no_log_values, with_api):
    code, _result, _out = run_main(ncr_image_tags, endpoint=ENDPOINT, registry='my-registry', image='web')
    assert code == 0
    assert {SECRET, REGISTRY_PASSWORD} <= registered(with_api)
    assert not {SECRET, REGISTRY_PASSWORD} & module_no_log_values[0]


def test_the_installed_core_keeps_the_secret_out_of_the_module_s_output(ncr_with_secret_tag, run_main):
    code, result, out = run_main(ncr_image_tags, endpoint=ENDPOINT, registry='my-registry', image='web')
    assert code == 0 and len(result['names']) == 2 and SECRET not in out
    if _secrets.secrets_api():
        # 2.22+: masked by the controller (run_main does as it does), from the secrets the module handed it.
        assert '$REDACTED$' in result['names'] and '_ansible_new_secrets' in result
    else:
        # Older cores: the module masks its result with no_log_values.
        assert 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' in result['names']

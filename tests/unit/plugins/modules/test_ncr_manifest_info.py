# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.ncloud.ncr.plugins.modules import ncr_manifest_info
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, SECRET
from ansible_collections.ncloud.ncr.tests.unit.fake_registry import PASSWORD, TOKEN, USER, FakeRegistry


@pytest.fixture
def fake(serve_fake_ncr):
    registry = FakeRegistry()
    registry.index = registry.put_index('team/app', '1.4.2', [('linux', 'amd64', None), ('linux', 'arm64', 'v8')])
    registry.sign('team/app', registry.index)
    return serve_fake_ncr(registry)


def test_the_facts_of_each_reference_and_the_missing_ones(fake, run_main):
    code, result, out = run_main(ncr_manifest_info, registry='my-registry', image='team/app', reference=['1.4.2', 'v9'],
                                 platform='linux/arm64', registry_username=USER, registry_password=PASSWORD)
    assert code == 0 and result['changed'] is False, result
    assert (result['found'], result['missing'], result['registry_host']) == (False, ['v9'], 'my-registry.kr.ncr.ntruss.com')
    manifest, = result['manifests']
    assert manifest['digest'] == fake.index and manifest['is_index'] is True and manifest['signed'] is True
    assert manifest['pinned_reference'] == 'my-registry.kr.ncr.ntruss.com/team/app@' + fake.index
    assert manifest['platform_digest'] == manifest['platforms'][1]['digest']
    assert PASSWORD not in out and TOKEN not in out
    # The registry credentials were enough: no NCP key pair anywhere, and the API was never asked.
    assert not [url for dummy, url, dummy in fake.seen if 'ncr.example.test' in url]


def test_the_key_pair_is_the_default_credentials(fake, run_main, monkeypatch):
    fake.auth = 'basic'
    monkeypatch.setattr('ansible_collections.ncloud.ncr.tests.unit.fake_registry.USER', ACCESS)
    monkeypatch.setattr('ansible_collections.ncloud.ncr.tests.unit.fake_registry.PASSWORD', SECRET)
    code, result, out = run_main(ncr_manifest_info, registry='my-registry', image='team/app', reference=['1.4.2'],
                                 access_key=ACCESS, secret_key=SECRET)
    assert code == 0 and result['found'] is True, result
    assert SECRET not in out


def test_a_password_from_the_environment_is_masked_in_a_failure(fake, run_main, monkeypatch):
    monkeypatch.setenv('ANSIBLE_NCLOUD_NCR_REGISTRY_USERNAME', USER)
    monkeypatch.setenv('ANSIBLE_NCLOUD_NCR_REGISTRY_PASSWORD', 'env-password-value')
    code, result, out = run_main(ncr_manifest_info, registry='my-registry', image='team/app', reference=['1.4.2'],
                                 # A task that echoes the password in another option: it must not come back.
                                 platform='env-password-value')
    assert code == 1 and result['msg'].startswith('platform: ')
    assert 'env-password-value' not in out


def test_refused_credentials_fail_the_task_naming_the_options(fake, run_main):
    code, result, out = run_main(ncr_manifest_info, registry='my-registry', image='team/app', reference=['1.4.2'],
                                 registry_username=USER, registry_password='wrong-secret-value')
    assert code == 1 and result['failed'] is True
    assert 'registry_username and registry_password' in result['msg'] and result['error']['status'] == 401
    assert 'wrong-secret-value' not in out


@pytest.mark.parametrize('args, option', [
    (dict(reference=['sha256:abc']), 'reference'),
    (dict(reference=['1.0'], registry_url='http://registry.example.test'), 'registry_url'),
    (dict(reference=['1.0'], platform='linux'), 'platform'),
    (dict(reference=['1.0'], image='Team/App'), 'image'),
])
def test_bad_input_fails_before_any_request(fake, run_main, args, option):
    given = dict(registry='my-registry', image='team/app', registry_username=USER, registry_password=PASSWORD)
    given.update(args)
    code, result, dummy = run_main(ncr_manifest_info, **given)
    assert code == 1 and result['msg'].startswith(option + ': ') and fake.seen == []

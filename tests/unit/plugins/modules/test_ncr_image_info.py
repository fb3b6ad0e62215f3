# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import time

import pytest

from ansible_collections.ncloud.ncr.plugins.modules import ncr_image_info, ncr_registry_info
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, ENDPOINT, SECRET
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr_images import DAY_MS, FakeImages, current_registry, old_registry

NOW_MS = int(time.time() * 1000)


@pytest.fixture
def ncr(serve_fake_ncr):
    fake = FakeImages(max_page_size=2)
    for name, days, pulls in (('web', 1, 50), ('api', 200, 900), ('team/backend', 100, 10)):
        fake.add_full_image('my-registry', name, NOW_MS - days * DAY_MS, pulls)
    fake.registries = [current_registry('my-registry'), current_registry('b-registry'), current_registry('c-registry')]
    return serve_fake_ncr(fake)


def conn(**kwargs):
    args = dict(endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET)
    args.update(kwargs)
    return args


def test_images_of_a_registry_every_page(ncr, run_main):
    code, result, _out = run_main(ncr_image_info, **conn(registry='my-registry'))
    assert code == 0 and result['changed'] is False
    assert result['total'] == 3 and result['names'] == ['api', 'team/backend', 'web']
    web = result['images'][2]
    assert web['namespace'] == 'my-registry' and web['pull_count'] == 50
    assert web['last_updated'].endswith('Z') and 'T' in web['last_updated']
    assert len(ncr.requests) == 2


def test_not_pushed_for_90_days_in_check_mode(ncr, run_main):
    code, result, _out = run_main(ncr_image_info, _ansible_check_mode=True,
                                  **conn(registry='my-registry', older_than='90d', sort='updated', order='asc'))
    assert code == 0 and result['changed'] is False
    assert result['names'] == ['api', 'team/backend']


def test_name_checks_by_detail(ncr, run_main):
    code, result, _out = run_main(ncr_image_info, **conn(registry='my-registry', name=['web', 'ghost']))
    assert code == 0
    assert result['found'] is False and result['missing'] == ['ghost'] and result['names'] == ['web']
    assert result['images'][0]['tag_mutability_enabled'] is False
    assert all('?' not in r for r in ncr.requests)


@pytest.mark.parametrize('args, option', [
    (dict(registry='Bad_Registry'), 'registry'),
    (dict(registry='my-registry', include=['(']), 'include'),
    (dict(registry='my-registry', older_than='soon'), 'older_than'),
    (dict(registry='my-registry', limit=-2), 'limit'),
    (dict(registry='my-registry', name=['UPPER']), 'name'),
    (dict(registry='my-registry', endpoint='http://203.0.113.9/ncr/api/v2'), 'endpoint'),
])
def test_bad_input_names_the_option_before_any_request(ncr, run_main, args, option):
    code, result, out = run_main(ncr_image_info, **conn(**args))
    assert code == 1 and result['msg'].startswith(option + ':')
    assert result['error']['option'] == option
    assert ncr.requests == [] and 'Traceback' not in out


def test_missing_registry_fails_naming_it(ncr, run_main):
    code, result, out = run_main(ncr_image_info, **conn(registry='nope-registry'))
    assert code == 1 and "Registry 'nope-registry' does not exist" in result['msg']
    assert result['error']['status'] == 404 and SECRET not in out


def test_registries_current_shape(ncr, run_main):
    code, result, _out = run_main(ncr_registry_info, **conn(name=['my-registry']))
    assert code == 0 and result['changed'] is False
    assert result['names'] == ['b-registry', 'c-registry', 'my-registry'] and result['found'] is True
    assert result['registries'][0]['created'] == '2023-11-02T09:00:00Z' and result['registries'][0]['usage'] is None


def test_registries_old_shape_plain_list(ncr, run_main):
    ncr.registries_answer = lambda query: [old_registry('z-registry'), old_registry('my-registry')]
    code, result, _out = run_main(ncr_registry_info, **conn(name=['my-registry', 'ghost-reg']))
    assert code == 0 and result['names'] == ['my-registry', 'z-registry']
    assert result['found'] is False and result['missing'] == ['ghost-reg']
    assert result['registries'][0]['usage'] == 1048576 and result['registries'][0]['created'] == '2023-11-02T09:00:00Z'


def test_registries_wrong_secret_fails_without_leaking(ncr, run_main):
    code, result, out = run_main(ncr_registry_info, **conn(secret_key='another-secret-4321'))
    assert code == 1 and 'HTTP 401' in result['msg'] and 'another-secret-4321' not in out


def test_registries_bad_name(ncr, run_main):
    code, result, _out = run_main(ncr_registry_info, **conn(name=['x']))
    assert code == 1 and result['msg'].startswith('name:') and ncr.requests == []

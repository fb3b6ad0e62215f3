# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils import _transport
from ansible_collections.ncloud.ncr.plugins.modules import ncr_image_tags
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, ENDPOINT, SECRET, FakeNcr, make_tag


@pytest.fixture
def ncr(serve_fake_ncr):
    fake = FakeNcr(max_page_size=50)
    fake.add_image('my-registry', 'team/backend', [make_tag('b%03d' % i, 1700000000000 + i * 1000, index=i) for i in range(237)])
    return serve_fake_ncr(fake)


def base(**kwargs):
    args = dict(endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET, registry='my-registry', image='team/backend')
    args.update(kwargs)
    return args


def test_lists_every_tag_of_a_multi_page_image_through_signed_requests(ncr, run_main):
    code, result, _out = run_main(ncr_image_tags, **base(page_size=100))
    assert code == 0
    assert result['changed'] is False
    assert result['total'] == 237 and len(set(result['names'])) == 237
    assert result['names'][0] == 'b236' and result['latest']['name'] == 'b236'
    # 100 asked, 50 served: 5 pages, every one signed over the path as sent.
    assert len(ncr.requests) == 5
    assert all(r.startswith('/ncr/api/v2/repositories/my-registry/team%2Fbackend/tags?page=') for r in ncr.requests)


def test_check_mode_is_the_same_and_unchanged(ncr, run_main):
    code, result, _out = run_main(ncr_image_tags, _ansible_check_mode=True, **base())
    assert code == 0 and result['changed'] is False and result['total'] == 237


def test_credentials_from_environment(ncr, run_main, monkeypatch):
    monkeypatch.setenv('NCLOUD_ACCESS_KEY_ID', ACCESS)
    monkeypatch.setenv('NCLOUD_SECRET_ACCESS_KEY', SECRET)
    code, result, _out = run_main(ncr_image_tags, **base(access_key=None, secret_key=None, limit=1))
    assert code == 0 and result['names'] == ['b236']


def test_wrong_secret_fails_without_leaking(ncr, run_main):
    code, result, out = run_main(ncr_image_tags, **base(secret_key='a-wrong-secret-9876'))
    assert code == 1 and result['failed'] is True
    assert 'HTTP 401' in result['msg'] and 'clock' in result['msg']
    assert result['error']['status'] == 401 and result['error']['error_code'] == '200'
    assert 'a-wrong-secret-9876' not in out
    assert ncr.headers_seen[0]['x-ncp-apigw-signature-v2'] not in out


@pytest.mark.parametrize('args, fragment', [
    (dict(page_size=0), 'page_size: must be between 1 and 1000, got 0'),
    (dict(image='Team/Backend'), "image: 'Team/Backend' is not a valid image name"),
    (dict(registry='x'), "registry: 'x' is not a valid registry name"),
    (dict(endpoint='http://example.com/ncr/api/v2'), 'endpoint: plain http:// is only allowed to a loopback'),
    (dict(include=['[']), "include: invalid regular expression '['"),
    (dict(access_key=None, secret_key=None), 'No NCP API credentials found'),
    (dict(secret_key=None), 'secret_key: is required when access_key is given'),
])
def test_bad_input_fails_cleanly_before_any_request(ncr, run_main, args, fragment):
    code, result, out = run_main(ncr_image_tags, **base(**args))
    assert code == 1
    assert fragment in result['msg']
    assert 'Traceback' not in out and 'exception' not in result
    assert ncr.requests == []


def test_type_errors_come_from_the_argument_spec(ncr, run_main):
    code, result, _out = run_main(ncr_image_tags, **base(sort='random'))
    assert code == 1 and 'sort' in result['msg'] and ncr.requests == []


def test_missing_requests_library(ncr, run_main, monkeypatch):
    monkeypatch.setattr(_transport, 'HAS_REQUESTS', False)
    code, result, _out = run_main(ncr_image_tags, **base())
    assert code == 1 and 'requests' in result['msg'] and ncr.requests == []

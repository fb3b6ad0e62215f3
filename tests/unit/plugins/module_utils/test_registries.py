# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils import _api
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._image_selection import ImageSelection
from ansible_collections.ncloud.ncr.plugins.module_utils._registries import normalize_registry
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import client_for
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr_images import current_registry, old_registry

NOW = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)


def test_registry_current_shape():
    out = normalize_registry(current_registry('my-registry'))
    assert out['created'] == '2023-11-02T09:00:00Z'
    assert out['usage'] is None
    assert out['end_point_enabled'] is True and out['private_id'] == 'abc'


def test_registry_old_shape_fills_the_same_keys():
    out = normalize_registry(old_registry('my-registry'))
    assert out['created'] == '2023-11-02T09:00:00Z'
    assert out['usage'] == 1048576
    assert sorted(out) == ['bucket', 'created', 'end_point', 'name', 'status', 'usage']


def test_registry_camel_case_and_missing_keys():
    out = normalize_registry({'name': 'r-1', 'endPointEnabled': False})
    assert out['end_point_enabled'] is False
    assert out['bucket'] is None and out['created'] is None and out['status'] is None


def test_registry_without_name_is_refused():
    with pytest.raises(NcrError, match="registry name that is not valid .*: 'NoneType'. The answer is refused"):
        normalize_registry({'bucket': 'x'})


def test_image_info_lists_every_page(ncr):
    client, dummy = client_for(ncr, page_size=100)
    result = _api.image_info(client, ImageSelection({}, now=NOW), 'reg')
    assert result['total'] == 5 and result['count'] == 5
    assert result['names'] == ['api', 'empty', 'team/backend', 'team/tools/linter', 'web']
    assert result['registry_host'] == 'reg.kr.ncr.ntruss.com'
    # Pages of at most 2: 3 pages.
    assert len([r for r in ncr.requests if r.startswith('/ncr/api/v2/repositories/reg?')]) == 3
    assert 'found' not in result


def test_image_info_by_name_uses_one_detail_request_each(ncr):
    client, dummy = client_for(ncr)
    result = _api.image_info(client, ImageSelection({'name': ['web', 'ghost', 'team/backend']}, now=NOW), 'reg')
    assert result['names'] == ['team/backend', 'web']
    assert result['found'] is False and result['missing'] == ['ghost']
    assert result['total'] is None
    assert all(i['tag_mutability_enabled'] is False for i in result['images'])
    assert sorted(ncr.requests) == ['/ncr/api/v2/repositories/reg/ghost', '/ncr/api/v2/repositories/reg/team%2Fbackend',
                                    '/ncr/api/v2/repositories/reg/web']


def test_image_info_missing_registry_is_named(ncr):
    client, dummy = client_for(ncr)
    with pytest.raises(NcrError, match="Registry 'nope' does not exist") as err:
        _api.image_info(client, ImageSelection({}, now=NOW), 'nope')
    assert err.value.status == 404
    with pytest.raises(NcrError, match="Registry 'nope' does not exist"):
        _api.image_info(client, ImageSelection({'name': ['web']}, now=NOW), 'nope')


def test_image_info_bad_registry_before_any_request(ncr):
    client, dummy = client_for(ncr)
    with pytest.raises(NcrError) as err:
        _api.image_info(client, ImageSelection({}, now=NOW), 'Bad_Registry')
    assert err.value.option == 'registry' and ncr.requests == []


def test_image_listing_that_changes_is_an_error_not_a_partial_list(ncr):
    client, dummy = client_for(ncr, concurrency=1)
    original = ncr.page

    def shrinking(prepared, items, query):
        answer = original(prepared, items, query)
        if query.get('page') == '2':
            answer._content = answer._content.replace(b'"count": 5', b'"count": 4')
        return answer
    ncr.page = shrinking
    with pytest.raises(NcrError, match='No partial result'):
        _api.image_info(client, ImageSelection({}, now=NOW), 'reg')


def test_registries_paged_envelope(ncr):
    client, dummy = client_for(ncr, page_size=100)
    result = _api.registry_info(client, ['reg', 'ghost-reg'])
    assert result['names'] == ['other-reg', 'reg', 'third-reg'] and result['count'] == 3
    assert result['found'] is False and result['missing'] == ['ghost-reg']
    # Page 1 is read once, to learn the shape, and reused: 2 pages of 2.
    assert ncr.requests == ['/ncr/api/v2/repositories?page=1&pagesize=100', '/ncr/api/v2/repositories?page=2&pagesize=100']


@pytest.mark.parametrize('answer', [
    lambda query: [old_registry('b-reg'), old_registry('a-reg')],
    lambda query: {'results': [old_registry('b-reg'), old_registry('a-reg')]},
    lambda query: {'results': [old_registry('b-reg'), old_registry('a-reg')], 'next': None},
])
def test_registries_plain_list_or_results_is_the_whole_list(ncr, answer):
    ncr.registries_answer = answer
    client, dummy = client_for(ncr)
    result = _api.registry_info(client)
    assert result['names'] == ['a-reg', 'b-reg']
    assert result['registries'][0]['usage'] == 1048576 and result['registries'][0]['created'] == '2023-11-02T09:00:00Z'
    assert len(ncr.requests) == 1


@pytest.mark.parametrize('answer, fragment', [
    (lambda query: {'results': [old_registry('a-reg')], 'next': 2}, 'has a "next" page but no "count"'),
    (lambda query: {'registries': []}, 'neither a paged listing'),
    (lambda query: ['a-reg'], 'neither a paged listing'),
    (lambda query: [old_registry('a-reg'), old_registry('a-reg')], 'names a registry twice'),
    (lambda query: {'count': 3, 'next': None, 'results': [old_registry('a-reg')]}, 'incomplete'),
])
def test_registries_odd_answers_are_errors(ncr, answer, fragment):
    ncr.registries_answer = answer
    client, dummy = client_for(ncr)
    with pytest.raises(NcrError, match='No partial result|neither|' + fragment) as err:
        _api.registry_info(client)
    assert fragment in str(err.value)


def test_registry_info_bad_name_before_any_request(ncr):
    client, dummy = client_for(ncr)
    with pytest.raises(NcrError) as err:
        _api.registry_info(client, ['Bad'])
    assert err.value.option == 'name' and str(err.value).startswith('name:') and ncr.requests == []

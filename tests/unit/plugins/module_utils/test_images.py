# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import threading
import time

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils import _api
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._image_selection import ImageSelection
from ansible_collections.ncloud.ncr.plugins.module_utils._images import normalize_image
from ansible_collections.ncloud.ncr.plugins.module_utils._names import matching, parse_term
from ansible_collections.ncloud.ncr.plugins.module_utils._registries import normalize_registry
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import client_for, make_tag, response
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr_images import (
    DAY_MS, NOW_MS, FakeImages, current_registry, image_item, old_registry)

NOW = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)


def images():
    return [normalize_image(image_item('reg', name, NOW_MS - days * DAY_MS, pulls))
            for name, days, pulls in (('web', 1, 50), ('api', 200, 900), ('team/backend', 100, 10), ('team/tools/linter', 10, 0))]


# ---------------------------------------------------------------- normalization

def test_image_time_is_iso_and_keys_snake_case():
    out = normalize_image({'name': 'team/app', 'last_updated': 1711928488000, 'pullCount': 3, 'tag_mutability_enabled': True})
    assert out['last_updated'] == '2024-03-31T23:41:28Z'
    assert out['pull_count'] == 3 and 'pullCount' not in out
    assert out['tag_mutability_enabled'] is True
    assert 'unreadable' not in out


def test_image_unreadable_time_is_null_and_named():
    out = normalize_image({'name': 'web', 'last_updated': 'yesterday'})
    assert out['last_updated'] is None and out['unreadable'] == ['last_updated']
    assert normalize_image({'name': 'web', 'last_updated': 0})['last_updated'] is None
    assert 'unreadable' not in normalize_image({'name': 'web', 'last_updated': 0})


@pytest.mark.parametrize('name', ['Web', '', 'a' * 300, None, 5, 'web\n', '../web'])
def test_invalid_image_name_from_the_server_refuses_the_answer(name):
    with pytest.raises(NcrError, match='not valid'):
        normalize_image({'name': name})


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


# ---------------------------------------------------------------- selection

def test_default_sort_is_name_ascending():
    assert [i['name'] for i in ImageSelection({}, now=NOW).apply(images())] == ['api', 'team/backend', 'team/tools/linter', 'web']


def test_older_than_90_days_sorted_by_update_defaults_to_newest_first():
    sel = ImageSelection({'older_than': '90d', 'sort': 'updated'}, now=NOW)
    assert [i['name'] for i in sel.apply(images())] == ['team/backend', 'api']


def test_newer_than_and_include_exclude_match_whole_names():
    sel = ImageSelection({'newer_than': '150d', 'include': 'team/.*', 'exclude': ['team/tools/.*']}, now=NOW)
    assert [i['name'] for i in sel.apply(images())] == ['team/backend']
    # Whole names: "team" alone matches nothing.
    assert ImageSelection({'include': ['team']}, now=NOW).apply(images()) == []


def test_include_string_is_one_pattern_never_split_at_commas():
    sel = ImageSelection({'include': 'w{1,3}eb'}, now=NOW)
    assert [i['name'] for i in sel.apply(images())] == ['web']


def test_pull_count_sort_and_limit():
    sel = ImageSelection({'sort': 'pull_count', 'limit': 2}, now=NOW)
    assert [i['name'] for i in sel.apply(images())] == ['api', 'web']
    sel = ImageSelection({'sort': 'pull_count', 'order': 'asc', 'limit': 1}, now=NOW)
    assert [i['name'] for i in sel.apply(images())] == ['team/tools/linter']


def test_image_without_time_is_dropped_by_time_filters():
    undated = [normalize_image({'name': 'x'})]
    assert ImageSelection({'older_than': '1d'}, now=NOW).apply(undated) == []
    assert ImageSelection({}, now=NOW).apply(undated) == undated


@pytest.mark.parametrize('options, option', [
    ({'include': ['(']}, 'include'),
    ({'exclude': 5}, 'exclude'),
    ({'older_than': 'last year'}, 'older_than'),
    ({'newer_than': '1d', 'older_than': '2d'}, 'newer_than'),
    ({'sort': 'semver'}, 'sort'),
    ({'order': 'up'}, 'order'),
    ({'limit': -1}, 'limit'),
    ({'name': ['Web']}, 'name'),
    ({'name': ['team//app']}, 'name'),
])
def test_bad_options_name_the_option(options, option):
    with pytest.raises(NcrError) as err:
        ImageSelection(options, now=NOW)
    assert err.value.option == option
    assert str(err.value).startswith(option + ':')


# ---------------------------------------------------------------- terms and patterns

@pytest.mark.parametrize('term, expected', [
    ('my-registry/web', ('my-registry', 'web', None)),
    ('my-registry/team/app', ('my-registry', 'team/app', None)),
    ('my-registry/*', ('my-registry', None, '*')),
    ('my-registry/team/*', ('my-registry', None, 'team/*')),
    ('my-registry/web-[0-9]?', ('my-registry', None, 'web-[0-9]?')),
])
def test_terms(term, expected):
    assert parse_term(term) == expected


@pytest.mark.parametrize('term, option, fragment', [
    ('', '_terms', 'is empty'),
    ('   ', '_terms', 'is empty'),
    (None, '_terms', 'is empty'),
    ('*', '_terms', 'no registry part'),
    ('web', '_terms', "term 'web': must be REGISTRY/IMAGE"),
    ('/*', 'registry', "term '/*': registry:"),
    ('*/web', 'registry', 'registry:'),
    ('Bad_Registry/*', 'registry', 'registry:'),
    ('my-registry/', 'image', 'image part is empty'),
    ('my-registry/Web*', 'image', 'not an image name pattern'),
    ('my-registry/web?page=2', 'image', 'not an image name pattern'),
    ('my-registry/[ab', 'image', 'not an image name pattern'),
    ('my-registry/web app', 'image', 'image:'),
])
def test_bad_terms_name_the_term_and_option(term, option, fragment):
    with pytest.raises(NcrError) as err:
        parse_term(term)
    assert err.value.option == option
    assert fragment in str(err.value)


def test_matching_is_fnmatch_on_whole_names_and_star_crosses_slashes():
    names = ['web', 'api', 'team/backend', 'team/tools/linter', 'teams']
    assert matching('*', names) == sorted(names)
    assert matching('team/*', names) == ['team/backend', 'team/tools/linter']
    assert matching('te?ms', names) == ['teams']
    assert matching('nothing*', names) == []
    assert matching('Web', names) == []


# ---------------------------------------------------------------- the facade over a fake server

@pytest.fixture
def ncr():
    fake = FakeImages(max_page_size=2)
    specs = (('web', 1, 50), ('api', 200, 900), ('team/backend', 100, 10), ('team/tools/linter', 10, 0), ('empty', 300, 0))
    for index, (name, days, pulls) in enumerate(specs):
        fake.add_full_image('reg', name, NOW_MS - days * DAY_MS, pulls,
                            tags=[make_tag('t%d' % i, NOW_MS - i * DAY_MS, index=i + 10 * index) for i in range(index + 1)])
    fake.registries = [current_registry('reg'), current_registry('other-reg'), current_registry('third-reg')]
    return fake


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


def test_images_tags_of_a_pattern_one_listing_per_image(ncr):
    client, dummy = client_for(ncr, page_size=100)
    names = _api.pattern_images(client, 'reg', 'team/*')
    assert names == ['team/backend', 'team/tools/linter']
    answers = _api.images_tags(client, Selection({}), 'reg', names)
    assert [(image, result['count']) for image, result in answers] == [('team/backend', 3), ('team/tools/linter', 4)]
    # The registry listed once; each image listed once (pages of 2: 2 pages each), nothing else.
    assert len([r for r in ncr.requests if r.startswith('/ncr/api/v2/repositories/reg?page=1&')]) == 1
    tag_requests = sorted(r for r in ncr.requests if '/tags?' in r)
    assert tag_requests == ['/ncr/api/v2/repositories/reg/%s/tags?page=%d&pagesize=100' % (image, page)
                            for image in ('team%2Fbackend', 'team%2Ftools%2Flinter') for page in (1, 2)]
    assert len(ncr.requests) == 3 + len(tag_requests)


def test_images_tags_404_for_one_image_is_its_result(ncr):
    client, dummy = client_for(ncr)
    del ncr.data['reg']['api']
    answers = dict(_api.images_tags(client, Selection({}), 'reg', ['api', 'web']))
    assert isinstance(answers['api'], NcrError) and answers['api'].status == 404
    assert "Image 'api' does not exist" in str(answers['api'])
    assert answers['web']['count'] == 1


def test_images_tags_other_failure_fails_the_whole_call(ncr):
    client, dummy = client_for(ncr, retries=0)
    ncr.faults = [lambda prepared: response(500, {'error': {'errorCode': '900', 'message': 'boom'}}, request=prepared)]
    with pytest.raises(NcrError, match='HTTP 500'):
        _api.images_tags(client, Selection({}), 'reg', ['api', 'web', 'empty', 'team/backend'])


def test_images_side_by_side_keep_within_concurrency(ncr):
    """At most `concurrency` requests in flight in all, however many images and pages."""
    for index in range(12):
        ncr.add_full_image('reg', 'many-%02d' % index, NOW_MS, tags=[make_tag('t%d' % i, NOW_MS, index=i) for i in range(7)])
    lock, state = threading.Lock(), {'now': 0, 'peak': 0}
    original = ncr.page

    def slow(prepared, items, query):
        with lock:
            state['now'] += 1
            state['peak'] = max(state['peak'], state['now'])
        time.sleep(0.01)
        with lock:
            state['now'] -= 1
        return original(prepared, items, query)
    ncr.page = slow
    client, dummy = client_for(ncr, concurrency=4, page_size=2)
    names = _api.pattern_images(client, 'reg', 'many-*')
    answers = _api.images_tags(client, Selection({}), 'reg', names)
    assert len(answers) == 12 and all(result['count'] == 7 for _image, result in answers)
    assert 2 <= state['peak'] <= 4

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._api import image_tags, prepare
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._connection import connection_settings
from ansible_collections.ncloud.ncr.plugins.module_utils._endpoints import registry_host
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, ENDPOINT, SECRET, FakeNcr, client_for, make_tag


@pytest.fixture
def ncr():
    fake = FakeNcr()
    fake.add_image('my-registry', 'team/app', [make_tag('v1.0.0', 1700000000000, index=1),
                                               make_tag('v1.4.2', 1710000000000, index=2),
                                               make_tag('latest', 1720000000000, index=3)])
    fake.add_image('my-registry', 'empty', [])
    return fake


def run(ncr, registry='my-registry', image='team/app', **options):
    client, _sleeps = client_for(ncr)
    return image_tags(client, Selection(options), registry, image)


def test_result_shape(ncr):
    result = run(ncr)
    assert sorted(result) == ['count', 'image', 'latest', 'names', 'registry', 'registry_host', 'tags', 'total', 'warnings']
    assert result['warnings'] == []
    assert result['registry_host'] == 'my-registry.kr.ncr.ntruss.com'
    assert result['names'] == ['latest', 'v1.4.2', 'v1.0.0']
    assert result['latest']['name'] == 'latest' and result['latest']['last_updated'] == '2024-07-03T09:46:40Z'
    assert (result['total'], result['count'], result['registry'], result['image']) == (3, 3, 'my-registry', 'team/app')


def test_exact_tags_use_one_detail_request_each(ncr):
    result = run(ncr, tag=['v1.4.2', 'v9.9.9', 'latest'])
    assert sorted(ncr.requests) == ['/ncr/api/v2/repositories/my-registry/team%2Fapp/tags/latest',
                                    '/ncr/api/v2/repositories/my-registry/team%2Fapp/tags/v1.4.2',
                                    '/ncr/api/v2/repositories/my-registry/team%2Fapp/tags/v9.9.9']
    assert result['found'] is False and result['missing'] == ['v9.9.9']
    assert result['names'] == ['latest', 'v1.4.2'] and result['total'] is None


def test_exact_tags_all_present(ncr):
    result = run(ncr, tag=['v1.0.0'])
    assert (result['found'], result['missing'], result['names']) == (True, [], ['v1.0.0'])
    assert len(ncr.requests) == 1


def test_exact_tags_of_a_missing_image_is_an_error_not_missing(ncr):
    with pytest.raises(NcrError) as err:
        run(ncr, image='nope', tag=['v1'])
    assert "Image 'nope' does not exist in registry 'my-registry'" in str(err.value)


def test_exact_tags_all_missing_in_existing_image(ncr):
    result = run(ncr, tag=['v7.0.0', 'v8.0.0'])
    assert (result['found'], result['missing'], result['names'], result['latest']) == (False, ['v7.0.0', 'v8.0.0'], [], None)
    assert len(ncr.requests) == 3


def test_unknown_registry_and_image_are_named(ncr):
    with pytest.raises(NcrError) as err:
        run(ncr, registry='no-such-registry')
    assert str(err.value).startswith("Registry 'no-such-registry' does not exist")
    assert err.value.status == 404
    with pytest.raises(NcrError) as err:
        run(ncr, image='team/nothing')
    assert str(err.value).startswith("Image 'team/nothing' does not exist in registry 'my-registry'")


def test_invalid_names_send_no_request(ncr):
    with pytest.raises(NcrError, match='^image:'):
        run(ncr, image='../etc/passwd')
    with pytest.raises(NcrError, match='^registry:'):
        run(ncr, registry='Bad')
    assert ncr.requests == []


def test_empty_image(ncr):
    result = run(ncr, image='empty')
    assert (result['total'], result['count'], result['names'], result['latest']) == (0, 0, [], None)


def test_prepare_validates_everything_before_any_request():
    options = dict(endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET, timeout=30, page_size=100, concurrency=4,
                   retries=4, sort='semver', include=['v.*'])
    settings, selection = prepare(options, environ={})
    assert settings.endpoint == ENDPOINT and selection.sort == 'semver'
    with pytest.raises(NcrError, match='^include:'):
        prepare(dict(options, include=['(']), environ={})


@pytest.mark.parametrize('site, region, host', [
    (None, None, 'my-registry.kr.ncr.ntruss.com'),
    ('public', 'sgn', 'my-registry.sg.ncr.ntruss.com'),
    ('public', 'JPN', 'my-registry.jp.ncr.ntruss.com'),
    ('gov', 'KRS', 'my-registry.ncr.gov-ntruss.com'),
    ('fin', None, 'my-registry.ncr.fin-ntruss.com'),
    ('public', 'KRS', None),  # no documented public pull host there: the role asks for resolve_image_registry_host
])
def test_registry_host_follows_site_and_region_even_with_an_endpoint(site, region, host):
    options = dict(endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET, timeout=30, page_size=100, concurrency=4,
                   retries=4, site=site, region=region)
    assert registry_host(connection_settings(options, environ={}), 'my-registry') == host


def test_registry_host_reads_the_vendor_environment():
    options = dict(endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET, timeout=30, page_size=100, concurrency=4, retries=4)
    settings = connection_settings(options, environ={'NCLOUD_SITE': 'public', 'NCLOUD_REGION': 'SGN'})
    assert registry_host(settings, 'web') == 'web.sg.ncr.ntruss.com'


@pytest.fixture
def signed_ncr():
    fake = FakeNcr()
    tags = [make_tag('v1.0.0', 1700000000000, index=1), make_tag('v1.1.0', 1710000000000, index=2),
            make_tag('latest', 1720000000000, index=2)]
    tags.append(make_tag('sha256-%s.sig' % tags[1]['digest'][7:], 1710000001000, index=9))
    fake.add_image('my-registry', 'web', tags)
    return fake


def test_signatures_and_aliases_from_the_listing(signed_ncr):
    result = run(signed_ncr, image='web')
    assert result['names'] == ['latest', 'v1.1.0', 'v1.0.0']  # the signature is not a candidate
    facts = dict((t['name'], (t['signed'], t['aliases'])) for t in result['tags'])
    assert facts == {'latest': (True, ['v1.1.0']), 'v1.1.0': (True, ['latest']), 'v1.0.0': (False, [])}
    assert run(signed_ncr, image='web', signed_only=True)['names'] == ['latest', 'v1.1.0']
    listed = run(signed_ncr, image='web', exclude_digest_tags=False)['tags']
    assert [t['name'][:7] for t in listed] == ['latest', 'sha256-', 'v1.1.0', 'v1.0.0']
    assert 'signed' not in listed[1] and 'aliases' not in listed[1]  # a digest tag has neither


def test_tag_details_know_no_aliases_and_look_up_signatures_only_for_signed_only(signed_ncr):
    result = run(signed_ncr, image='web', tag=['v1.0.0', 'v1.1.0'])
    assert [(t['name'], t['signed'], t['aliases']) for t in result['tags']] == [('v1.1.0', None, None), ('v1.0.0', None, None)]
    assert len(signed_ncr.requests) == 2
    del signed_ncr.requests[:]
    result = run(signed_ncr, image='web', tag=['v1.0.0', 'v1.1.0'], signed_only=True)
    assert (result['names'], result['found'], result['tags'][0]['signed']) == (['v1.1.0'], True, True)
    # One detail request per named tag, then one per found tag's signature name (v1.0.0's answers 404).
    assert len(signed_ncr.requests) == 4
    assert sum('/tags/sha256-' in path for path in signed_ncr.requests) == 2


@pytest.mark.parametrize('fields, keys', [
    (['name'], ['name']),
    (['last_updated', 'name', 'digest', 'name'], ['digest', 'last_updated', 'name']),
    (['signed', 'aliases', 'name'], ['aliases', 'name', 'signed']),
    # A key no tag has here is left out, as in the complete result.
    (['name', 'unreadable', 'platform_digest'], ['name']),
])
def test_fields_keep_only_those_keys_and_nothing_else_changes(ncr, fields, keys):
    full = run(ncr)
    lean = run(ncr, fields=fields)
    assert [sorted(tag) for tag in lean['tags']] == [keys] * 3
    assert lean['latest'] == lean['tags'][0]
    assert [dict((k, t[k]) for k in keys) for t in full['tags']] == lean['tags']
    for name in ('names', 'count', 'total', 'registry', 'image', 'registry_host', 'warnings'):
        assert lean[name] == full[name], name


def test_fields_with_exact_tags_keep_found_and_missing(ncr):
    result = run(ncr, tag=['v1.4.2', 'v9.9.9'], fields=['digest'])
    assert (result['found'], result['missing'], result['names']) == (False, ['v9.9.9'], ['v1.4.2'])
    assert result['tags'] == [{'digest': run(ncr, tag=['v1.4.2'])['tags'][0]['digest']}]


@pytest.mark.parametrize('fields, fragment', [
    (['name', 'size'], "fields: unknown tag key(s) 'size'; known: name, digest"),
    ('name', 'fields: must be a list of tag keys'),
    ([1], 'fields: must be a list of tag keys'),
])
def test_bad_fields_are_refused_naming_the_option(fields, fragment):
    with pytest.raises(NcrError) as caught:
        Selection(dict(fields=fields))
    assert fragment in str(caught.value)
    assert caught.value.option == 'fields'

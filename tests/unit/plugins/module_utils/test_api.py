# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._api import image_tags, prepare
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
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
    assert sorted(result) == ['count', 'image', 'latest', 'names', 'registry', 'tags', 'total']
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

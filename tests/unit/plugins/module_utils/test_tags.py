# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import json

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._tags import TAG_FIELDS, normalize_tag, unreadable_warnings
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import make_tag


def test_normalize_tag_every_field_kept_renamed_and_converted():
    raw = make_tag('v1', platforms=('linux/amd64', 'linux/arm64/v8'))
    out = normalize_tag(raw)
    assert set(out) == set(raw) | {'platforms'}
    assert out['last_updated'] == '2024-03-31T23:41:28Z'
    assert out['platforms'] == ['linux/amd64', 'linux/arm64/v8']
    image = out['images'][1]
    assert 'mediaType' not in image and image['media_type'] == 'application/vnd.docker.container.image.v1+json'
    assert image['latest_pulled'] is None and image['created'] == '2024-03-31T23:41:28Z'
    assert image['platform'] == 'linux/arm64/v8' and image['variant'] == 'v8'
    assert raw['images'][0]['mediaType'], 'the raw tag is not modified'


def test_normalize_tolerates_missing_or_odd_images():
    assert normalize_tag({'name': 'x'}) == {'name': 'x', 'images': [], 'platforms': []}
    assert normalize_tag({'name': 'x', 'images': 'odd'})['images'] == []
    assert normalize_tag({'name': 'x', 'images': [1, {'os': 'linux'}]})['platforms'] == ['linux']


def test_an_unreadable_time_is_null_and_named_not_a_failure():
    raw = make_tag('v1', 10 ** 20, platforms=('linux/amd64', 'linux/arm64'))
    raw['images'][1]['latest_pulled'] = 'yesterday'
    out = normalize_tag(raw)
    assert out['last_updated'] is None and out['images'][0]['created'] is None
    assert out['unreadable'] == ['images[0].created', 'images[0].updated', 'images[1].created', 'images[1].latest_pulled',
                                 'images[1].updated', 'last_updated']
    # "Never" is not unreadable.
    assert 'unreadable' not in normalize_tag(dict(make_tag('v2'), last_updated=0))
    assert 'unreadable' not in normalize_tag({'name': 'v3', 'last_updated': None, 'images': [{'latest_pulled': '0'}]})


def test_unreadable_warnings_name_the_listing_and_the_tags():
    tags = [normalize_tag(make_tag('v%d' % i, 10 ** 20 if i % 2 else 1711928488000)) for i in range(10)]
    warnings = unreadable_warnings('my-registry/web', tags)
    assert len(warnings) == 1
    assert warnings[0].startswith('my-registry/web: 5 tag(s) have times')
    assert 'v1 (images[0].created, images[0].updated, last_updated), v3 (' in warnings[0]
    assert warnings[0].count(' (images') == 3 and 'v7' not in warnings[0] and ' and 2 more. ' in warnings[0]
    assert unreadable_warnings('my-registry/web', [normalize_tag(make_tag('v1'))]) == []


@pytest.mark.parametrize('name, shown', [
    ('a' * 129, "'%s'... (129 characters)" % ('a' * 40)),
    ('x' * 10 ** 6, '(1000000 characters)'),
    ('bad name', "'bad name'"),
    ('.hidden', "'.hidden'"),
    ('-x', "'-x'"),
    ('', "''"),
    ('v1\r\nX-Injected: 1', r"'v1\r\nX-Injected: 1'"),
    ('v1\u00e9', "'v1\u00e9'"),
    (None, "'NoneType'"),
    (12, "'int'"),
])
def test_a_tag_name_no_registry_accepts_fails_the_answer(name, shown):
    with pytest.raises(NcrError) as err:
        normalize_tag(dict(make_tag('v1'), name=name))
    message = str(err.value)
    assert 'not a valid tag name' in message and shown in message
    assert 'refused as a whole' in message
    assert len(message) < 400 and '\n' not in message


@pytest.mark.parametrize('name', ['a' * 128, '_x', 'V1.0-rc_1', '1'])
def test_valid_tag_names_pass(name):
    assert normalize_tag(dict(make_tag('v1'), name=name))['name'] == name


def test_values_tags_repeat_are_kept_once():
    # Each tag as the JSON decoder gives it: equal values, distinct objects.
    first, second = (json.loads(json.dumps(make_tag(name, 1700000000000, index=i))) for i, name in enumerate(('a1', 'b2')))
    assert first['creator'] is not second['creator']
    one, two = normalize_tag(first), normalize_tag(second)
    for key in ('creator', 'last_updater'):
        assert one[key] == first[key] and one[key] is two[key], key
    for key in ('os', 'architecture', 'media_type', 'platform'):
        assert one['images'][0][key] is two['images'][0][key], key
    # A single-platform tag's image digest and size are the tag's own objects.
    assert one['images'][0]['digest'] is one['digest'] and one['images'][0]['size'] is one['full_size']


def test_sharing_never_changes_a_type():
    tag = {'name': 'v1', 'digest': None, 'full_size': True, 'creator': 1, 'images': [{'digest': None, 'size': 1, 'os': 'linux'}]}
    out = normalize_tag(tag)
    assert [(type(out['images'][0][key]), out['images'][0][key]) for key in ('digest', 'size')] == [(type(None), None), (int, 1)]
    assert (type(out['full_size']), type(out['creator'])) == (bool, int)


def test_fields_the_api_does_not_have_are_dropped_as_the_page_is_read():
    tag = dict(make_tag('v1', platforms=('linux/amd64', 'linux/arm64')), junk='x' * 1000, signed=True, unreadable=['x'],
               aliases=['forged'])
    tag['images'][0]['junk'] = 'y' * 1000
    out = normalize_tag(tag)
    assert set(out) <= set(TAG_FIELDS)
    assert 'junk' not in out and 'signed' not in out and 'aliases' not in out and 'unreadable' not in out
    assert 'junk' not in out['images'][0]
    assert out['images'][0]['media_type'] == 'application/vnd.docker.container.image.v1+json'
    # What the API does have is all there.
    assert set(out) == {'name', 'digest', 'full_size', 'id', 'image_id', 'creator', 'last_updated', 'last_updater',
                        'repository', 'v2', 'images', 'platforms'}

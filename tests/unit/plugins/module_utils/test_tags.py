# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._tags import iso_utc, normalize_tag
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import make_tag


@pytest.mark.parametrize('value, expected', [
    (1711928488000, '2024-03-31T23:41:28Z'),
    ('1711928488000', '2024-03-31T23:41:28Z'),
    (1711928488000.0, '2024-03-31T23:41:28Z'),
    ('2024-04-01T09:41:28+09:00', '2024-04-01T00:41:28Z'),
    ('2024-04-01T00:41:28Z', '2024-04-01T00:41:28Z'),
    ('2024-04-01 00:41:28', '2024-04-01T00:41:28Z'),
    (0, None), ('0', None), (None, None), ('', None), (True, None), ('yesterday', None), ([1], None),
])
def test_iso_utc(value, expected):
    assert iso_utc(value) == expected


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

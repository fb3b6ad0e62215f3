# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Property-based tests: names become one signed path segment; any JSON body gives a result or an NcrError."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from hypothesis import HealthCheck, given, settings, strategies as st

from ansible_collections.ncloud.ncr.plugins.module_utils._api import image_tags
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._options import IMAGE_RE, REGISTRY_RE, validate_names
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.plugins.module_utils._signing import signature_v2
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, SECRET, FakeNcr, client_for, make_tag, response

try:
    from urllib.parse import unquote
except ImportError:  # pragma: no cover
    from urllib import unquote  # type: ignore

image_names = st.from_regex(IMAGE_RE, fullmatch=True).filter(lambda n: len(n) <= 255)
registry_names = st.from_regex(REGISTRY_RE, fullmatch=True)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(registry=registry_names, image=image_names)
def test_any_valid_image_is_one_signed_path_segment(registry, image):
    ncr = FakeNcr()
    ncr.add_image(registry, image, [make_tag('v1')])
    client, _sleeps = client_for(ncr)
    result = image_tags(client, Selection({}), registry, image)
    assert result['names'] == ['v1'], 'the fake verified the signature over the bytes sent and found the image'
    sent = ncr.requests[0]
    path, _sep, query = sent.partition('?')
    segments = path.split('/')
    assert segments[:5] == ['', 'ncr', 'api', 'v2', 'repositories'] and segments[7:] == ['tags']
    assert segments[5] == registry
    assert unquote(segments[6]) == image and '/' not in segments[6]
    headers = ncr.headers_seen[0]
    assert headers['x-ncp-apigw-signature-v2'] == signature_v2('GET', sent, headers['x-ncp-apigw-timestamp'], ACCESS, SECRET)
    assert query == 'page=1&pagesize=100'


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2 ** 53, max_value=2 ** 53) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20)
tag_like = st.fixed_dictionaries({'name': st.text(min_size=1, max_size=12)}, optional={
    'last_updated': json_values, 'digest': json_values, 'images': json_values | st.lists(
        st.dictionaries(st.sampled_from(['os', 'architecture', 'variant', 'digest', 'created', 'mediaType']), json_values, max_size=6),
        max_size=3)})
envelopes = st.fixed_dictionaries({}, optional={
    'count': json_values | st.integers(min_value=0, max_value=5), 'next': json_values | st.none() | st.integers(0, 4),
    'previous': json_values, 'results': json_values | st.lists(tag_like, max_size=4)})


@FAST
@given(bodies=st.lists(json_values | envelopes, min_size=1, max_size=4),
       options=st.fixed_dictionaries({}, optional={'sort': st.sampled_from(['updated', 'name', 'semver', 'none']),
                                                   'include_prerelease': st.booleans(), 'older_than': st.just('1d'),
                                                   'platform': st.just('linux/amd64')}))
def test_any_json_body_gives_a_result_or_a_clear_error(bodies, options):
    ncr = FakeNcr()
    ncr.add_image('my-registry', 'app', [])
    answers = list(bodies)
    ncr.faults = [lambda req, body=body: response(200, text=json.dumps(body), request=req) for body in answers] + \
        [lambda req: response(200, {'count': 0, 'next': None, 'results': []}, request=req)] * 20
    client, _sleeps = client_for(ncr, concurrency=2)
    try:
        result = image_tags(client, Selection(options), 'my-registry', 'app')
    except NcrError as exc:
        assert str(exc) and 'Traceback' not in str(exc)
        return
    assert result['count'] == len(result['tags']) == len(result['names']) <= result['total']
    assert len(set(result['names'])) == result['count'], 'never a doubled tag'


durations = st.from_regex(r'\A\s*\d{1,30}\s*[smhdw]\s*\Z')
iso_like = st.builds('{0:04d}-{1:02d}-{2:02d}T{3:02d}:00:00{4}'.format, st.integers(0, 9999), st.integers(0, 13),
                     st.integers(0, 32), st.integers(0, 25), st.sampled_from(['', 'Z', '+01:00', '-14:00', '+23:59']))


@FAST
@given(bound=durations | iso_like | st.text(max_size=40), option=st.sampled_from(['newer_than', 'older_than']))
def test_any_time_bound_gives_a_bound_or_an_error_naming_its_option(bound, option):
    try:
        Selection({option: bound})
    except NcrError as exc:
        assert exc.option == option and str(exc).startswith(option + ':')


@FAST
@given(name=image_names, tail=st.sampled_from(['\n', ' ', '\t', '\r\n', '/', '\x00']))
def test_a_valid_name_with_trailing_junk_is_refused(name, tail):
    with pytest.raises(NcrError, match='^image:'):
        validate_names('my-registry', name + tail)

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Property-based tests: names become one signed path segment; any JSON body gives a result or an NcrError."""

import json
import re
from urllib.parse import unquote

import pytest

from hypothesis import HealthCheck, given, settings, strategies as st

from ansible_collections.ncloud.ncr.plugins.module_utils._api import image_tags
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._names import IMAGE_RE, REGISTRY_RE, validate_names
from ansible_collections.ncloud.ncr.plugins.module_utils._ranges import Range
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.plugins.module_utils._signing import signature_v2
from ansible_collections.ncloud.ncr.plugins.module_utils._versions import docker_comparable, docker_key, parse_docker, parse_semver
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, SECRET, FakeNcr, client_for, make_tag, response

# Built from IMAGE_RE's parts rather than st.from_regex(IMAGE_RE), which took ~20 s per test to draw 150 names.
_alnum = st.text('abcdefghijklmnopqrstuvwxyz0123456789', min_size=1, max_size=12)
_component = st.builds(lambda first, rest: first + ''.join(sep + part for sep, part in rest),
                       _alnum, st.lists(st.tuples(st.sampled_from(['.', '_', '__', '-', '--', '---']), _alnum), max_size=3))
image_names = st.lists(_component, min_size=1, max_size=4).map('/'.join).filter(IMAGE_RE.match)
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


# Version ranges and Docker-style ordering.
_numbers = st.sampled_from(['0', '1', '2', '3', '10'])
_pres = st.sampled_from(['alpha', 'beta.2', 'rc.1', '0', '1'])
_xrs = st.one_of(_numbers, _numbers, st.sampled_from(['x', 'X', '*']))


@st.composite
def partials(draw):
    parts = [draw(_xrs)]
    for dummy in range(draw(st.integers(0, 2))):
        # node-semver 7.8 refuses a number after an X (1.x.3); keep to what every 7.x reads alike.
        parts.append(draw(st.sampled_from(['x', '*'])) if parts[-1] in ('x', 'X', '*') else draw(_xrs))
    text = '.'.join(parts)
    if len(parts) == 3 and draw(st.booleans()):
        text += '-' + draw(_pres)
    return draw(st.sampled_from(['', '', 'v'])) + text


simples = st.builds('{0}{1}{2}'.format, st.sampled_from(['', '<', '<=', '>', '>=', '=', '~', '~>', '^']),
                    st.sampled_from(['', '', ' ']), partials())
comparator_sets = st.one_of(st.lists(simples, min_size=1, max_size=3).map(' '.join),
                            st.builds('{0} - {1}'.format, partials(), partials()), st.just(''))
ranges = st.lists(comparator_sets, min_size=1, max_size=3).map(' || '.join)
tag_names = st.one_of(
    st.builds('{0}{1}.{2}.{3}{4}'.format, st.sampled_from(['', 'v']), _numbers, _numbers, _numbers,
              st.sampled_from(['', '', '-alpha', '-beta.2', '-rc.1', '-0', '+b1'])),
    st.builds('{0}{1}{2}'.format, st.lists(_numbers, min_size=1, max_size=4).map('.'.join),
              st.sampled_from(['', '', 'b1', 'rc1']), st.sampled_from(['', '', '-alpine', '-slim', '-alpine3.19'])),
    st.sampled_from(['latest', 'abc1234', 'stable', '1234567', 'sha256-' + 'a' * 64 + '.sig']))
tag_lists = st.lists(st.builds(lambda name, day: {'name': name, 'digest': 'sha256:' + 'b' * 64,
                                                  'last_updated': '2024-01-%02dT00:00:00Z' % day},
                               tag_names, st.integers(1, 28)), max_size=12, unique_by=lambda t: t['name'])


@FAST
@given(text=ranges, tags=tag_lists, sort=st.sampled_from(['semver', 'version']), order=st.sampled_from(['desc', 'asc']),
       include_prerelease=st.booleans())
def test_a_range_selects_a_subset_in_the_same_order(text, tags, sort, order, include_prerelease):
    options = {'sort': sort, 'order': order, 'include_prerelease': include_prerelease}
    everything = [t['name'] for t in Selection(options).apply(tags)]
    ranged = [t['name'] for t in Selection(dict(options, version_range=text)).apply(tags)]
    assert ranged == [name for name in everything if name in set(ranged)], 'a subsequence of the unranged selection'
    assert set(ranged) <= set(everything)


def _comparable(name, docker):
    if docker:
        parsed = parse_docker(name)
        return parsed and docker_comparable(parsed)
    return parse_semver(name)


@FAST
@given(sets=st.lists(comparator_sets, min_size=2, max_size=4), names=st.lists(tag_names, min_size=1, max_size=10),
       docker=st.booleans())
def test_or_is_the_union_of_its_comparator_sets(sets, names, docker):
    whole, parts = Range(' || '.join(sets), docker=docker), [Range(text, docker=docker) for text in sets]
    for name in names:
        version = _comparable(name, docker)
        if version is not None:
            assert whole.satisfied_by(version) is any(part.satisfied_by(version) for part in parts)


def _renovate_parse(name):
    """Renovate's docker ``_parse``, written out from its documented rules, independent of _versions.py."""
    if re.match(r'[a-f0-9]{7,40}\Z', name) and not re.match(r'[0-9]+\Z', name):
        return None
    prefix, _sep, suffix = (name[1:] if name.startswith('v') else name).partition('-')
    match = re.match(r'([0-9]+(?:\.[0-9]+)*)([A-Za-z0-9_]*)\Z', prefix)
    return match and ([int(n) for n in match.group(1).split('.')], match.group(2), suffix)


def _renovate_compare(a, b):
    """Renovate's docker ``_compare`` (code point order standing in for localeCompare)."""
    (release_a, pre_a, suffix_a), (release_b, pre_b, suffix_b) = a, b
    for x, y in zip(release_a, release_b):
        if x != y:
            return x - y
    if len(release_a) != len(release_b):
        return 1 if len(release_a) < len(release_b) else -1  # the shorter is greater
    if pre_a != pre_b:
        if not pre_a or not pre_b:
            return 1 if not pre_a else -1
        return -1 if pre_a < pre_b else 1
    return (suffix_b > suffix_a) - (suffix_b < suffix_a)  # reversed: no suffix is highest


def _sign(number):
    return (number > 0) - (number < 0)


@FAST
@given(names=st.lists(tag_names, min_size=1, max_size=15, unique=True), seed=st.randoms(use_true_random=False))
def test_docker_order_is_a_total_preorder_with_a_name_tie_break(names, seed):
    versions = [n for n in names if parse_docker(n) is not None]
    assert versions == [n for n in names if _renovate_parse(n) is not None]
    for a in versions:
        for b in versions:
            ka, kb = docker_key(parse_docker(a)), docker_key(parse_docker(b))
            assert (ka > kb) - (ka < kb) == _sign(_renovate_compare(_renovate_parse(a), _renovate_parse(b)))
    tags = [{'name': n, 'last_updated': '2024-01-01T00:00:00Z'} for n in names]
    first = [t['name'] for t in Selection({'sort': 'version'}).apply(tags)]
    shuffled = list(tags)
    seed.shuffle(shuffled)
    assert [t['name'] for t in Selection({'sort': 'version'}).apply(shuffled)] == first
    assert [t['name'] for t in Selection({'sort': 'version', 'order': 'asc'}).apply(shuffled)] == first[::-1]
    assert sorted(first) == sorted(versions)


@FAST
@given(text=st.text(max_size=30) | st.text(alphabet='0123456789.xX*-+<>=~^| vab\t', max_size=30) | ranges)
def test_any_version_range_parses_or_is_refused_naming_the_option(text):
    try:
        Selection({'version_range': text})
    except NcrError as exc:
        assert exc.option == 'version_range' and str(exc).startswith('version_range:')


@FAST
@given(name=st.from_regex(r'\A[vV]?[0-9a-fA-F._]{0,12}(-[a-z0-9.-]{0,6})?\Z') | tag_names | st.text(max_size=12))
def test_docker_parsing_agrees_with_renovates_rules(name):
    parsed, expected = parse_docker(name), _renovate_parse(name)
    assert (parsed is None) == (expected is None)
    if parsed is not None:
        assert (len(parsed.release), parsed.prerelease, parsed.suffix) == (len(expected[0]), expected[1], expected[2])

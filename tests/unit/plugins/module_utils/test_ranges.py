# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""node-semver ranges: ``satisfies(version, range)`` with default options, every form of range.bnf.

The expected values are node-semver 7's (``semver.satisfies``); the invalid ranges are ones
``new semver.Range()`` refuses too.
"""

import pytest
from hypothesis import given, strategies as st

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._ranges import Range
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.plugins.module_utils._versions import docker_comparable, parse_docker, parse_semver
from ansible_collections.ncloud.ncr.tests.unit.strategies import FAST, comparator_sets, ranges, tag_lists, tag_names


def satisfies(version, text):
    parsed = parse_semver(version)
    assert parsed is not None, '%r is a SemVer version' % version
    return Range(text).satisfied_by(parsed)


def docker_satisfies(tag, text):
    parsed = parse_docker(tag)
    assert parsed is not None, '%r is a Docker-style version' % tag
    return Range(text, docker=True).satisfied_by(docker_comparable(parsed))


SATISFIES = [
    # plain comparators
    ('1.2.3', '1.2.3', True), ('1.2.4', '1.2.3', False), ('1.2.3', '=1.2.3', True), ('1.2.2', '=1.2.3', False),
    ('1.2.4', '>1.2.3', True), ('1.2.3', '>1.2.3', False), ('1.2.3', '>=1.2.3', True), ('1.2.2', '>=1.2.3', False),
    ('1.2.2', '<1.2.3', True), ('1.2.3', '<1.2.3', False), ('1.2.3', '<=1.2.3', True), ('1.2.4', '<=1.2.3', False),
    ('10.0.0', '>9.0.0', True), ('1.10.0', '>1.9.0', True), ('1.2.10', '<1.2.9', False),
    # spaces are AND, || is OR
    ('1.5.0', '>=1.2.3 <2.0.0', True), ('2.0.0', '>=1.2.3 <2.0.0', False), ('1.2.2', '>=1.2.3 <2.0.0', False),
    ('1.5.0', '>1.0.0 <1.5.0', False),
    ('1.2.3', '1.2.3 || 2.0.0', True), ('2.0.0', '1.2.3 || 2.0.0', True), ('1.2.4', '1.2.3 || 2.0.0', False),
    ('3.1.0', '<1.0.0 || >=3.0.0 <4.0.0', True), ('0.9.0', '<1.0.0 || >=3.0.0 <4.0.0', True),
    ('2.0.0', '<1.0.0 || >=3.0.0 <4.0.0', False), ('1.0.0', '1.0.0||2.0.0', True), ('2.0.0', '1.0.0  ||  2.0.0', True),
    ('1.2.3', '  >=1.0.0    <2.0.0  ', True), ('5.0.0', '1.x || >=4 <6', True),
    # hyphen ranges
    ('1.2.3', '1.2.3 - 2.3.4', True), ('2.3.4', '1.2.3 - 2.3.4', True), ('2.3.5', '1.2.3 - 2.3.4', False),
    ('1.2.2', '1.2.3 - 2.3.4', False), ('1.2.0', '1.2 - 2.3.4', True), ('1.1.9', '1.2 - 2.3.4', False),
    ('1.0.0', '1 - 2.3.4', True), ('2.3.9', '1.2.3 - 2.3', True), ('2.4.0', '1.2.3 - 2.3', False),
    ('2.4.0-0', '1.2.3 - 2.3', False), ('2.9.9', '1.2.3 - 2', True), ('3.0.0', '1.2.3 - 2', False),
    ('0.0.0', '* - 2', True), ('9.0.0', '1.2.3 - *', True), ('1.2.2', '1.2.3 - *', False),
    ('1.5.0', '1.x - 2.x', True), ('2.9.0', '1.x - 2.x', True), ('3.0.0', '1.x - 2.x', False),
    ('2.3.4-beta', '1.2.3 - 2.3.4-beta', True), ('2.3.4', '1.2.3 - 2.3.4-beta', False),
    ('1.2.3-beta', '1.2.3-alpha - 1.2.3', True), ('1.5.0-beta', '1.2.3-alpha - 2.0.0', False),
    ('1.5.0', '1.2.3 - 2.3.4 || 3', True), ('3.9.0', '1.2.3 - 2.3.4 || 3', True), ('1.2.3', 'v1.2.3 - v2', True),
    # X-ranges
    ('1.0.0', '1.x', True), ('1.99.99', '1.x', True), ('2.0.0', '1.x', False), ('0.9.9', '1.X', False),
    ('1.2.0', '1.2.*', True), ('1.2.99', '1.2.x', True), ('1.3.0', '1.2.*', False), ('1.1.9', '1.2.X', False),
    ('0.0.0', '*', True), ('99.0.0', 'x', True), ('1.2.3', 'X', True), ('1.2.3', '', True), ('1.2.3', '   ', True),
    ('3.0.0', '1.*.*', False), ('1.7.0', '1.x.x', True), ('1.2.9', '1.2.x-beta', True),
    ('1.2.3', '>=*', True), ('1.2.3', '=*', True), ('1.2.3', '<=x', True), ('1.2.3', '~*', True), ('1.2.3', '^*', True),
    # tilde
    ('1.2.3', '~1.2.3', True), ('1.2.9', '~1.2.3', True), ('1.3.0', '~1.2.3', False), ('1.2.2', '~1.2.3', False),
    ('1.2.0', '~1.2', True), ('1.3.0', '~1.2', False), ('1.0.0', '~1', True), ('1.9.9', '~1', True),
    ('2.0.0', '~1', False), ('0.2.5', '~0.2.3', True), ('0.3.0', '~0.2.3', False), ('1.2.5', '~>1.2.3', True),
    ('1.3.0', '~>1.2.3', False), ('1.2.9', '~1.2.x', True), ('1.5.0', '~1.x', True), ('1.3.0-0', '~1.2', False),
    ('1.2.3-beta.4', '~1.2.3-beta.2', True), ('1.2.4-beta', '~1.2.3-beta.2', False), ('1.2.4', '~1.2.3-beta.2', True),
    # caret
    ('1.2.3', '^1.2.3', True), ('1.9.9', '^1.2.3', True), ('2.0.0', '^1.2.3', False), ('1.2.2', '^1.2.3', False),
    ('2.0.0-0', '^1.2.3', False), ('0.2.3', '^0.2.3', True), ('0.2.9', '^0.2.3', True), ('0.3.0', '^0.2.3', False),
    ('0.0.3', '^0.0.3', True), ('0.0.4', '^0.0.3', False), ('0.0.2', '^0.0.3', False),
    ('1.2.0', '^1.2.x', True), ('1.9.0', '^1.2.x', True), ('2.0.0', '^1.2.x', False), ('1.1.9', '^1.2.x', False),
    ('0.0.0', '^0.0.x', True), ('0.0.9', '^0.0.x', True), ('0.1.0', '^0.0.x', False), ('0.0.5', '^0.0', True),
    ('0.1.0', '^0.0', False), ('0.9.9', '^0', True), ('1.0.0', '^0', False), ('0.0.0', '^0.0.0', True),
    ('0.0.1', '^0.0.0', False), ('0.5.0', '^0.x', True), ('1.0.0', '^0.x', False), ('1.5.0', '^1', True),
    ('0.2.5', '^0.2', True), ('0.3.0', '^0.2', False), ('1.2.3-beta.4', '^1.2.3-beta.2', True),
    ('1.2.4-beta.2', '^1.2.3-beta.2', False), ('1.2.3-beta.1', '^1.2.3-beta.2', False), ('1.8.0', '^1.2.3-beta.2', True),
    ('0.0.3-beta.1', '^0.0.3-beta', True), ('0.0.4-0', '^0.0.3-beta', False),
    # partial versions
    ('1.0.0', '1', True), ('1.5.5', '1', True), ('2.0.0', '1', False), ('1.2.0', '1.2', True), ('1.2.7', '1.2', True),
    ('1.3.0', '1.2', False), ('1.2.9', '>1.2', False), ('1.3.0', '>1.2', True), ('1.9.9', '>1', False),
    ('2.0.0', '>1', True), ('1.1.9', '<1.2', True), ('1.2.0', '<1.2', False), ('1.2.0-0', '<1.2', False),
    ('1.2.0', '>=1.2', True), ('1.1.9', '>=1.2', False), ('1.2.99', '<=1.2', True), ('1.3.0', '<=1.2', False),
    ('0.9.9', '<1', True), ('1.0.0', '<1', False), ('1.9.9', '<=1', True), ('2.0.0', '<=1', False),
    ('1.0.0', '=1', True), ('1.2.5', '=1.2', True), ('1.3.0', '=1.2', False),
    # nothing
    ('0.0.0', '>*', False), ('1.2.3', '<*', False), ('1.2.3', '>x', False), ('1.2.3', '<X', False),
    ('0.0.0-0', '>*', False), ('1.2.3', '>* || 1.2.3', True),
    ('9007199254740991.0.0', '>=9007199254740991.0.0', True), ('9007199254740990.0.0', '>=9007199254740991', False),
    # spaces after operators
    ('1.2.3', '>= 1.2.3', True), ('1.2.2', '>= 1.2.3', False), ('1.2.4', '> 1.2.3 < 1.3', True), ('1.2.3', '<=  1.2.3', True),
    ('1.2.5', '~ 1.2.3', True), ('1.9.0', '^ 1.2.3', True), ('2.0.0', '^ 1.2.3', False), ('1.2.3', '= 1.2.3', True),
    # leading v in tags and in ranges
    ('v1.2.3', '1.2.3', True), ('v1.2.3', '>=1.0.0 <2', True), ('1.2.3', 'v1.2.3', True), ('1.2.3', '>=v1.2.3', True),
    ('1.2.3', '=v1.2.3', True), ('1.9.0', '^v1.2.3', True), ('1.2.9', '~v1.2', True), ('1.5.0', 'v1.x', True),
    ('v2.0.0', '^v1.2.3', False),
    # build metadata is ignored on both sides
    ('1.2.3+build.5', '1.2.3', True), ('1.2.3', '1.2.3+build.5', True), ('1.2.3+a', '=1.2.3+b', True),
    ('1.2.3+a', '>1.2.3', False), ('1.2.4+a', '>1.2.3+zzz', True), ('1.2.3-beta+a', '1.2.3-beta+b', True),
    # the prerelease rule
    ('1.2.3-alpha.7', '>1.2.3-alpha.3', True), ('3.0.0', '>1.2.3-alpha.3', True), ('3.4.5-alpha.9', '>1.2.3-alpha.3', False),
    ('1.2.3-alpha.2', '>1.2.3-alpha.3', False), ('1.2.3-alpha.3', '>1.2.3-alpha.3', False),
    ('1.2.3-beta', '<1.2.3', False), ('1.2.3-beta', '<=1.2.3', False), ('1.2.3-beta', '=1.2.3', False),
    ('1.2.3-beta', '1.2.3', False), ('1.2.2', '<1.2.3', True), ('1.0.0-beta', '*', False), ('1.0.0-beta', '', False),
    ('1.5.0-beta', '1.x', False), ('1.5.0-beta', '>=1.0.0', False), ('1.2.3-beta', '=1.2.3-beta', True),
    ('1.2.3-beta.10', '>=1.2.3-beta.2 <1.2.3', True), ('1.2.3-beta.10', '>=1.2.3-beta.2 <1.2.3 || 2', True),
    ('2.0.0-rc.1', '>=1.0.0 <2.0.0-rc.2', True), ('2.0.0-rc.3', '>=1.0.0 <2.0.0-rc.2', False),
    ('1.5.0-rc.1', '>=1.0.0 <2.0.0-rc.2', False), ('1.2.3-beta', '>=1.0.0 || =1.2.3-beta', True),
    ('1.2.3-alpha', '>1.2.3-0', True), ('1.2.3-0', '>=1.2.3-0', True), ('1.2.3-1', '>1.2.3-alpha', False),
    ('1.2.3-beta', '>1.2.3-alpha', True), ('1.2.3-alpha.beta', '>1.2.3-alpha.1', True),
    ('1.2.3-alpha', '>1.2.3-alpha.1', False), ('1.2.4-alpha', '1.2.3-beta - 1.2.4-beta', True),
    ('1.2.4-gamma', '1.2.3-beta - 1.2.4-beta', False), ('1.0.0-Beta', '>1.0.0-alpha', False),
    ('1.0.0-1', '<1.0.0-alpha', True), ('1.0.0-10', '>1.0.0-9', True), ('1.0.0-alpha.10', '>1.0.0-alpha.9', True),
    ('1.0.0-alpha.1', '>1.0.0-alpha', True), ('1.0.0-rc.1', '^1.0.0-beta || ^2', True),
    # other whitespace separates comparators too
    ('1.5.0', '>=1.2.3\t<2.0.0', True), ('2.5.0', '>=1.2.3\n<2.0.0', False),
]
INVALID = [
    ('>=1.2.3 <', 9), ('foo', 1), ('1.2.3.4', 1), ('01.2.3', 1), ('>=01.2.3', 3), ('1.02', 1), ('1.2-beta', 1),
    ('>=1.2.3<2', 3), ('1 | 2', 3), ('1.2.3 || 9007199254740992', 10), ('>=1.2.9007199254740992', 3),
    ('1.2.3 -', 7), ('- 1.2.3', 1), ('1.2.3 - 2.3.4 - 5', 7), ('1.2.3 -2.3.4', 7), ('V1.2.3', 1), ('>>1.2.3', 2),
    ('==1.2.3', 2), ('1.2.3-', 1), ('1.2.3-01', 1), ('1.2.3+', 1), ('~', 1), ('^ ', 1),
    ('>=1.2.3 || <', 12), ('1.0.0 ||| 2.0.0', 9), ('>=1.2.3 - 2', 1), ('!=1.2.3', 1), ('1.2.3 2.0.0,', 7),
    ('1.2.3 1.2.3a', 7), ('1.\u0662.3', 1), ('\u0661.2.3', 1), ('1.2.3 ~> ', 7), ('1..2', 1), ('1.2.', 1),
]


@pytest.mark.parametrize('version, text, expected', SATISFIES)
def test_satisfies(version, text, expected):
    assert satisfies(version, text) is expected


def test_one_range_matches_many_versions():
    allowed = Range('^1.2.3 || ~0.4.1 || 3.x')
    names = ['0.4.0', '0.4.1', '0.4.9', '0.5.0', '1.2.2', '1.2.3', '1.99.0', '2.0.0', '3.0.0', '3.9.9', '4.0.0', '3.1.0-rc.1']
    assert [n for n in names if allowed.satisfied_by(parse_semver(n))] == ['0.4.1', '0.4.9', '1.2.3', '1.99.0', '3.0.0', '3.9.9']


def test_long_numbers_in_a_version_compare_without_int():
    huge = '1' + '0' * 5000 + '.0.0'
    assert satisfies(huge, '>=9007199254740991.0.0')
    assert not satisfies(huge, '<9007199254740991')
    assert not satisfies('9' * 4999 + '.0.0', '^1.2.3')


@pytest.mark.parametrize('text, position', INVALID)
def test_invalid_range_names_the_option_and_the_place(text, position):
    with pytest.raises(NcrError) as info:
        Range(text)
    message = str(info.value)
    assert message.startswith('version_range:'), message
    assert info.value.option == 'version_range'
    assert 'at character %d,' % position in message, message


@pytest.mark.parametrize('value', [None, 1, 1.2, ['1.2.3'], {'>=': '1.0.0'}, b'1.2.3', True])
def test_a_range_that_is_not_a_string_is_refused(value):
    with pytest.raises(NcrError, match='^version_range: must be a string') as info:
        Range(value)
    assert info.value.option == 'version_range'


def test_the_error_names_the_option_it_was_given_for():
    with pytest.raises(NcrError, match='^allowed_versions: .*at character 5,') as info:
        Range('>=1 ? 2', option='allowed_versions')
    assert info.value.option == 'allowed_versions'


DOCKER = [
    # missing release parts read as 0
    ('1.25', '>=1.25.0 <1.26', True), ('1.25', '>1.25.3', False), ('1.25', '1.25.0', True), ('1.25', '~1.25', True),
    ('1.26', '>=1.25.0 <1.26', False), ('2', '^2.0.0', True), ('18.04', '18.4.0', True), ('18.04', '>18.3', True),
    ('v1.25', '=1.25.0', True),
    # a suffix is not a prerelease
    ('1.25.3-alpine', '>1.25.2', True), ('1.25.3-alpine', '1.25.3', True), ('1.25.3-rc1', '>=1.25.3', True),
    ('1.25.3-slim-bookworm', '^1.25', True), ('1.25.3-alpine', '<1.25.3', False),
    # 3.7.0b1 is a prerelease of 3.7.0
    ('3.7.0b1', '>=3.0', False), ('3.7.0b1', '*', False), ('3.7.0b1', '>=3.7.0-a', True), ('3.7.0b1', '>=3.7.0-c', False),
    ('3.7.0b1', '<3.7.0', False), ('3.7.0b1', '>=3.7.0-a <3.7.0', True), ('3.7b1', '>=3.7.0-a', True),
    # four-part releases
    ('1.2.3.4', '>1.2.3', True), ('1.2.3.4', '<1.2.4', True), ('1.2.3.4', '=1.2.3', False), ('1.2.3.4', '~1.2.3', True),
    ('1.2.3.4', '<=1.2.3', False), ('1.2.3.0', '=1.2.3', True), ('1.2.3.0', '>1.2.3', False), ('1.2.4.0', '>1.2.3', True),
    ('1.2.3.4.5', '1.2.x', True), ('1.3.0.1', '1.2.x', False),
]


@pytest.mark.parametrize('tag, text, expected', DOCKER)
def test_docker_style_versions_under_ranges(tag, text, expected):
    assert docker_satisfies(tag, text) is expected


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


@FAST
@given(text=st.text(max_size=30) | st.text(alphabet='0123456789.xX*-+<>=~^| vab\t', max_size=30) | ranges)
def test_any_version_range_parses_or_is_refused_naming_the_option(text):
    try:
        Selection({'version_range': text})
    except NcrError as exc:
        assert exc.option == 'version_range' and str(exc).startswith('version_range:')

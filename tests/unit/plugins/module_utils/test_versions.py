# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tag names as versions: Renovate's docker versioning, SemVer's ASCII digits and long numbers, digest tags."""

import random
import re

import pytest
from hypothesis import given, strategies as st

from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.plugins.module_utils._versions import (
    DIGEST_RE, collation_key, digest_tag, docker_key, is_compatible, is_prerelease, num, parse_docker, parse_semver,
    semver_key)
from ansible_collections.ncloud.ncr.tests.unit.strategies import FAST, tag_names

HEX = 'deadbeef' * 8  # 64 lower-case hex digits


def release(text):
    return tuple(num(part) for part in text.split('.'))


@pytest.mark.parametrize('name, expected', [
    ('1234567', ('1234567', '', '')),  # all digits: never a commit hash
    ('v1.2', ('1.2', '', '')),
    ('18.04', ('18.4', '', '')),
    ('1.2.3.4', ('1.2.3.4', '', '')),
    ('3.7.0b1', ('3.7.0', 'b1', '')),
    ('1.2.3-rc1', ('1.2.3', '', 'rc1')),  # a hyphen starts the suffix, never a prerelease
    ('1.25.3-slim-bookworm', ('1.25.3', '', 'slim-bookworm')),
    ('1.25.3-alpine3.19', ('1.25.3', '', 'alpine3.19')),
    ('3.7.0b1-alpine', ('3.7.0', 'b1', 'alpine')),
    ('1.2_3', ('1.2', '_3', '')),
    ('2', ('2', '', '')),
    ('v1234567', ('1234567', '', '')),
    ('12345a', ('12345', 'a', '')),  # six characters: too short for a hash
    ('1234567g', ('1234567', 'g', '')),  # g is not hex
    ('1' + 'a' * 40, ('1', 'a' * 40, '')),  # 41 characters: too long for a hash
    ('1' * 41, ('1' * 41, '', '')),
    ('1.2.3-', ('1.2.3', '', '')),  # Renovate splits at the hyphen: an empty suffix
    ('1.0-a-b-c', ('1.0', '', 'a-b-c')),
])
def test_docker_versions(name, expected):
    parsed = parse_docker(name)
    assert parsed is not None
    assert (parsed.release, parsed.prerelease, parsed.suffix) == (release(expected[0]), expected[1], expected[2])


@pytest.mark.parametrize('name', [
    'latest', 'stable', 'abc1234', 'deadbeef', '1234567a', '123456a', 'a' * 40, '1' + 'a' * 39, 'ABC1234', 'V1.2',
    'vv1.2', 'v', '', 'foo', '1.', '.1', '1..2', '1.2.3.', 'a1.2', '1.2 ', ' 1.2', '1.2.3\n', 'sha256-' + HEX + '.sig',
    'sha256-' + HEX, '1\u0660', '\u0661.2', '1.\u0662', '\uff11.2', '1.2\u00b2', '1.2.3+build', '1.2.3.b1',
])
def test_not_docker_versions(name):
    assert parse_docker(name) is None


# Each list is ascending under Renovate's docker versioning.
DOCKER_ASCENDING = [
    ['1.2.3', '1.2'],  # the shorter release wins on a prefix
    ['1.2.0', '1.2.3', '1.2', '1.3.0', '1.3', '2.0.0.0', '2'],
    ['3.7.0-alpine', '3.7-alpine'],
    ['3.8.0-alpine', '3.8.0'],
    ['3.7.0b1', '3.7.0'],
    ['3.7.0a1', '3.7.0b1', '3.7.0rc1', '3.7.0'],
    ['1.9', '1.10', '1.11', '2'],
    ['1.0-b', '1.0-a', '1.0'],  # suffixes compare reversed, none highest
    ['1.0-alpine3.19', '1.0-alpine'],
    ['1.0b1', '1.0-alpine', '1.0'],  # a prerelease is below no prerelease before suffixes count
    ['1.0.0', '1.0.1b1', '1.0.1'],
    ['1.2.0', '1.2b1', '1.2'],  # the release decides first: 1.2b1 is above 1.2.0
    ['0.9', '1.0.0-alpine', '1.0.0'],
    ['9' * 4999 + '.0.0', '1' + '0' * 5000 + '.0.0'],
    ['1.2.3-rc1', '1.2.3'],  # rc1 is a suffix here, still below none
]


@pytest.mark.parametrize('names', DOCKER_ASCENDING)
def test_docker_order(names):
    keys = [docker_key(parse_docker(n)) for n in names]
    for lower, higher in zip(keys, keys[1:]):
        assert lower < higher
    shuffled = list(names)
    random.Random(len(names)).shuffle(shuffled)
    assert sorted(shuffled, key=lambda n: docker_key(parse_docker(n))) == names


# Real tag lists (Docker Hub's php, python and node images), ascending as Renovate's docker versioning sorts them:
# the order its comparison gives under Node's localeCompare (ICU), recorded once. PHP writes alpha and beta in lower
# case and RC in upper case: RC6 is above beta4 (a code point order would put every RC below every beta).
RENOVATE_ASCENDING = {
    'php': [
        '7.3.11-fpm-buster', '7.4.0alpha1-fpm-buster', '7.4.0alpha3-fpm-buster', '7.4.0beta1-fpm-buster',
        '7.4.0beta4-fpm-buster', '7.4.0RC1-fpm-buster', '7.4.0RC5-fpm-buster', '7.4.0RC6-zts-buster',
        '7.4.0RC6-fpm-buster', '7.4.0RC6-fpm-alpine', '7.4.0RC6-fpm', '7.4.0RC6-cli-buster', '7.4.0RC6',
        '7.4.0-fpm-buster', '7.4.1-fpm-buster', '7.4-fpm-buster', '7-fpm-buster', '8.0.0alpha1-fpm-buster',
        '8.0.0RC1-fpm-buster',
    ],
    'python': [
        '3.12.7-slim-bookworm', '3.13.0a6-slim-bookworm', '3.13.0b1-slim-bookworm', '3.13.0b4-slim-bookworm',
        '3.13.0rc1-slim-bookworm', '3.13.0rc2-slim-bookworm', '3.13.0rc2-slim', '3.13.0rc2-bookworm',
        '3.13.0rc2-alpine3.20', '3.13.0rc2', '3.13.0-slim-bookworm', '3.13.1-slim-bookworm', '3.13-slim-bookworm',
        '3.14.0a1-slim-bookworm', '3.14.0rc1-slim-bookworm',
    ],
    'node': [
        '20.17.0-alpine3.20', '22.9.0-slim', '22.9.0-bookworm-slim', '22.9.0-bookworm', '22.9.0-alpine3.20',
        '22.9.0-alpine3.19', '22.9.0-alpine', '22.9.0', '22.9-alpine', '22.10.0-alpine3.20', '22-alpine',
        '23.0.0-alpine3.20',
    ],
    'suffixes': [
        '1.0-b', '1.0-alpine3', '1.0-alpine.edge', '1.0-alpine-edge', '1.0-alpine_edge', '1.0-ALPINE', '1.0-Alpine',
        '1.0-alpinE', '1.0-alpine', '1.0-A', '1.0-_x', '1.0',
    ],
    'prereleases': [
        '1.0_a', '1.0a', '1.0A', '1.0b1', '1.0B1', '1.0beta', '1.0beta10', '1.0BETA2', '1.0rc_1', '1.0rc1', '1.0Rc1',
        '1.0RC1', '1.0rc10', '1.0rc9',
    ],
}


@pytest.mark.parametrize('image', sorted(RENOVATE_ASCENDING))
def test_docker_order_of_real_tag_lists_is_renovates(image):
    names = RENOVATE_ASCENDING[image]
    for seed in range(3):
        shuffled = list(names)
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled, key=lambda n: docker_key(parse_docker(n))) == names


def test_php_rc_is_above_beta_whatever_the_case():
    assert docker_key(parse_docker('7.4.0beta4-fpm-buster')) < docker_key(parse_docker('7.4.0RC6-fpm-buster'))
    assert docker_key(parse_docker('7.4.0RC6-fpm-buster')) < docker_key(parse_docker('7.4.0-fpm-buster'))
    # Equal but for the case: lower case first, as ICU's last (tertiary) level decides; never equal.
    assert docker_key(parse_docker('7.4.0rc6')) < docker_key(parse_docker('7.4.0RC6'))


# Sorted by Node's String.prototype.localeCompare (ICU 78, en-US), recorded once.
LOCALE_COMPARE_ASCENDING = [
    '_x', 'a-', 'a.', 'a0', 'aA', 'Aa', 'alpha3', 'alpine', 'Alpine', 'ALPINE', 'alpine_edge', 'alpine-edge',
    'alpine3.19', 'b', 'B', 'beta4', 'rc10', 'rc6', 'Rc6', 'RC6', 'rc9',
]


def test_collation_key_is_locale_compare():
    for seed in range(3):
        shuffled = list(LOCALE_COMPARE_ASCENDING)
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled, key=collation_key) == LOCALE_COMPARE_ASCENDING


@pytest.mark.parametrize('a, b', [('18.04', '18.4'), ('v1.2', '1.2'), ('007', '7'), ('1.2.3-', '1.2.3'),
                                  ('v3.7.0b1-alpine', '3.7.00b1-alpine')])
def test_docker_equal_keys(a, b):
    assert docker_key(parse_docker(a)) == docker_key(parse_docker(b))


@pytest.mark.parametrize('candidate, current, expected', [
    ('1.26.0-alpine', '1.25.3-alpine', True),
    ('1.26.0', '1.25.3-alpine', False),
    ('1.26-alpine', '1.25.3-alpine', False),
    ('1.26.0-alpine3.19', '1.25.3-alpine', False),
    ('1.26.0b1-alpine', '1.25.3-alpine', True),
    ('1.26', '1.25', True),
    ('1.26.0', '1.25', False),
    ('2.0.0', '1.25.3', True),
    ('1.25.3-slim-bookworm', '1.25.3-slim-bookworm', True),
    ('1.25.3-slim', '1.25.3-slim-bookworm', False),
])
def test_is_compatible(candidate, current, expected):
    assert is_compatible(parse_docker(candidate), parse_docker(current)) is expected


@pytest.mark.parametrize('name', ['1\u0660.0.0', '\u0661.0.0', '1.\u0662.0', '1.0.\u0663', '1.0.0-\u0661', '1.0.0-rc.\u0661',
                                  '1.0.0+\u0661', '\uff11.0.0', '1.0.0-\u00b2'])
def test_semver_digits_are_ascii_only(name):
    assert parse_semver(name) is None and semver_key(name) is None and not is_prerelease(name)


def test_semver_numbers_longer_than_int_converts():
    big, smaller = '1' + '0' * 5000, '9' * 4999
    assert semver_key(big + '.0.0') > semver_key(smaller + '.0.0') > semver_key('9007199254740993.0.0')
    assert semver_key('0.' + big + '.0') > semver_key('0.' + smaller + '.0') > semver_key('0.1.0')
    assert semver_key('0.0.' + big) > semver_key('0.0.' + smaller) and semver_key('0.0.' + big) == semver_key('v0.0.' + big)
    assert semver_key('1.0.0-' + '1' + '0' * 5000) > semver_key('1.0.0-' + '9' * 4999) > semver_key('1.0.0-9')
    assert semver_key('1.0.0-' + '9' * 5000) < semver_key('1.0.0-a') < semver_key('1.0.0')


def test_prerelease_and_build_metadata():
    assert parse_semver('v1.2.3+build.7') == parse_semver('1.2.3')
    assert is_prerelease('1.2.3-0') and is_prerelease('1.2.3-rc.1+b') and not is_prerelease('1.2.3+rc.1')


@pytest.mark.parametrize('suffix', ['.sig', '.att', '.sbom', ''])
def test_digest_tags(suffix):
    found = digest_tag('sha256-' + HEX + suffix)
    assert found is not None and found[0] == HEX and (found[1] or '') == suffix


@pytest.mark.parametrize('name', ['sha256-' + HEX[:63], 'sha256-' + HEX[:63] + '.sig', 'sha256-' + HEX.upper() + '.sig',
                                  'sha256-' + HEX + 'a', 'sha512-' + HEX + '.sig', 'sha256:' + HEX, 'sha256_' + HEX,
                                  'xsha256-' + HEX, '1.2.3', 'latest'])
def test_not_digest_tags(name):
    assert digest_tag(name) is None


@pytest.mark.parametrize('value, expected', [('sha256:' + HEX, True), ('sha256:' + HEX.upper(), False),
                                             ('sha256:' + HEX[:63], False), ('sha256:' + HEX + '\n', False),
                                             ('sha256-' + HEX, False), ('sha512:' + HEX, False)])
def test_digest_pattern(value, expected):
    assert bool(DIGEST_RE.match(value)) is expected


# Each list is strictly ascending in precedence (SemVer 2.0.0, section 11, and the spec's own examples).
ASCENDING = [
    ['1.0.0', '2.0.0', '2.1.0', '2.1.1'],
    ['1.0.0-alpha', '1.0.0'],
    ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11',
     '1.0.0-rc.1', '1.0.0'],
    ['1.9.0', '1.10.0', '1.11.0'],
    ['1.0.0-2', '1.0.0-10', '1.0.0-a', '1.0.0-a.1'],
    ['1.0.0-rc.1', '1.0.0-rc.1.1'],
    ['1.0.0-Z', '1.0.0-a'],
    ['0.0.1', '0.1.0', '1.0.0'],
    ['1.0.0-0.3.7', '1.0.0-x.7.z.92', '1.0.0-x-y-z.--'],
]


@pytest.mark.parametrize('versions', ASCENDING)
def test_semver_precedence(versions):
    keys = [semver_key(v) for v in versions]
    assert all(k is not None for k in keys)
    for lower, higher in zip(keys, keys[1:]):
        assert lower < higher


@pytest.mark.parametrize('a, b', [
    ('1.0.0', '1.0.0+20130313144700'), ('1.0.0-alpha', '1.0.0-alpha+001'), ('1.0.0-beta', '1.0.0-beta+exp.sha.5114f85'),
    ('1.0.0', '1.0.0+21AF26D3----117B344092BD'), ('1.4.2', 'v1.4.2'),
])
def test_build_metadata_and_v_prefix_do_not_change_precedence(a, b):
    assert semver_key(a) == semver_key(b)


@pytest.mark.parametrize('name', ['1.2', '1', 'v1', '01.0.0', '1.02.0', '1.0.0-01', '1.0.0-', '1.0.0+', 'V1.0.0', 'latest',
                                  '1.0.0-alpha..1', '1.0.0-alpha_1', 'version-1.0.0', '1.0.0.0', '2024-03-01', ''])
def test_not_versions(name):
    assert semver_key(name) is None


def test_prerelease_detection():
    assert is_prerelease('1.2.0-rc.1') and is_prerelease('v2.0.0-beta.2')
    assert not is_prerelease('1.2.0') and not is_prerelease('1.2.0+build') and not is_prerelease('latest')


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
@given(name=st.from_regex(r'\A[vV]?[0-9a-fA-F._]{0,12}(-[a-z0-9.-]{0,6})?\Z') | tag_names | st.text(max_size=12))
def test_docker_parsing_agrees_with_renovates_rules(name):
    parsed, expected = parse_docker(name), _renovate_parse(name)
    assert (parsed is None) == (expected is None)
    if parsed is not None:
        assert (len(parsed.release), parsed.prerelease, parsed.suffix) == (len(expected[0]), expected[1], expected[2])

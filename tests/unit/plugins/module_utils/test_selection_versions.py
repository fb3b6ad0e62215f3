# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Selection over versions: sort=version, version_range, compatible_with, digest tags, signatures, aliases, skip."""

import datetime
import hashlib
import random
import re

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection

NOW = datetime.datetime(2026, 11, 28, 12, 0, 0, tzinfo=datetime.timezone.utc)


def hexof(n):
    return '%064x' % n


def tag(name, days_ago=0, digest=None, platform_digests=()):
    """A listing row; its digest defaults to one of its own, unique per name."""
    when = NOW - datetime.timedelta(days=days_ago)
    digest = digest or 'sha256:' + hashlib.sha256(name.encode('utf-8')).hexdigest()
    images = [{'os': 'linux', 'architecture': 'amd64', 'digest': d} for d in platform_digests or (digest,)]
    return {'name': name, 'digest': digest, 'last_updated': when.strftime('%Y-%m-%dT%H:%M:%SZ'), 'images': images}


def names(tags, **options):
    return [t['name'] for t in Selection(options, now=NOW).apply(list(tags))]


VERSIONED = [tag(n, i) for i, n in enumerate([
    'latest', '1.25.3-alpine', '1.25', '1.25.3', 'abc1234', '1.26.0-alpine', '3.7.0b1', '1.9', '1.10', '1.26-alpine',
    'v2', 'nightly', '1.25.4-alpine', '1.2.3.4', 'sha256-' + hexof(7) + '.sig', '1234567', 'V3', '18.04'])]


def test_sort_version_orders_the_docker_way_and_drops_non_versions():
    expected_asc = ['1.2.3.4', '1.9', '1.10', '1.25.3-alpine', '1.25.3', '1.25.4-alpine', '1.25', '1.26.0-alpine',
                    '1.26-alpine', 'v2', '3.7.0b1', '18.04', '1234567']
    assert names(VERSIONED, sort='version', order='asc') == expected_asc
    assert names(VERSIONED, sort='version') == expected_asc[::-1]
    assert names(VERSIONED, sort='version', limit=2) == ['1234567', '18.04']


def test_sort_version_ties_fall_back_to_recency_then_name():
    tied = [tag('18.04', 3), tag('18.4', 1), tag('v18.4', 1), tag('18.3', 0)]
    for seed in range(4):
        random.Random(seed).shuffle(tied)
        assert names(tied, sort='version') == ['v18.4', '18.4', '18.04', '18.3']
        assert names(tied, sort='version', order='asc') == ['18.3', '18.04', '18.4', 'v18.4']


def test_version_range_with_sort_version_reads_docker_versions():
    assert names(VERSIONED, sort='version', order='asc', version_range='>=1.25 <2') == \
        ['1.25.3-alpine', '1.25.3', '1.25.4-alpine', '1.25', '1.26.0-alpine', '1.26-alpine']
    # 3.7.0b1 is a prerelease: a range admits it only through a comparator with a prerelease on 3.7.0.
    assert names(VERSIONED, sort='version', version_range='>=3') == ['1234567', '18.04']
    assert names(VERSIONED, sort='version', version_range='>=3.7.0-a <4') == ['3.7.0b1']


COMPATIBLE = [tag(n, i) for i, n in enumerate([
    '1.25.2-alpine', '1.25.3-alpine', '1.25.4-alpine', '1.26.0-alpine', '1.26.0', '1.26-alpine', '1.25.4-alpine3.19',
    '1.27.0b1-alpine', 'latest', 'alpine'])]


def test_compatible_with_gives_the_next_upgrade_of_the_same_flavour():
    options = dict(sort='version', version_range='>1.25.3', compatible_with='1.25.3-alpine', limit=1)
    assert names(COMPATIBLE, **options) == ['1.26.0-alpine']
    assert names(COMPATIBLE, order='asc', **options) == ['1.25.4-alpine']
    assert names(COMPATIBLE, sort='version', compatible_with='1.25.3-alpine') == \
        ['1.27.0b1-alpine', '1.26.0-alpine', '1.25.4-alpine', '1.25.3-alpine', '1.25.2-alpine']
    assert names(COMPATIBLE, sort='version', compatible_with='1.25-alpine') == ['1.26-alpine']
    assert names(COMPATIBLE, sort='name', compatible_with='1.25.3', order='asc') == ['1.26.0']


def test_compatible_with_and_include_prerelease():
    assert names(COMPATIBLE, sort='version', compatible_with='1.25.3-alpine', include_prerelease=False, limit=1) == \
        ['1.26.0-alpine']


# Docker Hub's php tags when 7.4.0RC6 was the newest, python's when 3.13.0b4 was, and when 3.13.0 was out.
PHP_AT_RC6 = [tag(n, i) for i, n in enumerate([
    '7.3.11-fpm-buster', '7.4.0alpha1-fpm-buster', '7.4.0alpha3-fpm-buster', '7.4.0beta1-fpm-buster',
    '7.4.0beta4-fpm-buster', '7.4.0RC1-fpm-buster', '7.4.0RC5-fpm-buster', '7.4.0RC6-fpm-buster', '7.4.0RC6-cli-buster',
    '7.4-rc-fpm-buster', '8.0.0alpha1-fpm-buster'])]
PYTHON_AT_B4 = [tag(n, i) for i, n in enumerate([
    '3.12.7-slim-bookworm', '3.13.0a6-slim-bookworm', '3.13.0b1-slim-bookworm', '3.13.0b4-slim-bookworm',
    '3.14.0a1-slim-bookworm', '3.13.0b4-alpine3.20'])]
PYTHON_FINAL = [tag(n, i) for i, n in enumerate([
    '3.12.7-slim-bookworm', '3.13.0rc2-slim-bookworm', '3.13.0-slim-bookworm', '3.14.0a1-slim-bookworm'])]


def renovate_upgrade(tags, current):
    """The recipe "the upgrade Renovate would propose": same flavour, above the current tag, the highest."""
    parsed = re.match(r'([0-9.]+)([A-Za-z]\w*)?(-.*)?$', current)
    above = '>' + parsed.group(1) + ('-' + parsed.group(2) if parsed.group(2) else '')
    chosen = names(tags, sort='version', compatible_with=current, version_range=above, limit=1)
    return chosen[0] if chosen else None


# Renovate's answers (docker versioning, ignoreUnstable as by default), recorded from its rules under Node.
@pytest.mark.parametrize('tags, current, expected', [
    (PHP_AT_RC6, '7.4.0RC6-fpm-buster', None),  # not 7.4.0beta4-fpm-buster: RC is above beta
    (PHP_AT_RC6, '7.4.0RC1-fpm-buster', '7.4.0RC6-fpm-buster'),
    (PHP_AT_RC6, '7.4.0beta4-fpm-buster', '7.4.0RC6-fpm-buster'),
    (PHP_AT_RC6, '7.4.0alpha1-fpm-buster', '7.4.0RC6-fpm-buster'),
    (PHP_AT_RC6, '7.3.11-fpm-buster', None),  # from a release, never to a prerelease
    (PYTHON_AT_B4, '3.13.0b1-slim-bookworm', '3.13.0b4-slim-bookworm'),
    (PYTHON_AT_B4, '3.13.0a6-slim-bookworm', '3.13.0b4-slim-bookworm'),
    (PYTHON_AT_B4, '3.13.0b4-slim-bookworm', None),  # not 3.14.0a1: a prerelease of another release
    (PYTHON_AT_B4, '3.12.7-slim-bookworm', None),
    (PYTHON_FINAL, '3.13.0rc2-slim-bookworm', '3.13.0-slim-bookworm'),
    (PYTHON_FINAL, '3.12.7-slim-bookworm', '3.13.0-slim-bookworm'),
])
def test_the_upgrade_renovate_would_propose(tags, current, expected):
    assert renovate_upgrade(tags, current) == expected


def test_an_unstable_current_admits_releases_and_prereleases_of_its_own_release_only():
    # Without a range: every tag of the flavour Renovate could move 7.4.0RC6 to or from, 8.0.0alpha1 left out.
    assert names(PHP_AT_RC6, sort='version', compatible_with='7.4.0RC6-fpm-buster') == [
        '7.4.0RC6-fpm-buster', '7.4.0RC5-fpm-buster', '7.4.0RC1-fpm-buster', '7.4.0beta4-fpm-buster',
        '7.4.0beta1-fpm-buster', '7.4.0alpha3-fpm-buster', '7.4.0alpha1-fpm-buster', '7.3.11-fpm-buster']
    assert names(PYTHON_AT_B4, sort='version', compatible_with='3.13.0b1-slim-bookworm', limit=1) == \
        ['3.13.0b4-slim-bookworm']
    # A release as current keeps every prerelease (include_prerelease decides), as before.
    assert names(PYTHON_AT_B4, sort='version', compatible_with='3.12.7-slim-bookworm', limit=1) == \
        ['3.14.0a1-slim-bookworm']
    assert names(PYTHON_AT_B4, sort='version', compatible_with='3.13.0b1-slim-bookworm', include_prerelease=False) == \
        ['3.12.7-slim-bookworm']


def test_the_same_release_is_the_first_three_parts_as_renovates_major_minor_patch():
    tags = [tag(n) for n in ['1.2.3.4b1', '1.2.3.5b1', '1.2.4.0b1', '1.2.4.0']]
    assert names(tags, sort='version', compatible_with='1.2.3.4b1') == ['1.2.4.0', '1.2.3.5b1', '1.2.3.4b1']
    two = [tag(n) for n in ['1.2b1', '1.2rc1', '1.3b1', '1.3']]
    assert names(two, sort='version', compatible_with='1.2b1') == ['1.3', '1.2rc1', '1.2b1']


DIGEST_A, DIGEST_B, DIGEST_C = 'sha256:' + hexof(0xa), 'sha256:' + hexof(0xb), 'sha256:' + hexof(0xc)
SIGNED = [
    tag('1.0.0', 5, DIGEST_A), tag('stable', 4, DIGEST_A), tag('1.0', 6, DIGEST_A),
    tag('2.0.0', 3, DIGEST_B), tag('edge', 2, DIGEST_C, platform_digests=('sha256:' + hexof(0xc1), 'sha256:' + hexof(0xc2))),
    tag('sha256-' + hexof(0xa) + '.sig', 1, 'sha256:' + hexof(0x5a)),
    tag('sha256-' + hexof(0xb) + '.att', 1, 'sha256:' + hexof(0x5b)),
    tag('sha256-' + hexof(0xa), 0, DIGEST_A),
]


def test_digest_tags_are_left_out_by_default():
    assert names(SIGNED, sort='name', order='asc') == ['1.0', '1.0.0', '2.0.0', 'edge', 'stable']
    assert names(SIGNED, sort='name', order='asc', exclude_digest_tags=True) == names(SIGNED, sort='name', order='asc')
    assert names(SIGNED, sort='name', order='asc', exclude_digest_tags=False) == \
        ['1.0', '1.0.0', '2.0.0', 'edge', 'sha256-' + hexof(0xa), 'sha256-' + hexof(0xa) + '.sig',
         'sha256-' + hexof(0xb) + '.att', 'stable']


def test_signed_when_the_listing_holds_a_sig_tag_for_the_digest():
    chosen = {t['name']: t for t in Selection({}, now=NOW).apply(SIGNED)}
    assert chosen['1.0.0']['signed'] is True and chosen['stable']['signed'] is True and chosen['1.0']['signed'] is True
    assert chosen['2.0.0']['signed'] is False, 'an attestation is not a signature'
    assert chosen['edge']['signed'] is False


def test_signed_only():
    assert names(SIGNED, signed_only=True, sort='name', order='asc') == ['1.0', '1.0.0', 'stable']
    assert names(SIGNED, signed_only=True, sort='semver') == ['1.0.0']
    assert names([t for t in SIGNED if not t['name'].endswith('.sig')], signed_only=True) == []


def test_digest_matches_the_tag_digest_or_a_platform_image_digest():
    assert names(SIGNED, digest=DIGEST_A, sort='name', order='asc') == ['1.0', '1.0.0', 'stable']
    assert names(SIGNED, digest='sha256:' + hexof(0xc2)) == ['edge']
    assert names(SIGNED, digest=DIGEST_C) == ['edge']
    assert names(SIGNED, digest='sha256:' + hexof(0xd)) == []
    assert names(SIGNED, digest=DIGEST_A, exclude_digest_tags=False, sort='name', order='asc') == \
        ['1.0', '1.0.0', 'sha256-' + hexof(0xa), 'stable']


def test_aliases_are_sorted_and_leave_out_the_tag_itself_and_digest_tags():
    chosen = {t['name']: t for t in Selection({}, now=NOW).apply(SIGNED)}
    assert chosen['1.0.0']['aliases'] == ['1.0', 'stable']
    assert chosen['stable']['aliases'] == ['1.0', '1.0.0']
    assert chosen['2.0.0']['aliases'] == [] and chosen['edge']['aliases'] == []


def test_aliases_look_at_the_whole_listing_not_the_selection():
    chosen = Selection({'sort': 'semver'}, now=NOW).apply(SIGNED)
    assert [(t['name'], t['aliases']) for t in chosen] == [('2.0.0', []), ('1.0.0', ['1.0', 'stable'])]


MANY = [tag('t%02d' % i, i) for i in range(25)]


def test_skip_comes_before_limit():
    assert names(MANY, sort='updated', skip=10) == ['t%02d' % i for i in range(10, 25)]
    assert names(MANY, sort='updated', skip=10, limit=3) == ['t10', 't11', 't12']
    assert names(MANY, sort='updated', order='asc', skip=20, limit=10) == ['t04', 't03', 't02', 't01', 't00']
    assert names(MANY, skip=25) == [] and names(MANY, skip=1000, limit=1) == []
    assert names(MANY, skip=0, limit=2) == ['t00', 't01']


PRERELEASES = [tag(n, i) for i, n in enumerate([
    '1.0.0', '1.1.0-beta.1', '1.1.0', '1.2.0-rc.1', '2.0.0-alpha', '2.0.0', 'v2.1.0-rc.2'])]


@pytest.mark.parametrize('version_range', ['*', '>=1.0.0', '>=1.1.0-beta.0 <1.2.0', '^1.2.0-rc.1 || ^2.0.0-alpha',
                                           '>=2.1.0-rc.1 || 1.x', '>=1.1.0-beta.1 <=2.1.0-rc.2'])
@pytest.mark.parametrize('sort', ['semver', 'updated'])
def test_include_prerelease_false_never_widens_a_range(version_range, sort):
    with_prereleases = names(PRERELEASES, sort=sort, version_range=version_range)
    without = names(PRERELEASES, sort=sort, version_range=version_range, include_prerelease=False)
    assert without == [n for n in with_prereleases if '-' not in n]


def test_a_range_admits_prereleases_only_through_a_prerelease_comparator():
    assert names(PRERELEASES, sort='semver', version_range='*') == ['2.0.0', '1.1.0', '1.0.0']
    assert names(PRERELEASES, sort='semver', version_range='^1.2.0-rc.1 || ^2.0.0-alpha') == \
        ['2.0.0', '2.0.0-alpha', '1.2.0-rc.1']
    assert names(PRERELEASES, sort='semver', version_range='>=2.1.0-rc.1') == ['v2.1.0-rc.2']


@pytest.mark.parametrize('options, option', [
    ({'compatible_with': 'latest'}, 'compatible_with'),
    ({'compatible_with': 'abc1234', 'sort': 'version'}, 'compatible_with'),
    ({'compatible_with': 'V1.2'}, 'compatible_with'),
    ({'compatible_with': '1.25.3-alpine', 'sort': 'semver'}, 'compatible_with'),
    ({'digest': 'sha256:' + hexof(1).upper().replace('0', 'A')}, 'digest'),
    ({'digest': 'sha256:' + hexof(1)[:63]}, 'digest'),
    ({'digest': 'sha256-' + hexof(1)}, 'digest'),
    ({'digest': hexof(1)}, 'digest'),
    ({'digest': 'sha512:' + hexof(1)}, 'digest'),
    ({'digest': ['sha256:' + hexof(1)]}, 'digest'),
    ({'skip': -1}, 'skip'),
    ({'skip': True}, 'skip'),
    ({'skip': '3'}, 'skip'),
    ({'limit': -2}, 'limit'),
    ({'version_range': '>=1.2.3 <'}, 'version_range'),
    ({'version_range': 12}, 'version_range'),
])
def test_bad_input_names_the_option(options, option):
    with pytest.raises(NcrError) as info:
        Selection(options, now=NOW)
    assert info.value.option == option and str(info.value).startswith(option + ':')

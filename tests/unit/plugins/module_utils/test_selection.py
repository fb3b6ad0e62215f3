# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import hashlib
import random
import re

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection, names_from

NOW = datetime.datetime(2026, 11, 28, 12, 0, 0, tzinfo=datetime.timezone.utc)


def tag(name, days_ago=0, platforms=(('linux', 'amd64', None),)):
    when = NOW - datetime.timedelta(days=days_ago)
    images = [{'os': o, 'architecture': a, 'variant': v, 'digest': 'sha256:%s-%s%s' % (name, a, v or '')}
              for o, a, v in platforms]
    return {'name': name, 'last_updated': when.strftime('%Y-%m-%dT%H:%M:%SZ'), 'images': images}


TAGS = [
    tag('latest', 1), tag('v1.4.2', 10), tag('1.4.10', 20), tag('1.10.0', 30),
    tag('2.0.0-rc.1', 2, platforms=(('linux', 'amd64', None), ('linux', 'arm64', 'v8'))),
    tag('2.0.0-beta.2', 5), tag('1.2', 40), tag('nightly-20240301', 200),
    tag('sha256-' + 'a' * 64 + '.sig', 3), tag('2024-03-01', 400, platforms=(('linux', 'arm', 'v7'),)),
]


def select(tags=None, **options):
    return [t['name'] for t in Selection(options, now=NOW).apply(list(TAGS if tags is None else tags))]


def test_default_is_most_recently_updated_first():
    assert select(exclude_digest_tags=False)[:3] == ['latest', '2.0.0-rc.1', 'sha256-' + 'a' * 64 + '.sig']
    # By default a cosign signature is never a candidate: the most recent tag after 2.0.0-rc.1 is a version.
    assert select()[:3] == ['latest', '2.0.0-rc.1', '2.0.0-beta.2']
    assert select(order='asc')[0] == '2024-03-01'


def test_semver_sort_drops_non_versions():
    assert select(sort='semver') == ['2.0.0-rc.1', '2.0.0-beta.2', '1.10.0', '1.4.10', 'v1.4.2']
    assert select(sort='semver', include_prerelease=False, limit=1) == ['1.10.0']
    assert select(sort='semver', order='asc') == ['v1.4.2', '1.4.10', '1.10.0', '2.0.0-beta.2', '2.0.0-rc.1']


def test_semver_ties_are_deterministic():
    tied = [tag('1.0.0', 5), tag('v1.0.0', 1), tag('1.0.0+b2', 1), tag('0.9.0', 0)]
    for dummy in range(5):
        random.shuffle(tied)
        # Equal precedence: more recently updated first, then by name (descending).
        assert select(tied, sort='semver') == ['v1.0.0', '1.0.0+b2', '1.0.0', '0.9.0']


def test_name_and_none_sorts():
    assert select(sort='name', order='asc')[:3] == ['1.10.0', '1.2', '1.4.10']
    assert select(sort='none', exclude_digest_tags=False) == [t['name'] for t in TAGS]
    assert select(sort='none', order='asc', exclude_digest_tags=False) == [t['name'] for t in TAGS]
    assert select(sort='none') == [t['name'] for t in TAGS if not t['name'].startswith('sha256-')]


def test_include_is_anchored():
    assert select(include=['1\\.4'], sort='name') == []
    assert select(include=['v?1\\.4\\..*'], sort='name', order='asc') == ['1.4.10', 'v1.4.2']
    assert select(include=['latest', 'nightly-.*'], sort='name', order='asc') == ['latest', 'nightly-20240301']


def test_a_string_is_one_pattern_even_with_a_comma():
    assert select(include='v?\\d{1,3}\\.\\d+\\.\\d+', sort='name', order='asc') == \
        select(include=['v?\\d{1,3}\\.\\d+\\.\\d+'], sort='name', order='asc') != []
    assert 'latest' not in select(exclude='lat.{2,3}t')


def test_exclude_applies_after_include():
    assert select(include=['.*'], exclude=['sha256-.*\\.sig', 'latest', '.*-.*'], sort='name', order='asc') == \
        ['1.10.0', '1.2', '1.4.10', 'v1.4.2']


def test_platform_filter_reports_the_matching_digest():
    chosen = Selection({'platform': 'linux/arm64'}, now=NOW).apply(TAGS)
    assert [t['name'] for t in chosen] == ['2.0.0-rc.1']
    assert chosen[0]['platform_digest'] == 'sha256:2.0.0-rc.1-arm64v8'
    assert select(platform='linux/arm64/v8') == ['2.0.0-rc.1']
    assert select(platform='linux/arm64/v7') == []
    assert select(platform='linux/arm/v7') == ['2024-03-01']
    assert 'platform_digest' not in TAGS[4]


def test_age_filters():
    assert select(older_than='90d', sort='name', order='asc') == ['2024-03-01', 'nightly-20240301']
    assert select(newer_than='1w', sort='name', order='asc', exclude_digest_tags=False) == \
        ['2.0.0-beta.2', '2.0.0-rc.1', 'latest', 'sha256-' + 'a' * 64 + '.sig']
    assert select(newer_than='1w', sort='name', order='asc') == ['2.0.0-beta.2', '2.0.0-rc.1', 'latest']
    assert select(newer_than='36h') == ['latest']
    assert select(newer_than='2026-11-27T00:00:00Z') == ['latest']
    # The tag named 2024-03-01 was last updated 400 days before NOW (2025-10-24), nightly 200 days before (2026-05-12).
    assert select(older_than='2026-01-01', newer_than='2025-01-01') == ['2024-03-01']
    assert select(older_than='2026-07-01', newer_than='2026-01-01') == ['nightly-20240301']
    assert select(newer_than='90m') == []


def test_cleanup_recipe_older_than_90_days_except_releases():
    candidates = select(older_than='90d', exclude=['v?\\d+\\.\\d+\\.\\d+', 'latest'], sort='updated', order='asc')
    assert candidates == ['2024-03-01', 'nightly-20240301']


def test_tags_without_dates_are_dropped_by_age_filters():
    undated = [dict(tag('x'), last_updated=None)]
    assert select(undated, older_than='1d') == [] and select(undated, newer_than='1d') == []
    assert select(undated) == ['x']


def test_exact_tags_found_and_missing():
    selection = Selection({'tag': ['v1.4.2', 'v9.9.9']}, now=NOW)
    assert [t['name'] for t in selection.apply(TAGS)] == ['v1.4.2']
    assert selection.existence(t['name'] for t in TAGS) == {'found': False, 'missing': ['v9.9.9']}
    assert Selection({'tag': ['latest']}).existence(['latest']) == {'found': True, 'missing': []}
    assert selection.by_detail
    assert not Selection({'tag': ['t%d' % i for i in range(21)]}).by_detail
    assert not Selection({}).by_detail


def test_combined_filters():
    assert select(include=['.*\\d.*'], exclude=['sha256-.*'], newer_than='35d', include_prerelease=False,
                  sort='semver', limit=2) == ['1.10.0', '1.4.10']


@pytest.mark.parametrize('options, fragment', [
    ({'include': ['(unclosed']}, "include: invalid regular expression '(unclosed'"),
    ({'exclude': ['[z-a]']}, "exclude: invalid regular expression '[z-a]'"),
    ({'include': [5]}, 'include: each item must be a regular expression string'),
    ({'exclude': {'v1': True}}, 'exclude: must be a regular expression or a list of them'),
    ({'platform': 'linux'}, "platform: 'linux' is not os/arch"),
    ({'platform': 'linux/arm64/v8/x'}, 'platform:'),
    ({'platform': 'Linux/AMD64'}, 'platform:'),
    ({'newer_than': '3 fortnights'}, "newer_than: '3 fortnights' is neither a duration"),
    ({'older_than': '-5d'}, 'older_than:'),
    ({'older_than': '2024-13-45'}, 'older_than:'),
    ({'newer_than': '10d', 'older_than': '20d'}, 'newer_than: and older_than select nothing'),
    ({'newer_than': '1000000d'}, "newer_than: '1000000d' reaches outside the dates"),
    ({'older_than': '99999999999w'}, "older_than: '99999999999w' reaches outside the dates"),
    ({'older_than': '9' * 5000 + 's'}, 'older_than:'),
    ({'older_than': '\u0968d'}, "older_than: '\u0968d' is neither a duration"),
    ({'newer_than': '0001-01-01T00:00:00+01:00'}, 'newer_than:'),
    ({'newer_than': '0001-01-02', 'older_than': '0001-01-01T00:00:00+01:00'}, 'older_than:'),
    ({'sort': 'random'}, 'sort: must be one of'),
    ({'order': 'up'}, 'order: must be one of'),
    ({'limit': -1}, 'limit: must be 0'),
    ({'tag': ['bad tag']}, "tag: 'bad tag' is not a valid tag name"),
    ({'tag': ['.hidden']}, 'tag:'),
])
def test_bad_selection_input(options, fragment):
    with pytest.raises(NcrError) as err:
        Selection(options, now=NOW)
    assert fragment in str(err.value)
    assert err.value.option == str(err.value).split(':', maxsplit=1)[0]


@pytest.mark.parametrize('options', [{}, {'exclude_digest_tags': False}, {'sort': 'name', 'order': 'asc', 'skip': 1, 'limit': 4}])
def test_a_listing_without_filters_skips_the_per_tag_checks_and_keeps_the_same(options):
    digest = 'sha256:' + 'a' * 64
    tags = [dict(t, digest=digest if t['name'] in ('latest', 'v1.4.2') else 'sha256:' + t['name']) for t in TAGS]
    fast = Selection(options, now=NOW)
    slow = Selection(options, now=NOW)
    slow.plain = False
    assert fast.plain
    # Each apply annotates its own copies of the tags.
    assert fast.apply([dict(t) for t in tags]) == slow.apply([dict(t) for t in tags])
    assert [t['name'] for t in fast.apply([dict(t) for t in tags])] == select(tags, **options)


@pytest.mark.parametrize('options', [{'include': 'v.*'}, {'newer_than': '30d'}, {'sort': 'semver'}, {'signed_only': True},
                                     {'platform': 'linux/arm64'}, {'digest': 'sha256:' + 'b' * 64}, {'include_prerelease': False}])
def test_any_filter_takes_the_per_tag_checks(options):
    assert not Selection(options, now=NOW).plain


def hexof(n):
    return '%064x' % n


def listed(name, days_ago=0, digest=None, platform_digests=()):
    """A listing row; its digest defaults to one of its own, unique per name."""
    when = NOW - datetime.timedelta(days=days_ago)
    digest = digest or 'sha256:' + hashlib.sha256(name.encode('utf-8')).hexdigest()
    images = [{'os': 'linux', 'architecture': 'amd64', 'digest': d} for d in platform_digests or (digest,)]
    return {'name': name, 'digest': digest, 'last_updated': when.strftime('%Y-%m-%dT%H:%M:%SZ'), 'images': images}


def names(tags, **options):
    return [t['name'] for t in Selection(options, now=NOW).apply(list(tags))]


VERSIONED = [listed(n, i) for i, n in enumerate([
    'latest', '1.25.3-alpine', '1.25', '1.25.3', 'abc1234', '1.26.0-alpine', '3.7.0b1', '1.9', '1.10', '1.26-alpine',
    'v2', 'nightly', '1.25.4-alpine', '1.2.3.4', 'sha256-' + hexof(7) + '.sig', '1234567', 'V3', '18.04'])]


def test_sort_version_orders_the_docker_way_and_drops_non_versions():
    expected_asc = ['1.2.3.4', '1.9', '1.10', '1.25.3-alpine', '1.25.3', '1.25.4-alpine', '1.25', '1.26.0-alpine',
                    '1.26-alpine', 'v2', '3.7.0b1', '18.04', '1234567']
    assert names(VERSIONED, sort='version', order='asc') == expected_asc
    assert names(VERSIONED, sort='version') == expected_asc[::-1]
    assert names(VERSIONED, sort='version', limit=2) == ['1234567', '18.04']


def test_sort_version_ties_fall_back_to_recency_then_name():
    tied = [listed('18.04', 3), listed('18.4', 1), listed('v18.4', 1), listed('18.3', 0)]
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


COMPATIBLE = [listed(n, i) for i, n in enumerate([
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
PHP_AT_RC6 = [listed(n, i) for i, n in enumerate([
    '7.3.11-fpm-buster', '7.4.0alpha1-fpm-buster', '7.4.0alpha3-fpm-buster', '7.4.0beta1-fpm-buster',
    '7.4.0beta4-fpm-buster', '7.4.0RC1-fpm-buster', '7.4.0RC5-fpm-buster', '7.4.0RC6-fpm-buster', '7.4.0RC6-cli-buster',
    '7.4-rc-fpm-buster', '8.0.0alpha1-fpm-buster'])]


PYTHON_AT_B4 = [listed(n, i) for i, n in enumerate([
    '3.12.7-slim-bookworm', '3.13.0a6-slim-bookworm', '3.13.0b1-slim-bookworm', '3.13.0b4-slim-bookworm',
    '3.14.0a1-slim-bookworm', '3.13.0b4-alpine3.20'])]


PYTHON_FINAL = [listed(n, i) for i, n in enumerate([
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
    tags = [listed(n) for n in ['1.2.3.4b1', '1.2.3.5b1', '1.2.4.0b1', '1.2.4.0']]
    assert names(tags, sort='version', compatible_with='1.2.3.4b1') == ['1.2.4.0', '1.2.3.5b1', '1.2.3.4b1']
    two = [listed(n) for n in ['1.2b1', '1.2rc1', '1.3b1', '1.3']]
    assert names(two, sort='version', compatible_with='1.2b1') == ['1.3', '1.2rc1', '1.2b1']


DIGEST_A = 'sha256:' + hexof(0xa)


DIGEST_B = 'sha256:' + hexof(0xb)


DIGEST_C = 'sha256:' + hexof(0xc)


SIGNED = [
    listed('1.0.0', 5, DIGEST_A), listed('stable', 4, DIGEST_A), listed('1.0', 6, DIGEST_A),
    listed('2.0.0', 3, DIGEST_B), listed('edge', 2, DIGEST_C, platform_digests=('sha256:' + hexof(0xc1), 'sha256:' + hexof(0xc2))),
    listed('sha256-' + hexof(0xa) + '.sig', 1, 'sha256:' + hexof(0x5a)),
    listed('sha256-' + hexof(0xb) + '.att', 1, 'sha256:' + hexof(0x5b)),
    listed('sha256-' + hexof(0xa), 0, DIGEST_A),
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


MANY = [listed('t%02d' % i, i) for i in range(25)]


def test_skip_comes_before_limit():
    assert names(MANY, sort='updated', skip=10) == ['t%02d' % i for i in range(10, 25)]
    assert names(MANY, sort='updated', skip=10, limit=3) == ['t10', 't11', 't12']
    assert names(MANY, sort='updated', order='asc', skip=20, limit=10) == ['t04', 't03', 't02', 't01', 't00']
    assert names(MANY, skip=25) == [] and names(MANY, skip=1000, limit=1) == []
    assert names(MANY, skip=0, limit=2) == ['t00', 't01']


PRERELEASES = [listed(n, i) for i, n in enumerate([
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


def test_names_from_keeps_the_order_given_once_each_and_names_the_unknown():
    assert names_from({'fields': ['b', 'a', 'b']}, 'fields', ('a', 'b'), 'tag key') == ('b', 'a')
    assert names_from({}, 'fields', ('a',), 'tag key') == ()
    with pytest.raises(NcrError, match=r"^fields: unknown tag key\(s\) 'c'; known: a, b"):
        names_from({'fields': ['a', 'c']}, 'fields', ('a', 'b'), 'tag key')
    with pytest.raises(NcrError, match='^fields: must be a list of tag keys'):
        names_from({'fields': 'a'}, 'fields', ('a',), 'tag key')

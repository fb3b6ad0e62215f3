# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import random

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.plugins.module_utils._versions import is_prerelease, semver_key

NOW = datetime.datetime(2026, 11, 28, 12, 0, 0, tzinfo=datetime.timezone.utc)

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

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The selection options tags and images share: counts, choices, platform, found and missing, and
names and times together."""

import datetime

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._criteria import (
    NameAndTime, choice, count, existence, parse_platform)
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError

NOW = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)


def test_count_is_zero_when_unset_and_refuses_what_is_no_count():
    assert count({}, 'limit') == 0 and count({'limit': 3}, 'limit') == 3
    for bad in (-1, True, '3', 1.5):
        with pytest.raises(NcrError, match='^limit: must be 0 or a positive integer'):
            count({'limit': bad}, 'limit')


def test_choice_defaults_and_refuses_an_unknown_value():
    assert choice({}, 'order', ('desc', 'asc'), 'desc') == 'desc'
    with pytest.raises(NcrError, match="^order: must be one of desc, asc, got 'up'"):
        choice({'order': 'up'}, 'order', ('desc', 'asc'), 'desc')


def test_parse_platform_gives_os_arch_and_variant():
    assert parse_platform('linux/arm64/v8') == ('linux', 'arm64', 'v8')
    assert parse_platform(' linux/amd64 ') == ('linux', 'amd64', None)
    assert parse_platform('') is None
    with pytest.raises(NcrError, match='^platform: '):
        parse_platform('linux')


def test_existence_names_what_is_missing_in_the_order_asked():
    assert existence(['b', 'x', 'a', 'y'], ['a', 'b']) == {'found': False, 'missing': ['x', 'y']}
    assert existence(['a'], iter(['a'])) == {'found': True, 'missing': []}


def test_name_and_time_keeps_what_both_keep():
    selection = NameAndTime({'include': 'web.*', 'newer_than': '2d'}, NOW)
    items = [{'name': 'web', 'last_updated': '2024-12-31T00:00:00Z'}, {'name': 'web-old', 'last_updated': '2024-12-01T00:00:00Z'},
             {'name': 'api', 'last_updated': '2024-12-31T00:00:00Z'}, {'name': 'web-undated', 'last_updated': None}]
    named = selection.named(items)
    assert [item['name'] for item in items if selection.keeps(item, named)] == ['web']
    with pytest.raises(NcrError, match='^newer_than: and older_than select nothing'):
        NameAndTime({'newer_than': '1d', 'older_than': '2d'}, NOW)

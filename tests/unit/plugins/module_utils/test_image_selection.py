# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._image_selection import ImageSelection
from ansible_collections.ncloud.ncr.plugins.module_utils._images import normalize_image
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr_images import DAY_MS, NOW_MS, image_item

NOW = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)


def images():
    return [normalize_image(image_item('reg', name, NOW_MS - days * DAY_MS, pulls))
            for name, days, pulls in (('web', 1, 50), ('api', 200, 900), ('team/backend', 100, 10), ('team/tools/linter', 10, 0))]


def test_default_sort_is_name_ascending():
    assert [i['name'] for i in ImageSelection({}, now=NOW).apply(images())] == ['api', 'team/backend', 'team/tools/linter', 'web']


def test_older_than_90_days_sorted_by_update_defaults_to_newest_first():
    sel = ImageSelection({'older_than': '90d', 'sort': 'updated'}, now=NOW)
    assert [i['name'] for i in sel.apply(images())] == ['team/backend', 'api']


def test_newer_than_and_include_exclude_match_whole_names():
    sel = ImageSelection({'newer_than': '150d', 'include': 'team/.*', 'exclude': ['team/tools/.*']}, now=NOW)
    assert [i['name'] for i in sel.apply(images())] == ['team/backend']
    # Whole names: "team" alone matches nothing.
    assert ImageSelection({'include': ['team']}, now=NOW).apply(images()) == []


def test_include_string_is_one_pattern_never_split_at_commas():
    sel = ImageSelection({'include': 'w{1,3}eb'}, now=NOW)
    assert [i['name'] for i in sel.apply(images())] == ['web']


def test_pull_count_sort_and_limit():
    sel = ImageSelection({'sort': 'pull_count', 'limit': 2}, now=NOW)
    assert [i['name'] for i in sel.apply(images())] == ['api', 'web']
    sel = ImageSelection({'sort': 'pull_count', 'order': 'asc', 'limit': 1}, now=NOW)
    assert [i['name'] for i in sel.apply(images())] == ['team/tools/linter']


def test_image_without_time_is_dropped_by_time_filters():
    undated = [normalize_image({'name': 'x'})]
    assert ImageSelection({'older_than': '1d'}, now=NOW).apply(undated) == []
    assert ImageSelection({}, now=NOW).apply(undated) == undated


@pytest.mark.parametrize('options, option', [
    ({'include': ['(']}, 'include'),
    ({'exclude': 5}, 'exclude'),
    ({'older_than': 'last year'}, 'older_than'),
    ({'newer_than': '1d', 'older_than': '2d'}, 'newer_than'),
    ({'sort': 'semver'}, 'sort'),
    ({'order': 'up'}, 'order'),
    ({'limit': -1}, 'limit'),
    ({'name': ['Web']}, 'name'),
    ({'name': ['team//app']}, 'name'),
])
def test_bad_options_name_the_option(options, option):
    with pytest.raises(NcrError) as err:
        ImageSelection(options, now=NOW)
    assert err.value.option == option
    assert str(err.value).startswith(option + ':')

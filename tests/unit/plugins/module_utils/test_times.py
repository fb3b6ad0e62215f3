# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest
from hypothesis import given, strategies as st

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.plugins.module_utils._times import iso_utc
from ansible_collections.ncloud.ncr.tests.unit.strategies import FAST, durations, iso_like


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


@pytest.mark.parametrize('value, expected', [
    # Times outside the years 1 to 9999 cannot be compared or printed: null, not an exception.
    (10 ** 20, None), (str(10 ** 20), None), (253402300800000, None), (253402300799999, '9999-12-31T23:59:59Z'),
    (-62135596800001, None), (-62135596800000, '0001-01-01T00:00:00Z'), (-1000, '1969-12-31T23:59:59Z'),
    (float('inf'), None), (float('nan'), None), (1e300, None), ('9' * 5000, None), ('\u0661\u0662', None),
    ('0001-01-01T00:00:00+01:00', None), ('9999-12-31T23:59:59-01:00', None), ('0005-01-01T00:00:00Z', '0005-01-01T00:00:00Z'),
])
def test_iso_utc_out_of_range(value, expected):
    assert iso_utc(value) == expected


@FAST
@given(bound=durations | iso_like | st.text(max_size=40), option=st.sampled_from(['newer_than', 'older_than']))
def test_any_time_bound_gives_a_bound_or_an_error_naming_its_option(bound, option):
    try:
        Selection({option: bound})
    except NcrError as exc:
        assert exc.option == option and str(exc).startswith(option + ':')

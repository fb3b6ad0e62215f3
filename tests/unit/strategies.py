# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The hypothesis strategies of the property-based unit tests: names, API answers, time bounds, version ranges and
tag names, and the settings they run with (FAST)."""

from hypothesis import HealthCheck, settings, strategies as st

from ansible_collections.ncloud.ncr.plugins.module_utils._names import IMAGE_RE, REGISTRY_RE

# Built from IMAGE_RE's parts rather than st.from_regex(IMAGE_RE), which took ~20 s per test to draw 150 names.
_alnum = st.text('abcdefghijklmnopqrstuvwxyz0123456789', min_size=1, max_size=12)
_component = st.builds(lambda first, rest: first + ''.join(sep + part for sep, part in rest),
                       _alnum, st.lists(st.tuples(st.sampled_from(['.', '_', '__', '-', '--', '---']), _alnum), max_size=3))
image_names = st.lists(_component, min_size=1, max_size=4).map('/'.join).filter(IMAGE_RE.match)
registry_names = st.from_regex(REGISTRY_RE, fullmatch=True)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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


durations = st.from_regex(r'\A\s*\d{1,30}\s*[smhdw]\s*\Z')
iso_like = st.builds('{0:04d}-{1:02d}-{2:02d}T{3:02d}:00:00{4}'.format, st.integers(0, 9999), st.integers(0, 13),
                     st.integers(0, 32), st.integers(0, 25), st.sampled_from(['', 'Z', '+01:00', '-14:00', '+23:59']))


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

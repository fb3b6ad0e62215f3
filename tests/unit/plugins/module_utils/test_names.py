# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest
from hypothesis import given, strategies as st

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._names import (
    matching, parse_term, validate_names, validate_tag_name)
from ansible_collections.ncloud.ncr.tests.unit.strategies import FAST, image_names


@pytest.mark.parametrize('registry', ['ab', 'A-reg', '1reg', 'reg-', 'reg_x', 'r' * 31, '', None, 'reg/x', 'reg name',
                                      'my-registry\n'])
def test_invalid_registry_names(registry):
    with pytest.raises(NcrError) as err:
        validate_names(registry, 'app')
    assert str(err.value).startswith('registry:')


@pytest.mark.parametrize('image', ['', 'App', 'app ', ' app', 'a..b', '../etc', 'app?x', 'app#1', 'app%2F', 'a//b', '/app',
                                   'app/', '-app', 'a' * 256, None, 'app\n', 'team/app\n'])
def test_invalid_image_names(image):
    with pytest.raises(NcrError) as err:
        validate_names('my-registry', image)
    assert str(err.value).startswith('image:')


@pytest.mark.parametrize('image', ['app', 'team/app', 'a/b/c', 'my_app', 'my__app', 'my---app', 'v1.2', 'a' * 255])
def test_valid_image_names(image):
    validate_names('my-registry', image)


@pytest.mark.parametrize('name', ['', '.hidden', '-x', 'a' * 129, 'a b', 'a/b', 'a:b', 'v1.0.0\n'])
def test_invalid_tag_names(name):
    with pytest.raises(NcrError, match='^tag:'):
        validate_tag_name('tag', name)


@pytest.mark.parametrize('term, expected', [
    ('my-registry/web', ('my-registry', 'web', None)),
    ('my-registry/team/app', ('my-registry', 'team/app', None)),
    ('my-registry/*', ('my-registry', None, '*')),
    ('my-registry/team/*', ('my-registry', None, 'team/*')),
    ('my-registry/web-[0-9]?', ('my-registry', None, 'web-[0-9]?')),
])
def test_terms(term, expected):
    assert parse_term(term) == expected


@pytest.mark.parametrize('term, option, fragment', [
    ('', '_terms', 'is empty'),
    ('   ', '_terms', 'is empty'),
    (None, '_terms', 'is empty'),
    ('*', '_terms', 'no registry part'),
    ('web', '_terms', "term 'web': must be REGISTRY/IMAGE"),
    ('/*', 'registry', "term '/*': registry:"),
    ('*/web', 'registry', 'registry:'),
    ('Bad_Registry/*', 'registry', 'registry:'),
    ('my-registry/', 'image', 'image part is empty'),
    ('my-registry/Web*', 'image', 'not an image name pattern'),
    ('my-registry/web?page=2', 'image', 'not an image name pattern'),
    ('my-registry/[ab', 'image', 'not an image name pattern'),
    ('my-registry/web app', 'image', 'image:'),
])
def test_bad_terms_name_the_term_and_option(term, option, fragment):
    with pytest.raises(NcrError) as err:
        parse_term(term)
    assert err.value.option == option
    assert fragment in str(err.value)


def test_matching_is_fnmatch_on_whole_names_and_star_crosses_slashes():
    names = ['web', 'api', 'team/backend', 'team/tools/linter', 'teams']
    assert matching('*', names) == sorted(names)
    assert matching('team/*', names) == ['team/backend', 'team/tools/linter']
    assert matching('te?ms', names) == ['teams']
    assert matching('nothing*', names) == []
    assert matching('Web', names) == []


@FAST
@given(name=image_names, tail=st.sampled_from(['\n', ' ', '\t', '\r\n', '/', '\x00']))
def test_a_valid_name_with_trailing_junk_is_refused(name, tail):
    with pytest.raises(NcrError, match='^image:'):
        validate_names('my-registry', name + tail)

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The core's exceptions: the facts a failed task returns, a failure told anew, bad input naming its option."""

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import ERROR_FACTS, NcrError, NotFound, given, option_error


def test_to_dict_holds_only_the_facts_the_failure_has():
    assert NcrError('connection refused', hint='Hint: check endpoint.').to_dict() == {'hint': 'Hint: check endpoint.'}
    error = NcrError('GET /x failed', status=404, error_code='300', api_message='Not Found Exception', details='',
                     option=None)
    assert error.to_dict() == {'status': 404, 'error_code': '300', 'message': 'Not Found Exception'}
    assert set(NcrError('m', status=1, error_code='2', api_message='3', details='4', hint='5', option='6').to_dict()) == \
        set(ERROR_FACTS)


def test_the_hint_ends_the_message_but_is_kept_apart():
    error = NcrError('HTTP 401', hint='Hint: check the keys.')
    assert str(error) == 'HTTP 401 Hint: check the keys.' and error.message == 'HTTP 401'


def test_retold_keeps_the_type_and_the_facts_and_changes_what_is_asked():
    original = NotFound('HTTP 404', status=404, error_code='300', api_message='Not Found', hint='old', retryable=True)
    told = original.retold('Registry missing: HTTP 404', hint='new')
    assert isinstance(told, NotFound)
    assert (told.message, told.status, told.error_code, told.api_message, told.hint, told.retryable) == \
        ('Registry missing: HTTP 404', 404, '300', 'Not Found', 'new', True)


def test_option_error_starts_with_the_option_and_names_it():
    error = option_error('limit', 'must be 0 or a positive integer')
    assert str(error) == 'limit: must be 0 or a positive integer' and error.option == 'limit'


@pytest.mark.parametrize('value, expected', [(None, False), ('', False), (0, True), (False, True), ([], True), ('x', True)])
def test_given_is_false_only_for_none_and_the_empty_string(value, expected):
    assert given(value) is expected

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""User patterns (include, exclude) never hold a task past its timeout: a catastrophic pattern is stopped, naming
the option, in the main thread and in the threads of a pattern lookup alike."""

import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._image_selection import ImageSelection
from ansible_collections.ncloud.ncr.plugins.module_utils._patterns import TICK, Patterns
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection

# 28 characters: (a+)+$ tries every way of splitting the a's (2**27) before it gives up on the b; about 9 s.
SLOW_NAME = 'a' * 27 + 'b'
TAGS = [{'name': n, 'digest': None, 'last_updated': '2026-01-01T00:00:00Z'} for n in ['v1.0.0', 'latest', SLOW_NAME]]


def failure(call):
    start = time.monotonic()
    with pytest.raises(NcrError) as info:
        call()
    return info.value, time.monotonic() - start


def test_a_catastrophic_include_stops_at_the_timeout_naming_the_option():
    error, took = failure(lambda: Selection({'include': r'(a+)+$', 'timeout': 0.5}).apply(list(TAGS)))
    assert error.option == 'include' and str(error).startswith('include:')
    assert "'(a+)+$'" in str(error) and 'timeout=0.5s' in str(error)
    assert took < 0.5 + 1.5, 'stopped at the timeout, not after the 9 s the pattern takes'


def test_a_catastrophic_exclude_is_named_too():
    options = {'exclude': ['latest', r'(a|a)+$'], 'timeout': 0.3}
    error, took = failure(lambda: Selection(options).apply(list(TAGS)))
    assert error.option == 'exclude' and "'(a|a)+$'" in str(error) and took < 0.3 + 1.5


def test_image_patterns_are_bounded_as_well():
    images = [{'name': n} for n in ['team/web', SLOW_NAME]]
    error, took = failure(lambda: ImageSelection({'include': r'([a-z]+)*c', 'timeout': 0.3}).apply(images))
    assert error.option == 'include' and took < 0.3 + 1.5


def test_fast_patterns_keep_their_meaning():
    selection = Selection({'include': [r'v\d+\.\d+\.\d+', SLOW_NAME], 'exclude': 'v1.*', 'timeout': 0.2, 'sort': 'name'})
    assert [t['name'] for t in selection.apply(list(TAGS))] == [SLOW_NAME]


def test_the_timeout_is_for_the_whole_task():
    patterns = Patterns({'include': r'(a+)+$', 'timeout': 0.3})
    patterns.spent = 0.3  # spent by earlier listings of the same task
    error, took = failure(lambda: patterns.kept([SLOW_NAME]))
    assert error.option == 'include' and took < 20 * TICK
    assert patterns.kept(['aaa']) == {'aaa'}, 'a fast match still completes after the time is spent'


@pytest.mark.parametrize('slow', [False, True])
def test_the_signal_handler_and_timer_are_given_back(slow):
    calls = []
    previous = signal.signal(signal.SIGVTALRM, lambda *args: calls.append(args))
    signal.setitimer(signal.ITIMER_VIRTUAL, 100, 100)
    try:
        patterns = Patterns({'include': r'(a+)+$' if slow else 'a+', 'timeout': 0.2})
        if slow:
            failure(lambda: patterns.kept([SLOW_NAME]))
        else:
            assert patterns.kept(['aa', 'b']) == {'aa'}
        assert signal.getsignal(signal.SIGVTALRM).__name__ == '<lambda>'
        assert 99 < signal.getitimer(signal.ITIMER_VIRTUAL)[1] <= 100
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous if previous is not None else signal.SIG_DFL)
    assert calls == []


def test_threads_hand_their_matching_to_the_main_thread_which_stops_it():
    selection = Selection({'include': r'(a+)+$', 'timeout': 0.5})
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=3) as executor, selection.served() as serve:
        futures = [executor.submit(selection.apply, list(TAGS)) for attempt in range(3)]
        serve(futures)
        errors = [future.exception() for future in futures]
    assert time.monotonic() - start < 0.5 + 3
    # The first stopped spends the task's time: the others are stopped at once.
    assert all(isinstance(error, NcrError) and error.option == 'include' for error in errors)


def test_threads_get_their_results_through_the_main_thread():
    selection = Selection({'include': [r'v\d+\.\d+\.\d+', 'latest'], 'sort': 'name'})
    with ThreadPoolExecutor(max_workers=4) as executor, selection.served() as serve:
        futures = [executor.submit(selection.apply, list(TAGS)) for attempt in range(8)]
        serve(futures)
        assert [[t['name'] for t in future.result()] for future in futures] == [['v1.0.0', 'latest']] * 8

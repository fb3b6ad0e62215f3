# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Deadlines and cancelling: several requests at once, the first failure cutting the others."""

import threading

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._deadline import Cancel, Deadline, all_or_cancel


def test_all_or_cancel_gives_the_answers_in_order():
    assert all_or_cancel(lambda n: n * n, [3, 1, 2], 2, Cancel()) == [9, 1, 4]
    assert all_or_cancel(lambda n: n, [], 1, Cancel()) == []


def test_the_first_failure_sets_cancel_and_the_calls_not_started_are_dropped():
    cancel = Cancel()
    started = []
    release = threading.Event()

    def one(n):
        started.append(n)
        if n == 0:
            raise ValueError('first fails')
        release.wait(5)
        return n

    with pytest.raises(ValueError, match='first fails'):
        try:
            all_or_cancel(one, list(range(50)), 2, cancel)
        finally:
            release.set()
    assert cancel.is_set()
    assert len(started) < 50


def test_cancel_expires_the_deadlines_it_tracks_and_any_tracked_later():
    cancel = Cancel()
    with Deadline(60, cancel) as first:
        assert not first.expired
        cancel.set()
        assert first.expired
    with Deadline(60, cancel) as later:
        assert later.expired
    assert not cancel.deadlines

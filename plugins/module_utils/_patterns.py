# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The user's regular expressions (``include``, ``exclude``): compiled once, matched within the task's ``timeout``.

Python's ``re`` backtracks, so a pattern such as ``(a+)+$`` takes time exponential in a name's length, and it has no
timeout of its own. No check of the parsed pattern can tell every slow pattern from a fast one (``(a|a)+$`` and
``.*.*.*.*x`` are slow without nested repeats, ``(\\d+\\.)+\\d+`` is fast with them), so patterns are not refused
up front: their matching is stopped once it has taken ``timeout`` seconds in all, and the task fails naming the
option and the pattern. ``re`` checks for signals while it backtracks, so a CPU-time interval timer (SIGVTALRM, which
neither Ansible's task ``timeout`` (SIGALRM) nor anything else of the collection uses) interrupts it. Signals reach
the main thread only: the threads of a pattern lookup hand their matching over to it (:meth:`Patterns.served`).

Internal use only: not a public API.
"""

import queue
import re
import signal
import threading
import time
from contextlib import contextmanager

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import option_error

# CPU seconds between two looks at the clock while patterns match: how far past the budget a match can run.
TICK = 0.05
DEFAULT_SECONDS = 30.0  # the connection options' default timeout
_CAN_INTERRUPT = hasattr(signal, 'setitimer') and hasattr(signal, 'SIGVTALRM')


class _Expired(Exception):
    """Raised by the timer's handler inside a match; never leaves this module."""


def compile_patterns(option, patterns):
    if isinstance(patterns, str):
        patterns = [patterns]
    elif patterns is not None and not isinstance(patterns, (list, tuple)):
        raise option_error(option, 'must be a regular expression or a list of them, got %r' % (patterns,))
    compiled = []
    for pattern in patterns or []:
        if not isinstance(pattern, str):
            raise option_error(option, 'each item must be a regular expression string, got %r' % (pattern,))
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise option_error(option, 'invalid regular expression %r: %s' % (pattern, exc)) from exc
    return compiled


def _budget(options):
    """The task's ``timeout`` in seconds; the connection options check it, so an unusable value means the default."""
    try:
        seconds = float(options.get('timeout') or DEFAULT_SECONDS)
    except (TypeError, ValueError):
        return DEFAULT_SECONDS
    return seconds if seconds > 0 else DEFAULT_SECONDS


class Patterns:
    """``include`` and ``exclude`` of one task, matched against whole names, ``timeout`` seconds in all."""

    def __init__(self, options):
        self.include = compile_patterns('include', options.get('include'))
        self.exclude = compile_patterns('exclude', options.get('exclude'))
        self.seconds = _budget(options)
        self.spent = 0.0
        self.active = bool(self.include or self.exclude)
        self._handover = None
        self._lock = threading.Lock()

    def kept(self, names):
        """The set of ``names`` that match an ``include`` pattern (any name without one) and no ``exclude`` pattern."""
        handover = self._handover
        if handover is not None and threading.current_thread() is not threading.main_thread():
            return handover.run(self._bounded, names)
        return self._bounded(names)

    def _match(self, names, now_matching):
        """The matching itself; ``now_matching[0]`` says which pattern runs, for the timer and the message."""
        if self.include:
            kept = set()
            rest = list(dict.fromkeys(names))
            for pattern in self.include:
                now_matching[0] = ('include', pattern)
                found = [name for name in rest if pattern.fullmatch(name)]
                now_matching[0] = None
                if found:
                    kept.update(found)
                    rest = [name for name in rest if name not in kept]
        else:
            kept = set(names)
        for pattern in self.exclude:
            now_matching[0] = ('exclude', pattern)
            dropped = [name for name in kept if pattern.fullmatch(name)]
            now_matching[0] = None
            kept.difference_update(dropped)
        return kept

    def _bounded(self, names):
        now_matching = [None]
        if not _CAN_INTERRUPT or threading.current_thread() is not threading.main_thread():
            # No timer reaches another thread; the plugins' threads hand their matching to the main one (served()).
            return self._match(names, now_matching)
        start = time.monotonic()
        deadline = start + self.seconds - self.spent

        def tick(signum, frame):  # pylint: disable=unused-argument
            if now_matching[0] is not None and time.monotonic() >= deadline:
                raise _Expired()

        previous = signal.signal(signal.SIGVTALRM, tick)
        earlier_timer = signal.setitimer(signal.ITIMER_VIRTUAL, TICK, TICK)
        try:
            return self._match(names, now_matching)
        except _Expired:
            option, pattern = now_matching[0]  # pylint: disable=unpacking-non-sequence  # set while a pattern matches
            raise option_error(option, 'the pattern %r took more than timeout=%gs to match the names and was stopped. '
                                       'A pattern whose parts can match the same text in many ways, such as nested '
                                       'repeats ((a+)+) or overlapping alternatives ((a|aa)+), takes time exponential in '
                                       'the length of a name: simplify it (a+ for (a+)+)' % (pattern.pattern, self.seconds)
                               ) from None
        finally:
            # The timer first: a tick once the handler is gone would end the process.
            signal.setitimer(signal.ITIMER_VIRTUAL, *earlier_timer)
            signal.signal(signal.SIGVTALRM, previous if previous is not None else signal.SIG_DFL)
            self.spent += time.monotonic() - start

    @contextmanager
    def served(self):
        """For the main thread before it starts threads that match these patterns (a pattern lookup's images):
        gives ``serve(futures)``, which runs the matching those threads hand over until every future is done; a
        timer can stop it only in the main thread. On leaving, matching still asked for runs where it is asked."""
        if not self.active or threading.current_thread() is not threading.main_thread():
            yield lambda futures: None
            return
        handover = _Handover()
        self._handover = handover
        try:
            yield handover.serve
        finally:
            self._handover = None
            handover.close()


class _Handover:
    """Jobs from other threads, run by the thread in :meth:`serve`; once it stops, they run where they are."""

    def __init__(self):
        self.jobs = queue.Queue()
        self.lock = threading.Lock()
        self.open = True

    def run(self, function, argument):
        job = {'function': function, 'argument': argument, 'done': threading.Event()}
        with self.lock:
            handed = self.open
            if handed:
                self.jobs.put(job)
        if not handed:
            return function(argument)
        job['done'].wait()
        if 'error' in job:
            raise job['error']
        return job['result']

    def serve(self, futures):
        pending = len(futures)
        for future in futures:
            future.add_done_callback(self.jobs.put)
        while pending:
            job = self.jobs.get()
            if isinstance(job, dict):
                _run(job)
                continue
            pending -= 1
            if not job.cancelled() and job.exception() is not None:
                # The task fails: the futures not started are not worth waiting for.
                for future in futures:
                    future.cancel()

    def close(self):
        with self.lock:
            self.open = False
        # Whatever came in before it closed runs here, so that no thread waits for ever.
        while True:
            try:
                job = self.jobs.get_nowait()
            except queue.Empty:
                break
            if isinstance(job, dict):
                _run(job)


def _run(job):
    try:
        job['result'] = job['function'](job['argument'])
    except Exception as exc:  # pylint: disable=broad-except  # raised again in the thread that asked
        job['error'] = exc
    job['done'].set()

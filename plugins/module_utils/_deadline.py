# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Cutting a request off: a whole-request deadline, and the cancelling of a failed listing's other requests.

Internal use only: not a public API.
"""

import heapq
import itertools
import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

try:
    from requests.adapters import HTTPAdapter
    # urllib3 comes with requests: its connection classes are where a deadline can reach the socket.
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
except ImportError:
    # _transport reports the missing library; these stand-ins only let this module import.
    HTTPAdapter = HTTPConnection = HTTPSConnection = HTTPConnectionPool = HTTPSConnectionPool = object

_current = threading.local()


class Deadline:
    """Cuts one request off once ``seconds`` have passed, whatever it is doing.

    A socket timeout bounds each read, so a server sending a byte now and then holds a request for ever;
    this bounds connect, headers and body together. Cutting is a shutdown of the socket, which wakes a read
    blocked in any thread. ``cancel`` cuts it early too (a listing that failed elsewhere).
    """

    def __init__(self, seconds, cancel=None):
        self.lock = threading.Lock()
        self.conn = None
        self.expired = False
        self.finished = False
        self.seconds = seconds
        self.cancel = cancel

    def __enter__(self):
        _current.deadline = self
        _WATCHDOG.watch(time.monotonic() + self.seconds, self)
        if self.cancel is not None:
            self.cancel.track(self)
        return self

    def __exit__(self, *exc_info):
        _current.deadline = None
        if self.cancel is not None:
            self.cancel.untrack(self)
        with self.lock:
            self.finished = True
            self.conn = None

    def attach(self, conn):
        with self.lock:
            self.conn = conn
            expired = self.expired
        if expired:
            _cut(conn)

    def expire(self):
        with self.lock:
            if self.finished:
                return
            self.expired = True
            conn = self.conn
        if conn is not None:
            _cut(conn)


class _Watchdog:
    """One thread expiring every deadline of the process when it is due (a timer thread per request cost a
    thread start and a wake-up for each page); finished deadlines are dropped when they come up."""

    def __init__(self):
        self.condition = threading.Condition()
        self.due = []
        self.order = itertools.count()
        self.thread = None

    def watch(self, when, deadline):
        with self.condition:
            heapq.heappush(self.due, (when, next(self.order), deadline))
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name='ncloud.ncr deadlines', daemon=True)
                self.thread.start()
            elif self.due[0][2] is deadline:
                self.condition.notify()

    def _run(self):
        while True:
            expired = []
            with self.condition:
                while not expired:
                    while self.due and self.due[0][2].finished:
                        heapq.heappop(self.due)
                    wait = self.due[0][0] - time.monotonic() if self.due else None
                    if wait is not None and wait <= 0:
                        expired.append(heapq.heappop(self.due)[2])
                    else:
                        self.condition.wait(wait)
            # Outside the condition: expiring takes the deadline's own lock, which attach() holds while cutting.
            for deadline in expired:
                deadline.expire()


_WATCHDOG = _Watchdog()
# A forked process (Ansible's workers) has no watchdog thread, and maybe a lock held by a thread gone with the fork.
os.register_at_fork(after_in_child=_WATCHDOG.__init__)


def _cut(conn):
    sock = getattr(conn, 'sock', None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except (OSError, ValueError):
            pass


class Cancel:
    """Stops the other requests of one listing after a failure: none is sent any more, back-off waits end
    and the requests in flight are cut, so a failed task ends at once instead of after their timeouts."""

    def __init__(self):
        self.event = threading.Event()
        self.lock = threading.Lock()
        self.deadlines = set()

    def is_set(self):
        return self.event.is_set()

    def wait(self, seconds):
        self.event.wait(seconds)

    def set(self):
        with self.lock:
            self.event.set()
            deadlines = list(self.deadlines)
        for deadline in deadlines:
            deadline.expire()

    def track(self, deadline):
        with self.lock:
            self.deadlines.add(deadline)
            cancelled = self.event.is_set()
        if cancelled:
            deadline.expire()

    def untrack(self, deadline):
        with self.lock:
            self.deadlines.discard(deadline)


def _watched(connection_class):
    class Watched(connection_class):  # pylint: disable=too-few-public-methods
        def connect(self, *args, **kwargs):
            # Connecting is the request's too: a proxy's answer to CONNECT and a TLS handshake are read a byte at a
            # time if the other side wishes, each byte within the socket timeout, for as long as it likes.
            deadline = getattr(_current, 'deadline', None)
            if deadline is not None:
                deadline.attach(self)
            return super().connect(*args, **kwargs)

        def _new_conn(self, *args, **kwargs):
            sock = super()._new_conn(*args, **kwargs)
            # The socket is cut from the moment it exists (connect() only stores it on return), and at once if the
            # deadline passed while it connected.
            self.sock = sock
            deadline = getattr(_current, 'deadline', None)
            if deadline is not None and deadline.expired:
                _cut(self)
            return sock

        def getresponse(self, *args, **kwargs):
            # The request is on the wire: from here on the deadline of this thread's request can cut it.
            deadline = getattr(_current, 'deadline', None)
            if deadline is not None:
                deadline.attach(self)
            return super().getresponse(*args, **kwargs)
    return Watched


class _Pool(HTTPConnectionPool):  # pylint: disable=too-few-public-methods
    ConnectionCls = _watched(HTTPConnection)


class _TlsPool(HTTPSConnectionPool):  # pylint: disable=too-few-public-methods
    ConnectionCls = _watched(HTTPSConnection)


_WATCHED_POOLS = {HTTPConnectionPool: _Pool, HTTPSConnectionPool: _TlsPool}


class Adapter(HTTPAdapter):
    """requests' adapter whose connections a _Deadline can cut, direct or through an HTTP(S) proxy."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        _watch_pools(self.poolmanager)

    def proxy_manager_for(self, *args, **kwargs):
        manager = super().proxy_manager_for(*args, **kwargs)
        _watch_pools(manager)
        return manager


def _watch_pools(manager):
    # Only urllib3's own pool classes are swapped: a SOCKS proxy manager keeps its own (and no deadline).
    manager.pool_classes_by_scheme = dict((scheme, _WATCHED_POOLS.get(cls, cls))
                                          for scheme, cls in manager.pool_classes_by_scheme.items())


def all_or_cancel(function, items, workers, cancel):
    """``[function(item) for item in items]``, ``workers`` at a time. The first failure sets ``cancel``, which cuts
    the requests still in flight, and is raised; the calls not started are dropped."""
    with ThreadPoolExecutor(max_workers=workers) as executor:
        futures = [executor.submit(function, item) for item in items]
        try:
            return [future.result() for future in futures]
        except BaseException:
            cancel.set()
            raise
        finally:
            for future in futures:
                future.cancel()

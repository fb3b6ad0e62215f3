# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Connecting, with real sockets on loopback: a proxy trickling its answer to CONNECT is cut at the deadline and
named (issue 22.11); a refused connection says what to check and is not retried (22.8)."""

import socket
import threading
import time

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._connection import connection_settings
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._transport import Client
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, SECRET

PROXY_VARS = ('HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy')


class Trickler:
    """A proxy on loopback that reads the CONNECT request, then answers it one byte every ``pause`` seconds, the
    start of its status line over and over for 30 s: what held a ``timeout: 2`` request for 23 s."""

    ANSWER = b'HTTP/1.1 200 Connection established\r\nProxy-Agent: slow\r\n\r\n'

    def __init__(self, pause=0.5):
        self.pause = pause
        self.server = socket.socket()
        self.server.bind(('127.0.0.1', 0))
        self.server.listen(8)
        self.port = self.server.getsockname()[1]
        self.requests = []
        self.stopped = threading.Event()
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while not self.stopped.is_set():
            try:
                conn, dummy = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self.trickle, args=(conn,), daemon=True).start()

    def trickle(self, conn):
        with conn:
            try:
                self.requests.append(conn.recv(4096).split(b'\r\n', 1)[0])
                for index in range(int(30 / self.pause)):
                    if self.stopped.is_set():
                        return
                    conn.sendall(self.ANSWER[index % 12:index % 12 + 1])
                    time.sleep(self.pause)
            except OSError:
                return

    def close(self):
        self.stopped.set()
        self.server.close()


@pytest.fixture
def clean_proxies(monkeypatch):
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def client(endpoint, **options):
    opts = dict(endpoint=endpoint, access_key=ACCESS, secret_key=SECRET, timeout=2, retries=0, page_size=100,
                concurrency=1, validate_certs=True)
    opts.update(options)
    return Client(connection_settings(opts, environ={}))


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def test_a_proxy_trickling_its_connect_answer_is_cut_at_the_deadline_and_named(clean_proxies):
    proxy = Trickler()
    try:
        clean_proxies.setenv('HTTPS_PROXY', 'http://user:pw@127.0.0.1:%d' % proxy.port)
        api = client('https://ncr.example.test/ncr/api/v2', timeout=2)
        start = time.monotonic()
        with pytest.raises(NcrError) as err:
            api.get_json(['repositories', 'my-registry'])
        took = time.monotonic() - start
    finally:
        proxy.close()
    message = str(err.value)
    # The number: within timeout + 1 s.
    assert took < 3.0, (took, message)
    # http.client asks in HTTP/1.0 before Python 3.12, in HTTP/1.1 since.
    assert proxy.requests in ([b'CONNECT ncr.example.test:443 HTTP/1.0'], [b'CONNECT ncr.example.test:443 HTTP/1.1'])
    assert message.startswith('Request to https://ncr.example.test:443/ncr/api/v2/repositories/my-registry through the '
                              'proxy http://***@127.0.0.1:%d failed: no answer within the timeout of 2 s' % proxy.port), message
    assert 'TLS' not in message and 'certificate' not in message
    assert 'pw' not in message.replace('proxy', '')


def test_the_deadline_covers_retries_one_at_a_time(clean_proxies):
    proxy = Trickler()
    try:
        clean_proxies.setenv('HTTPS_PROXY', 'http://127.0.0.1:%d' % proxy.port)
        api = client('https://ncr.example.test/ncr/api/v2', timeout=1, retries=1)
        api.sleep = lambda seconds: None
        start = time.monotonic()
        with pytest.raises(NcrError, match='through the proxy http://127.0.0.1:%d failed: no answer within the timeout of '
                                           '1 s .* after 1 retry' % proxy.port):
            api.get_json(['repositories', 'my-registry'])
        took = time.monotonic() - start
    finally:
        proxy.close()
    assert took < 3.0
    assert len(proxy.requests) == 2


def test_a_refused_connection_says_what_to_check_and_is_not_retried(clean_proxies):
    port = free_port()
    api = client('http://127.0.0.1:%d/ncr/api/v2' % port, retries=4)
    sleeps = []
    api.sleep = sleeps.append
    with pytest.raises(NcrError) as err:
        api.get_json(['repositories', 'my-registry'])
    message = str(err.value)
    assert message.startswith('Request to http://127.0.0.1:%d/ncr/api/v2/repositories/my-registry failed: connection '
                              'refused (' % port), message
    assert 'not retried' in message
    assert 'Hint: nothing accepts connections at http://127.0.0.1:%d: check endpoint' % port in message
    assert 'the simulator, is running there' in message and 'HTTPS_PROXY' in message
    assert err.value.hint.startswith('Hint: nothing accepts connections')
    assert sleeps == []


def test_a_refusing_proxy_is_named_in_the_hint(clean_proxies):
    port = free_port()
    clean_proxies.setenv('HTTPS_PROXY', 'http://127.0.0.1:%d' % port)
    api = client('https://ncr.example.test/ncr/api/v2', retries=3)
    sleeps = []
    api.sleep = sleeps.append
    with pytest.raises(NcrError) as err:
        api.get_json(['repositories', 'my-registry'])
    message = str(err.value)
    assert 'through the proxy http://127.0.0.1:%d failed: connection refused' % port in message, message
    assert 'Hint: the proxy http://127.0.0.1:%d refused the connection: check HTTPS_PROXY' % port in message
    assert sleeps == []


def test_no_proxy_is_named_when_none_is_used(clean_proxies):
    port = free_port()
    clean_proxies.setenv('HTTPS_PROXY', 'http://127.0.0.1:1')
    clean_proxies.setenv('NO_PROXY', '127.0.0.1')
    api = client('https://127.0.0.1:%d/ncr/api/v2' % port)
    with pytest.raises(NcrError) as err:
        api.get_json(['repositories', 'my-registry'])
    assert 'through the proxy' not in str(err.value) and 'refused the connection' not in str(err.value), str(err.value)

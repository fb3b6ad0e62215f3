# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import email.utils
import functools
import os
import socket
import ssl
import threading
import time
import tracemalloc
import zlib
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from ansible_collections.ncloud.ncr.plugins.module_utils import _answers
from ansible_collections.ncloud.ncr.plugins.module_utils._answers import read_body
from ansible_collections.ncloud.ncr.plugins.module_utils._api import image_tags
from ansible_collections.ncloud.ncr.plugins.module_utils._connection import connection_settings
from ansible_collections.ncloud.ncr.plugins.module_utils._deadline import Cancel
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.plugins.module_utils._transport import (
    RETRY_AFTER_MAX, Client, backoff_delay, retry_after_seconds)
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import (
    ACCESS, SECRET, FakeNcr, FakeSession, client_for, gateway_error, make_tag, response)


@pytest.fixture
def ncr():
    fake = FakeNcr()
    fake.add_image('my-registry', 'team/app', [make_tag('v1.0.0')])
    return fake


def test_signed_request_with_encoded_slash(ncr):
    client, _sleeps = client_for(ncr)
    body = client.get_json(['repositories', 'my-registry', 'team/app', 'tags'], {'page': 1, 'pagesize': 100})
    assert body['count'] == 1
    assert ncr.requests == ['/ncr/api/v2/repositories/my-registry/team%2Fapp/tags?page=1&pagesize=100']
    headers = ncr.headers_seen[0]
    assert headers['Content-Type'] == 'application/json'
    assert headers['x-ncp-iam-access-key'] == ACCESS
    assert len(headers['x-ncp-apigw-timestamp']) == 13


def test_send_gets_timeout_and_verify(ncr, tmp_path):
    bundle = tmp_path / 'ca.pem'
    bundle.write_text('x')
    client, _sleeps = client_for(ncr, ca_cert=str(bundle))
    client.get_json(['repositories', 'my-registry', 'team/app'])
    kwargs = client.session.send_kwargs[0]
    assert kwargs['timeout'] == 7
    assert kwargs['verify'] == str(bundle)
    assert kwargs['allow_redirects'] is False


def test_environment_proxies_and_ca_bundle_are_read_once_and_still_used(ncr, monkeypatch):
    monkeypatch.setenv('HTTPS_PROXY', 'http://proxy.example.test:3128')
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/etc/corp-ca.pem')
    client, _sleeps = client_for(ncr)
    monkeypatch.setenv('HTTPS_PROXY', 'http://changed.example.test:1')
    for dummy in range(2):
        client.get_json(['repositories', 'my-registry', 'team/app'])
    for kwargs in client.session.send_kwargs:
        assert kwargs['proxies']['https'] == 'http://proxy.example.test:3128'
        assert kwargs['verify'] == '/etc/corp-ca.pem'
    # Per-request look-ups (environment, ~/.netrc) are off: the settings above are the whole story.
    assert client.session.trust_env is False


def test_no_proxy_and_ca_cert_option_win_over_the_environment(ncr, monkeypatch, tmp_path):
    bundle = tmp_path / 'ca.pem'
    bundle.write_text('x')
    monkeypatch.setenv('HTTPS_PROXY', 'http://proxy.example.test:3128')
    monkeypatch.setenv('NO_PROXY', 'ncr.example.test')
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/etc/corp-ca.pem')
    client, _sleeps = client_for(ncr, ca_cert=str(bundle))
    client.get_json(['repositories', 'my-registry', 'team/app'])
    kwargs = client.session.send_kwargs[0]
    assert 'https' not in (kwargs['proxies'] or {})
    assert kwargs['verify'] == str(bundle)


def test_keep_alive_one_session_for_all_requests(ncr):
    client, _sleeps = client_for(ncr)
    session = client.session
    for dummy in range(3):
        client.get_json(['repositories', 'my-registry', 'team/app'])
    assert client.session is session and len(session.send_kwargs) == 3


def test_wrong_secret_is_a_401_with_the_clock_hint_and_no_secret(ncr):
    client, sleeps = client_for(ncr, secret_key='wrong-secret-value')
    with pytest.raises(NcrError) as err:
        client.get_json(['repositories', 'my-registry', 'team/app', 'tags'])
    exc = err.value
    assert (exc.status, exc.error_code, exc.api_message) == (401, '200', 'Authentication Failed')
    assert exc.details == 'Invalid authentication information.'
    assert 'HTTP 401 Authentication Failed (errorCode 200)' in str(exc)
    assert 'clock' in str(exc) and '5 minutes' in str(exc)
    assert 'wrong-secret-value' not in str(exc)
    signature = ncr.headers_seen[0]['x-ncp-apigw-signature-v2']
    assert signature not in str(exc) and signature not in repr(exc.to_dict())
    assert sleeps == [] and len(ncr.requests) == 1, '401 is never retried'


@pytest.mark.parametrize('status, code, message, hint', [
    (400, '100', 'Bad Request Exception', None),
    (403, '230', 'Forbidden', 'permission'),
    (404, '300', 'Not Found Exception', None),
    (500, None, None, None),
])
def test_error_mapping_is_not_retried(ncr, status, code, message, hint):
    body = gateway_error(status, code, message, 'some details') if code else {'unexpected': True}
    ncr.faults = [lambda req: response(status, body, request=req)] * 5
    client, sleeps = client_for(ncr)
    with pytest.raises(NcrError) as err:
        client.get_json(['repositories', 'my-registry', 'team/app'])
    assert err.value.status == status
    assert err.value.error_code == code
    assert 'HTTP %d' % status in str(err.value)
    if hint:
        assert hint in str(err.value)
    assert sleeps == [] and len(ncr.requests) == 1


def test_numeric_error_code_is_a_string(ncr):
    ncr.faults = [lambda req: response(403, {'error': {'errorCode': 230, 'message': 'Forbidden'}}, request=req)]
    client, _sleeps = client_for(ncr)
    with pytest.raises(NcrError) as err:
        client.get_json(['repositories'])
    assert err.value.error_code == '230'


def test_html_body_gives_status_and_snippet(ncr):
    html = '<html><head><title>502 Bad Gateway</title></head><body>' + 'x' * 1000 + '</body></html>'
    ncr.faults = [lambda req: response(502, text=html, headers={'Content-Type': 'text/html'}, request=req)] * 5
    client, sleeps = client_for(ncr)
    with pytest.raises(NcrError) as err:
        client.get_json(['repositories'])
    text = str(err.value)
    assert 'HTTP 502' in text and '<title>502 Bad Gateway</title>' in text and 'after 4 retries' in text
    assert len(text) < 600
    assert len(sleeps) == 4


def test_200_with_html_is_an_error_not_a_result(ncr):
    ncr.faults = [lambda req: response(200, text='<html>login</html>', request=req)]
    client, _sleeps = client_for(ncr)
    with pytest.raises(NcrError, match='not a JSON object.*<html>login</html>'):
        client.get_json(['repositories'])


@pytest.mark.parametrize('status', [429, 502, 503, 504])
def test_transient_statuses_are_retried_then_succeed(ncr, status):
    ncr.faults = [lambda req: response(status, {}, request=req)] * 2
    client, sleeps = client_for(ncr)
    assert client.get_json(['repositories', 'my-registry', 'team/app'])['name'] == 'team/app'
    assert len(ncr.requests) == 3 and len(sleeps) == 2


def test_retry_after_seconds_is_honoured(ncr):
    ncr.faults = [lambda req: response(429, {}, headers={'Retry-After': '3'}, request=req)]
    client, sleeps = client_for(ncr)
    client.get_json(['repositories', 'my-registry', 'team/app'])
    assert sleeps == [3.0]


def test_retry_after_is_capped(ncr):
    ncr.faults = [lambda req: response(503, {}, headers={'Retry-After': '86400'}, request=req)]
    client, sleeps = client_for(ncr)
    client.get_json(['repositories', 'my-registry', 'team/app'])
    assert sleeps == [RETRY_AFTER_MAX]


def test_retries_exhausted(ncr):
    ncr.faults = [lambda req: response(429, gateway_error(429, '420', 'Rate Limited', 'slow down'), request=req)] * 10
    client, sleeps = client_for(ncr, retries=2)
    with pytest.raises(NcrError) as err:
        client.get_json(['repositories'])
    assert err.value.status == 429 and 'after 2 retries' in str(err.value) and 'Rate Limited' in str(err.value)
    assert len(ncr.requests) == 3 and len(sleeps) == 2


@pytest.mark.parametrize('exc', [requests.exceptions.ConnectionError('Connection aborted.'),
                                 requests.exceptions.ReadTimeout('Read timed out.')])
def test_dropped_connections_and_timeouts_are_retried(ncr, exc):
    ncr.faults = [exc, exc]
    client, sleeps = client_for(ncr)
    assert client.get_json(['repositories', 'my-registry', 'team/app'])['name'] == 'team/app'
    assert len(sleeps) == 2


def test_timeout_that_never_recovers(ncr):
    ncr.faults = [requests.exceptions.ReadTimeout('Read timed out.')] * 10
    client, _sleeps = client_for(ncr, retries=1)
    with pytest.raises(NcrError, match=r'no answer within the timeout of 7 s \(.*\) after 1 retry$'):
        client.get_json(['repositories'])


def test_connection_errors_that_never_recover_say_how_often_they_were_retried(ncr):
    ncr.faults = [requests.exceptions.ConnectionError('Connection aborted.')] * 10
    client, sleeps = client_for(ncr, retries=3)
    with pytest.raises(NcrError, match=r'connection error \(Connection aborted\.\) after 3 retries$') as err:
        client.get_json(['repositories'])
    assert err.value.retryable and len(sleeps) == 3 and len(ncr.requests) == 4


def test_no_retry_wording_without_retries(ncr):
    ncr.faults = [requests.exceptions.ConnectionError('Connection aborted.')]
    client, sleeps = client_for(ncr, retries=0)
    with pytest.raises(NcrError) as err:
        client.get_json(['repositories'])
    assert 'retr' not in str(err.value) and sleeps == []


def wrapped_like_requests(inner, outer_class):
    """``inner`` inside urllib3's MaxRetryError inside a requests exception, as requests raises them."""
    from urllib3.exceptions import MaxRetryError
    pool_error = MaxRetryError(None, '/ncr/api/v2/repositories', reason=inner)
    return outer_class(pool_error)


def test_tls_message_gives_the_verification_reason_not_the_wrappers(ncr):
    inner = ssl.SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: '
                                            'self-signed certificate (_ssl.c:1006)')
    ncr.faults = [wrapped_like_requests(inner, requests.exceptions.SSLError)]
    client, _sleeps = client_for(ncr)
    with pytest.raises(NcrError) as err:
        client.get_json(['repositories'])
    assert 'certificate verify failed: self-signed certificate' in str(err.value)
    assert 'Max retries' not in str(err.value) and 'Pool' not in str(err.value)


def test_connection_error_message_gives_the_root_cause(ncr):
    ncr.faults = [wrapped_like_requests(ConnectionResetError(104, 'Connection reset by peer'),
                                        requests.exceptions.ConnectionError)] * 2
    client, _sleeps = client_for(ncr, retries=1)
    with pytest.raises(NcrError) as err:
        client.get_json(['repositories'])
    assert str(err.value).endswith('connection error ([Errno 104] Connection reset by peer) after 1 retry')


def test_a_refused_connection_is_not_retried(ncr):
    ncr.faults = [wrapped_like_requests(ConnectionRefusedError(111, 'Connection refused'),
                                        requests.exceptions.ConnectionError)] * 2
    client, sleeps = client_for(ncr, retries=3)
    with pytest.raises(NcrError) as err:
        client.get_json(['repositories'])
    assert 'failed: connection refused ([Errno 111] Connection refused); not retried. Hint: nothing accepts' in str(err.value)
    assert sleeps == [] and len(ncr.requests) == 1


def test_tls_failure_is_clear_and_not_retried(ncr):
    ncr.faults = [requests.exceptions.SSLError('certificate verify failed: self-signed certificate')]
    client, sleeps = client_for(ncr)
    with pytest.raises(NcrError) as err:
        client.get_json(['repositories'])
    assert 'TLS certificate verification failed' in str(err.value) and 'ca_cert' in str(err.value)
    assert sleeps == []


def test_retry_after_forms():
    now = time.time()
    assert retry_after_seconds('7') == 7.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds('soon') is None
    date = email.utils.formatdate(now + 10, usegmt=True)
    assert 8 <= retry_after_seconds(date, now=now) <= 10
    assert retry_after_seconds(email.utils.formatdate(now - 100, usegmt=True), now=now) == 0.0


def test_backoff_is_exponential_with_jitter_and_bounded():
    assert backoff_delay(0, rand=lambda: 1.0) == 0.5
    assert backoff_delay(3, rand=lambda: 1.0) == 4.0
    assert backoff_delay(10, rand=lambda: 1.0) == 8.0
    assert backoff_delay(3, rand=lambda: 0.25) == 1.0
    assert backoff_delay(0, retry_after=2.0) == 2.0


# Issue 13: a hostile or broken server.

def test_plain_http_loopback_is_never_proxied(ncr, monkeypatch):
    for name in ('HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'ALL_PROXY', 'all_proxy'):
        monkeypatch.setenv(name, 'http://proxy.example.test:3128')
    monkeypatch.delenv('NO_PROXY', raising=False)
    monkeypatch.delenv('no_proxy', raising=False)
    ncr.faults = [lambda req: response(200, {'name': 'x'}, request=req)]
    client, _sleeps = client_for(ncr, endpoint='http://127.0.0.1:8080/ncr/api/v2')
    client.get_json(['repositories'])
    assert client.session.send_kwargs[0]['proxies'] == {}
    # An https endpoint still goes through the proxy the environment names.
    client, _sleeps = client_for(ncr)
    client.get_json(['repositories', 'my-registry', 'team/app'])
    assert client.session.send_kwargs[0]['proxies']['https'] == 'http://proxy.example.test:3128'


def test_a_redirect_is_not_followed_and_its_location_is_masked(ncr):
    location = 'https://someone:hunter2@login.example.test/sso?token=s3cr3t'
    ncr.faults = [lambda req: response(302, text='', headers={'Location': location}, request=req)]
    client, sleeps = client_for(ncr)
    with pytest.raises(NcrError) as err:
        client.get_json(['repositories'])
    text = str(err.value)
    assert 'HTTP 302 redirect to https://***@login.example.test/sso?***, not followed' in text and 'endpoint' in text
    assert not any(secret in text for secret in ('someone', 'hunter2', 's3cr3t'))
    assert err.value.status == 302 and sleeps == [] and len(ncr.requests) == 1


def test_no_api_matches_is_a_wrong_endpoint_not_a_missing_registry(ncr):
    body = gateway_error(404, '300', 'Not Found Exception', 'No API matches GET /repositories/my-registry/team%2Fapp/tags.')
    ncr.faults = [lambda req: response(404, body, request=req)] * 3
    client, _sleeps = client_for(ncr)
    with pytest.raises(NcrError) as err:
        image_tags(client, Selection({}), 'my-registry', 'team/app')
    text = str(err.value)
    assert "endpoint's path is wrong" in text
    assert '/ncr/api/v2, /ncr/sgn-api/v2, /ncr/jpn-api/v2, /ncr/kr/v2, /ncr/krs/v2' in text
    assert 'does not exist' not in text and err.value.option == 'endpoint'
    assert len(ncr.requests) == 1, 'no second request to tell a missing image from a missing registry'


def test_a_megabyte_of_details_is_cut_to_a_snippet(ncr):
    body = gateway_error(500, '9' * 100000, 'Unexpected ' * 100000, 'details ' * 131072)
    ncr.faults = [lambda req: response(500, body, request=req)]
    client, _sleeps = client_for(ncr)
    with pytest.raises(NcrError) as err:
        client.get_json(['repositories'])
    assert len(str(err.value)) < 1000
    assert all(len(value) < 300 for value in (err.value.details, err.value.api_message, err.value.error_code))
    assert err.value.details.startswith('details details') and err.value.details.endswith('...')


def test_json_nested_past_the_recursion_limit_names_the_request(ncr):
    depth = 200000
    ncr.faults = [lambda req: response(200, text='[' * depth + ']' * depth, request=req)]
    client, _sleeps = client_for(ncr)
    with pytest.raises(NcrError) as err:
        client.get_json(['repositories'])
    assert str(err.value).startswith('GET /ncr/api/v2/repositories: HTTP 200 with JSON nested too deeply')
    assert err.value.status is None


def test_a_body_past_the_limit_is_refused_while_read(ncr, monkeypatch):
    monkeypatch.setattr(_answers, 'MAX_BODY', 1000)
    ncr.faults = [lambda req: response(200, text='{"pad": "%s"}' % ('x' * 2000), headers={}, request=req)]
    client, sleeps = client_for(ncr)
    refused = r'^Request to https://ncr\.example\.test:443/ncr/api/v2/repositories refused: the answer \(decompressed\) grew past'
    with pytest.raises(NcrError, match=refused):
        client.get_json(['repositories'])
    assert sleeps == [] and len(ncr.requests) == 1


def test_a_declared_length_past_the_limit_is_refused_before_reading(ncr):
    ncr.faults = [lambda req: response(200, {}, headers={'Content-Length': str(_answers.MAX_BODY + 1)}, request=req)]
    client, _sleeps = client_for(ncr)
    with pytest.raises(NcrError, match='refused: the answer is %d bytes, more than the 16 MiB' % (_answers.MAX_BODY + 1)):
        client.get_json(['repositories'])


def test_connection_errors_name_scheme_host_and_port(ncr):
    ncr.faults = [requests.exceptions.ConnectionError('Connection aborted.')]
    client, _sleeps = client_for(ncr, retries=0)
    with pytest.raises(NcrError, match=r'^Request to https://ncr\.example\.test:443/ncr/api/v2/repositories failed: '):
        client.get_json(['repositories'])


def test_tls_hint_with_ca_cert_set_does_not_say_set_ca_cert(ncr, tmp_path):
    bundle = tmp_path / 'ca.pem'
    bundle.write_text('x')
    ncr.faults = [requests.exceptions.SSLError('certificate verify failed: unable to get local issuer certificate')]
    client, _sleeps = client_for(ncr, ca_cert=str(bundle))
    with pytest.raises(NcrError) as err:
        client.get_json(['repositories'])
    text = str(err.value)
    assert 'Set ca_cert' not in text and 'The CA bundle in ca_cert (%s) did not verify it' % bundle in text
    assert text.startswith('TLS certificate verification failed for https://ncr.example.test:443/ncr/api/v2')


def test_a_cancelled_request_is_not_sent(ncr):
    client, _sleeps = client_for(ncr)
    cancel = Cancel()
    cancel.set()
    with pytest.raises(NcrError, match='not sent, another request of the listing failed'):
        client.get_json(['repositories'], cancel=cancel)
    assert ncr.requests == []


def test_cancel_ends_a_back_off_wait_at_once(ncr):
    ncr.faults = [lambda req: response(429, {}, headers={'Retry-After': '30'}, request=req)] * 5
    client = Client(client_for(ncr)[0].settings, session=FakeSession(ncr))  # the real, interruptible wait
    cancel = Cancel()
    threading.Timer(0.2, cancel.set).start()
    start = time.time()
    with pytest.raises(NcrError, match='not sent'):
        client.get_json(['repositories'], cancel=cancel)
    assert time.time() - start < 5 and len(ncr.requests) == 1


class _Hostile(BaseHTTPRequestHandler):
    """A real server for what only a socket shows: a trickle, and a gzip bomb."""
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):  # pylint: disable=arguments-differ
        pass

    def do_GET(self):  # pylint: disable=invalid-name
        self.server.sent = 0
        try:
            if self.server.mode == 'trickle':
                for byte in b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}':
                    self.wfile.write(bytes([byte]))
                    self.server.sent += 1
                    time.sleep(0.2)
            else:
                data = self.server.bomb
                self.wfile.write(('HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n' % len(data)).encode())
                for start in range(0, len(data), 4096):
                    self.wfile.write(data[start:start + 4096])
                    self.server.sent += 4096
        except OSError:
            pass
        self.close_connection = True


@pytest.fixture
def hostile():
    server = ThreadingHTTPServer(('127.0.0.1', 0), _Hostile)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.05})
    thread.daemon = True
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def real_client(server, **options):
    opts = dict(endpoint='http://127.0.0.1:%d/ncr/api/v2' % server.server_address[1], access_key=ACCESS,
                secret_key='s', timeout=1, page_size=100, concurrency=4, retries=0, validate_certs=True)
    opts.update(options)
    return Client(connection_settings(opts, environ={}))


def test_a_trickling_server_is_cut_off_at_the_timeout(hostile):
    hostile.mode = 'trickle'
    client = real_client(hostile, timeout=1)
    start = time.time()
    with pytest.raises(NcrError) as err:
        client.get_json(['repositories'])
    elapsed = time.time() - start
    assert 'no answer within the timeout of 1 s' in str(err.value) and err.value.retryable
    # Every byte arrives well within a per-read timeout: only a deadline on the whole request stops it.
    assert 0.9 < elapsed < 2.0, elapsed
    client.close()


def test_a_gzip_bomb_is_refused_early(hostile):
    compressor = zlib.compressobj(1, zlib.DEFLATED, 31)
    hostile.bomb = b''.join([compressor.compress(b' ' * (1 << 20)) for dummy in range(256)] + [compressor.flush()])
    hostile.mode = 'bomb'
    client = real_client(hostile, timeout=30)
    tracemalloc.start()
    try:
        with pytest.raises(NcrError, match=r'refused: the answer \(decompressed\) grew past the 16 MiB'):
            client.get_json(['repositories'])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # 256 MiB decompressed, refused with about 16 MiB read, its chunks and one join.
    assert peak < 64 * 1024 * 1024, peak
    client.close()


def _deadline_threads():
    return [thread for thread in threading.enumerate() if thread.name == 'ncloud.ncr deadlines']


def test_every_deadline_is_watched_by_one_thread(hostile):
    hostile.mode = 'trickle'
    clients = [real_client(hostile, timeout=timeout) for timeout in (1.5, 0.5)]
    start = time.time()
    # The later, shorter deadline must not wait for the earlier, longer one.
    with ThreadPoolExecutor(max_workers=2) as pool:
        ends = list(pool.map(lambda c: _fails_after(c, start), clients))
    assert 0.4 < ends[1] < 1.0 < 1.4 < ends[0] < 2.2, ends
    assert len(_deadline_threads()) == 1
    for client in clients:
        client.close()


def _fails_after(client, start):
    with pytest.raises(NcrError, match='no answer within the timeout'):
        client.get_json(['repositories'])
    return time.time() - start


def test_a_forked_process_watches_its_own_deadlines(hostile):
    # Ansible's workers are forks of a process that may have listed before: the watchdog thread does not survive.
    hostile.mode = 'trickle'
    _fails_after(real_client(hostile, timeout=0.3), time.time())
    assert len(_deadline_threads()) == 1
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        code = 1
        try:
            client = real_client(hostile, timeout=0.5)
            start = time.time()
            try:
                client.get_json(['repositories'])
            except NcrError as exc:
                code = 0 if 'no answer within the timeout' in str(exc) and time.time() - start < 1.5 else 2
        finally:
            os.write(write, bytes([code]))
            os._exit(0)
    os.close(write)
    try:
        assert os.read(read, 1) == bytes([0])
    finally:
        os.close(read)
        os.waitpid(pid, 0)


def test_a_request_without_sign_carries_no_signature_and_keeps_its_method(ncr):
    ncr.faults = [lambda req: response(200, text='', headers={'Docker-Content-Digest': 'x'}, request=req)]
    client, dummy = client_for(ncr)
    answer, data, retries = client.request('https://registry.example.test/v2/web/manifests/1.0', method='HEAD',
                                           headers={'Accept': 'a/b', 'Content-Type': None})
    headers = ncr.headers_seen[0]
    assert not [name for name in headers if name.lower().startswith('x-ncp-')]
    assert headers['Accept'] == 'a/b' and 'Content-Type' not in headers
    assert (answer.status_code, data, retries) == (200, b'', 0)
    assert client.session.send_kwargs[0]['allow_redirects'] is False


def test_retry_after_applies_to_any_request(ncr):
    ncr.faults = [lambda req: response(503, text='busy', headers={'Retry-After': '3'}, request=req),
                  lambda req: response(200, text='ok', headers={}, request=req)]
    client, sleeps = client_for(ncr)
    answer, data, retries = client.request('https://registry.example.test/v2/')
    assert (answer.status_code, data, retries, sleeps) == (200, b'ok', 1, [3.0])


def test_proxies_are_chosen_per_origin_once(ncr, monkeypatch):
    monkeypatch.setenv('HTTPS_PROXY', 'http://proxy.example.test:3128')
    monkeypatch.setenv('NO_PROXY', 'registry.example.test')
    ncr.faults = [lambda req: response(200, text='', headers={}, request=req)] * 3
    client, dummy = client_for(ncr)
    monkeypatch.setenv('HTTPS_PROXY', 'http://changed.example.test:1')
    client.request('https://registry.example.test/v2/')
    client.request('https://auth.example.test/token')
    client.request('http://127.0.0.1:5000/v2/')
    registry, auth, loopback = [kwargs['proxies'] for kwargs in client.session.send_kwargs]
    assert 'https' not in registry
    # Read when the origin was first used, then kept: the change above reached the new origin only.
    assert auth['https'] == 'http://changed.example.test:1'
    assert loopback == {}


def test_the_caller_gives_the_body_cap_and_its_reason(ncr):
    ncr.faults = [lambda req: response(200, text='x' * 5000, headers={}, request=req)]
    client, dummy = client_for(ncr)
    capped = functools.partial(read_body, limit=4096, kind='a test answer')
    with pytest.raises(NcrError, match=r'^Request to https://registry\.example\.test:443/v2/big refused: the answer '
                                       r'\(decompressed\) grew past the 0 MiB a test answer may have'):
        client.request('https://registry.example.test/v2/big', read=capped)


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

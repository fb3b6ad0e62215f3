# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import ssl
import time

import pytest
import requests

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._transport import (
    RETRY_AFTER_MAX, backoff_delay, retry_after_seconds)
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import (
    ACCESS, FakeNcr, client_for, gateway_error, make_tag, response)


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
    ncr.faults = [wrapped_like_requests(ConnectionRefusedError(111, 'Connection refused'),
                                        requests.exceptions.ConnectionError)] * 2
    client, _sleeps = client_for(ncr, retries=1)
    with pytest.raises(NcrError) as err:
        client.get_json(['repositories'])
    assert str(err.value).endswith('connection error ([Errno 111] Connection refused) after 1 retry')


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

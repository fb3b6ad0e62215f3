# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Signed HTTP transport with retries. Internal use only: not a public API."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import random
import time
import traceback

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._signing import auth_headers

try:
    from urllib.parse import quote, urlencode
except ImportError:  # pragma: no cover
    from urllib import quote, urlencode  # type: ignore

try:
    import requests
    from requests.adapters import HTTPAdapter
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

RETRY_STATUSES = frozenset((429, 502, 503, 504))
BACKOFF_BASE = 0.5
BACKOFF_MAX = 8.0
# A Retry-After above this is capped, so one task waits at most retries * RETRY_AFTER_MAX seconds.
RETRY_AFTER_MAX = 30.0
SNIPPET_LEN = 200

HINTS = {
    401: 'Hint: check access_key and secret_key, and the clock of the host that runs the task: the gateway '
         'rejects timestamps more than 5 minutes away from its own.',
    403: 'Hint: the key pair is valid but lacks permission for Container Registry: check the sub account\'s '
         'policies (NCP_CONTAINER_REGISTRY_VIEWER or higher).',
    429: 'Hint: the API gateway throttled the requests; lower concurrency or raise retries.',
}

USER_AGENT = 'ansible-collection-ncloud.ncr'


def path_segment(value):
    """One path segment, every reserved character (``/`` included) percent-encoded."""
    return quote(value, safe='')


def retry_after_seconds(value, now=None):
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def backoff_delay(attempt, retry_after=None, rand=random.random):
    if retry_after is not None:
        return min(retry_after, RETRY_AFTER_MAX)
    # Full jitter keeps concurrent page fetches from retrying in lock step.
    return rand() * min(BACKOFF_MAX, BACKOFF_BASE * (2 ** attempt))


def _gateway_error(body):
    """``(errorCode, message, details)`` from the gateway's JSON error body, when it is one."""
    if isinstance(body, dict):
        err = body.get('error', body)
        if isinstance(err, dict) and any(k in err for k in ('errorCode', 'message', 'details')):
            code = err.get('errorCode')
            return (None if code is None else str(code)), err.get('message'), err.get('details')
    return None, None, None


def _snippet(text):
    text = ' '.join((text or '').split())
    return text[:SNIPPET_LEN] + ('...' if len(text) > SNIPPET_LEN else '')


class Client(object):
    """One keep-alive ``requests.Session`` per task; safe to share between threads for GETs."""

    def __init__(self, settings, session=None, sleep=time.sleep):
        if not HAS_REQUESTS:
            raise NcrError('The Python library "requests" is required on the host that runs this task '
                           '(pip install requests).')
        self.settings = settings
        self.sleep = sleep
        if session is None:
            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=1, pool_maxsize=max(10, settings.concurrency))
            session.mount('https://', adapter)
            session.mount('http://', adapter)
        self.session = session
        self.session.headers.update({'Content-Type': 'application/json', 'Accept': 'application/json',
                                     'User-Agent': USER_AGENT})
        # Proxies and CA bundle from the environment are read once: every request goes to the same host,
        # and with trust_env off requests skips re-reading the environment and ~/.netrc for each page.
        self.send_options = session.merge_environment_settings(settings.endpoint, {}, None, settings.verify, None)
        session.trust_env = False

    def close(self):
        self.session.close()

    def url(self, segments, query=None):
        path = '/'.join(path_segment(s) for s in segments)
        url = '%s/%s' % (self.settings.endpoint, path)
        if query:
            url += '?' + urlencode(query)
        return url

    def get_json(self, segments, query=None):
        """GET and decode a JSON object; retries transient failures; raises NcrError otherwise."""
        url = self.url(segments, query)
        attempt = 0
        while True:
            try:
                response = self._send(url)
            except NcrError as exc:
                if exc.retryable and attempt < self.settings.retries:
                    self.sleep(backoff_delay(attempt))
                    attempt += 1
                    continue
                if exc.retryable and attempt:
                    raise NcrError(exc.message + _after_retries(attempt), retryable=True)
                raise
            if response.status_code in RETRY_STATUSES and attempt < self.settings.retries:
                self.sleep(backoff_delay(attempt, retry_after_seconds(response.headers.get('Retry-After'))))
                attempt += 1
                continue
            return self._decode(response, attempt)

    def _send(self, url):
        prepared = self.session.prepare_request(requests.Request('GET', url))
        # Sign the target exactly as requests will put it on the wire.
        prepared.headers.update(auth_headers('GET', prepared.path_url, self.settings.access_key, self.settings.secret_key))
        try:
            return self.session.send(prepared, timeout=self.settings.timeout, allow_redirects=False, **self.send_options)
        except requests.exceptions.SSLError as exc:
            raise NcrError('TLS certificate verification failed for %s: %s. Set ca_cert to the CA bundle that signed '
                           'the server certificate (validate_certs=false disables the check and is discouraged).'
                           % (self.settings.endpoint, _first_line(root_cause(exc))))
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            raise NcrError('Request to %s failed: %s (%s)' % (prepared.path_url, _kind(exc, self.settings.timeout), _first_line(root_cause(exc))),
                           retryable=True)
        except requests.exceptions.RequestException as exc:
            raise NcrError('Request to %s failed: %s' % (prepared.path_url, _first_line(exc)))

    def _decode(self, response, attempt):
        target = response.request.path_url if response.request is not None else '?'
        tries = _after_retries(attempt)
        try:
            body = response.json()
        except ValueError:
            body = None
        if 200 <= response.status_code < 300:
            if not isinstance(body, dict):
                raise NcrError('GET %s: HTTP %d with a body that is not a JSON object%s: %s'
                               % (target, response.status_code, tries, _snippet(response.text)), status=response.status_code)
            return body
        code, message, details = _gateway_error(body)
        if message or details or code:
            text = 'GET %s failed%s: HTTP %d %s' % (target, tries, response.status_code, message or response.reason or '')
            if code:
                text += ' (errorCode %s)' % code
            if details:
                text += ': %s' % details
        else:
            text = 'GET %s failed%s: HTTP %d %s; response body (not the gateway\'s JSON error): %s' % (
                target, tries, response.status_code, response.reason or '', _snippet(response.text) or '(empty)')
        raise NcrError(text.rstrip(), status=response.status_code, error_code=code, api_message=message,
                       details=details, hint=HINTS.get(response.status_code))


def root_cause(exc):
    """The innermost exception behind requests' and urllib3's wrappers.

    Their own text repeats the pool, the URL and "Max retries exceeded" (urllib3's, not ours) and, cut to
    a snippet, loses the one part that explains the failure.
    """
    seen = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        inner = next((arg for arg in getattr(exc, 'args', ()) if isinstance(arg, BaseException)), None)
        if inner is None and isinstance(getattr(exc, 'reason', None), BaseException):
            inner = exc.reason
        if inner is None:
            inner = exc.__cause__ or exc.__context__
        if inner is None:
            break
        exc = inner
    return exc


def _after_retries(attempt):
    if not attempt:
        return ''
    return ' after %d %s' % (attempt, 'retry' if attempt == 1 else 'retries')


def _first_line(exc):
    text = str(exc)
    return _snippet(text.splitlines()[0] if text else type(exc).__name__)


def _kind(exc, timeout):
    if HAS_REQUESTS and isinstance(exc, requests.exceptions.ReadTimeout):
        return 'no answer within the timeout of %g s' % timeout
    if HAS_REQUESTS and isinstance(exc, requests.exceptions.ConnectTimeout):
        return 'no connection within the timeout of %g s' % timeout
    return 'connection error'

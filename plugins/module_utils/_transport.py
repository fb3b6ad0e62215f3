# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Signed HTTP transport with retries. Internal use only: not a public API."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import json
import random
import re
import socket
import threading
import time
import traceback

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._options import ENDPOINTS, _shown_url
from ansible_collections.ncloud.ncr.plugins.module_utils._signing import auth_headers

try:
    from urllib.parse import quote, urlencode, urlsplit
except ImportError:  # pragma: no cover
    from urllib import quote, urlencode  # type: ignore
    from urlparse import urlsplit  # type: ignore

try:
    import requests
    from requests.adapters import HTTPAdapter
    # urllib3 comes with requests: its connection classes are where a deadline can reach the socket.
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
    HTTPAdapter = HTTPConnection = HTTPSConnection = HTTPConnectionPool = HTTPSConnectionPool = object

RETRY_STATUSES = frozenset((429, 502, 503, 504))
BACKOFF_BASE = 0.5
BACKOFF_MAX = 8.0
# A Retry-After above this is capped, so one task waits at most retries * RETRY_AFTER_MAX seconds.
RETRY_AFTER_MAX = 30.0
SNIPPET_LEN = 200
# A body, decompressed, is refused past this size. The largest page NCR sends (1000 tags of 1-4 KB of JSON each)
# is a few MB; a bigger answer is broken or hostile, and reading it whole would cost the host its memory.
MAX_BODY = 16 * 1024 * 1024
# Small reads: urllib3 may decompress a whole read at once, and gzip expands up to ~1000 times.
READ_CHUNK = 16 * 1024
NO_API_RE = re.compile(r'no api match', re.I)

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


def _text(value):
    """A server-given message or details as a short string: a megabyte of details must not become the message."""
    if value is None or isinstance(value, str):
        return _snippet(value) or None
    return _snippet(json.dumps(value))


def _api_prefixes():
    prefixes = []
    for url in ENDPOINTS.values():
        if urlsplit(url).path not in prefixes:
            prefixes.append(urlsplit(url).path)
    return ', '.join(prefixes)


_current = threading.local()


class _Deadline(object):
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
        self.cancel = cancel
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.daemon = True

    def __enter__(self):
        _current.deadline = self
        self.timer.start()
        if self.cancel is not None:
            self.cancel.track(self)
        return self

    def __exit__(self, *exc_info):
        self.timer.cancel()
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


def _cut(conn):
    sock = getattr(conn, 'sock', None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except (OSError, ValueError):
            pass


class Cancel(object):
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
        def getresponse(self, *args, **kwargs):
            # The request is on the wire: from here on the deadline of this thread's request can cut it.
            deadline = getattr(_current, 'deadline', None)
            if deadline is not None:
                deadline.attach(self)
            return super(Watched, self).getresponse(*args, **kwargs)
    return Watched


class _Pool(HTTPConnectionPool):  # pylint: disable=too-few-public-methods
    ConnectionCls = _watched(HTTPConnection)


class _TlsPool(HTTPSConnectionPool):  # pylint: disable=too-few-public-methods
    ConnectionCls = _watched(HTTPSConnection)


_WATCHED_POOLS = {HTTPConnectionPool: _Pool, HTTPSConnectionPool: _TlsPool}


class _Adapter(HTTPAdapter):
    """requests' adapter whose connections a _Deadline can cut, direct or through an HTTP(S) proxy."""

    def init_poolmanager(self, *args, **kwargs):
        super(_Adapter, self).init_poolmanager(*args, **kwargs)
        _watch_pools(self.poolmanager)

    def proxy_manager_for(self, *args, **kwargs):
        manager = super(_Adapter, self).proxy_manager_for(*args, **kwargs)
        _watch_pools(manager)
        return manager


def _watch_pools(manager):
    # Only urllib3's own pool classes are swapped: a SOCKS proxy manager keeps its own (and no deadline).
    manager.pool_classes_by_scheme = dict((scheme, _WATCHED_POOLS.get(cls, cls))
                                          for scheme, cls in manager.pool_classes_by_scheme.items())


class Client(object):
    """One keep-alive ``requests.Session`` per task; safe to share between threads for GETs."""

    def __init__(self, settings, session=None, sleep=None):
        if not HAS_REQUESTS:
            raise NcrError('The Python library "requests" is required on the host that runs this task '
                           '(pip install requests).')
        self.settings = settings
        # Tests inject a sleep that records the waits; the real wait ends early when a listing is cancelled.
        self.sleep = sleep
        parts = urlsplit(settings.endpoint)
        host = '[%s]' % parts.hostname if ':' in parts.hostname else parts.hostname
        # Scheme, host and port: what a connection error or a timeout is about.
        self.origin = '%s://%s:%d' % (parts.scheme, host, parts.port or (443 if parts.scheme == 'https' else 80))
        if session is None:
            session = requests.Session()
            adapter = _Adapter(pool_connections=1, pool_maxsize=max(10, settings.concurrency))
            session.mount('https://', adapter)
            session.mount('http://', adapter)
        self.session = session
        self.session.headers.update({'Content-Type': 'application/json', 'Accept': 'application/json',
                                     'User-Agent': USER_AGENT})
        # Proxies and CA bundle from the environment are read once: every request goes to the same host,
        # and with trust_env off requests skips re-reading the environment and ~/.netrc for each page.
        self.send_options = session.merge_environment_settings(settings.endpoint, {}, True, settings.verify, None)
        if parts.scheme == 'http':
            # Plain http is allowed to loopback only, so that the signed request never travels in clear text:
            # a proxy (HTTP_PROXY, ALL_PROXY) would carry it off the machine, and answer in the server's name.
            self.send_options['proxies'] = {}
        session.trust_env = False

    def close(self):
        self.session.close()

    def url(self, segments, query=None):
        path = '/'.join(path_segment(s) for s in segments)
        url = '%s/%s' % (self.settings.endpoint, path)
        if query:
            url += '?' + urlencode(query)
        return url

    def get_json(self, segments, query=None, cancel=None, allow_list=False):
        """GET and decode a JSON object (or, with ``allow_list``, a JSON array); retries transient failures; raises NcrError otherwise.

        ``cancel`` (a Cancel) stops this request, and its retries, when another request of a listing failed.
        """
        url = self.url(segments, query)
        attempt = 0
        while True:
            if cancel is not None and cancel.is_set():
                raise NcrError('GET %s: not sent, another request of the listing failed.' % url)
            try:
                response, data = self._send(url, cancel)
            except NcrError as exc:
                if exc.retryable and attempt < self.settings.retries:
                    self._pause(backoff_delay(attempt), cancel)
                    attempt += 1
                    continue
                if exc.retryable and attempt:
                    raise NcrError(exc.message + _after_retries(attempt), retryable=True)
                raise
            if response.status_code in RETRY_STATUSES and attempt < self.settings.retries:
                self._pause(backoff_delay(attempt, retry_after_seconds(response.headers.get('Retry-After'))), cancel)
                attempt += 1
                continue
            return self._decode(response, data, attempt, allow_list)

    def _pause(self, seconds, cancel):
        if self.sleep is not None:
            self.sleep(seconds)
        elif cancel is not None:
            cancel.wait(seconds)
        else:
            time.sleep(seconds)

    def _send(self, url, cancel=None):
        """``(response, body bytes)``; the whole request, body included, within the timeout."""
        prepared = self.session.prepare_request(requests.Request('GET', url))
        # Sign the target exactly as requests will put it on the wire.
        prepared.headers.update(auth_headers('GET', prepared.path_url, self.settings.access_key, self.settings.secret_key))
        where = self.origin + prepared.path_url
        timeout = self.settings.timeout
        deadline = _Deadline(timeout, cancel)
        try:
            with deadline:
                response = self.session.send(prepared, timeout=timeout, allow_redirects=False, **self.send_options)
                try:
                    data = _read_body(response, where)
                finally:
                    response.close()
            if deadline.expired:
                raise requests.exceptions.ReadTimeout('the answer was cut off at the deadline')
            return response, data
        except requests.exceptions.SSLError as exc:
            if isinstance(self.settings.verify, str):
                hint = ('The CA bundle in ca_cert (%s) did not verify it: check that it holds the CA that signed the '
                        'server certificate and that the certificate names the host.' % self.settings.verify)
            else:
                hint = ('Set ca_cert to the CA bundle that signed the server certificate (validate_certs=false disables '
                        'the check and is discouraged).')
            raise NcrError('TLS certificate verification failed for %s%s: %s. %s'
                           % (self.origin, urlsplit(self.settings.endpoint).path, _first_line(root_cause(exc)), hint))
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                requests.exceptions.ChunkedEncodingError) as exc:
            if deadline.expired and cancel is not None and cancel.is_set():
                raise NcrError('GET %s: cut off, another request of the listing failed.' % where)
            if deadline.expired and not isinstance(exc, requests.exceptions.ConnectTimeout):
                kind = 'no answer within the timeout of %g s' % timeout
                cause = 'connect, headers and body must all arrive within it'
            else:
                kind, cause = _kind(exc, timeout), _first_line(root_cause(exc))
            raise NcrError('Request to %s failed: %s (%s)' % (where, kind, cause), retryable=True)
        except requests.exceptions.RequestException as exc:
            raise NcrError('Request to %s failed: %s' % (where, _first_line(root_cause(exc))))

    def _decode(self, response, data, attempt, allow_list=False):
        target = response.request.path_url if response.request is not None else '?'
        status = response.status_code
        tries = _after_retries(attempt)
        try:
            body = json.loads(data.decode(requests.utils.guess_json_utf(data) or 'utf-8')) if data else None
        except ValueError:  # UnicodeDecodeError included
            body = None
        except RecursionError:
            # Not status: an unreadable answer says nothing about what exists.
            raise NcrError('GET %s: HTTP %d with JSON nested too deeply to read (the answer is not an NCR one)%s.'
                           % (target, status, tries))
        if 200 <= status < 300:
            if not isinstance(body, dict) and not (allow_list and isinstance(body, list)):
                raise NcrError('GET %s: HTTP %d with a body that is not a JSON object%s: %s'
                               % (target, status, tries, _body_snippet(data)), status=status)
            return body
        if 300 <= status < 400:
            location = response.headers.get('Location')
            raise NcrError('GET %s: HTTP %d redirect to %s, not followed (a signed request is never sent elsewhere): '
                           'check endpoint, which must be the API base URL itself.'
                           % (target, status, _snippet(_shown_url(location)) if location else 'nowhere (no Location)'),
                           status=status)
        code, message, details = _gateway_error(body)
        code, message, details = _text(code), _text(message), _text(details)
        hint = HINTS.get(status)
        option = None
        if status == 404 and any(NO_API_RE.search(text) for text in (message, details) if text):
            # The gateway knows no API at this path: the endpoint is wrong, not the registry or the image.
            option = 'endpoint'
            hint = ('Hint: the endpoint\'s path is wrong (endpoint is %s): an NCR v2 endpoint ends in its API prefix, '
                    'one of %s; site and region pick the right one.' % (self.settings.endpoint, _api_prefixes()))
        if message or details or code:
            text = 'GET %s failed%s: HTTP %d %s' % (target, tries, status, message or response.reason or '')
            if code:
                text += ' (errorCode %s)' % code
            if details:
                text += ': %s' % details
        else:
            text = 'GET %s failed%s: HTTP %d %s; response body (not the gateway\'s JSON error): %s' % (
                target, tries, status, response.reason or '', _body_snippet(data) or '(empty)')
        raise NcrError(text.rstrip(), status=status, error_code=code, api_message=message,
                       details=details, hint=hint, option=option)


def _read_body(response, where):
    """The body, decompressed, streamed and refused past MAX_BODY: a huge or endless answer or a gzip bomb
    costs at most that much memory."""
    declared = response.headers.get('Content-Length', '')
    if declared.strip().isdigit() and int(declared) > MAX_BODY:
        raise NcrError('Request to %s refused: the answer is %s bytes, more than the %d MiB an NCR answer may have.'
                       % (where, declared.strip(), MAX_BODY // (1024 * 1024)))
    chunks, size = [], 0
    for chunk in response.iter_content(READ_CHUNK):
        size += len(chunk)
        if size > MAX_BODY:
            raise NcrError('Request to %s refused: the answer (decompressed) grew past the %d MiB an NCR answer may '
                           'have; the rest was not read.' % (where, MAX_BODY // (1024 * 1024)))
        chunks.append(chunk)
    return b''.join(chunks)


def _body_snippet(data):
    return _snippet(data[:SNIPPET_LEN * 8].decode('utf-8', 'replace'))


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

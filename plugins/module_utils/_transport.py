# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP transport with retries: the rules every request follows (TLS, proxies, deadline, body cap, retries), and the
API's signature as one layer over them. Internal use only: not a public API."""

import email.utils
import os
import random
import threading
import time
import traceback
from urllib.parse import quote, urlencode, urlsplit

from ansible_collections.ncloud.ncr.plugins.module_utils._answers import after_retries, decimal, decode, first_line, read_body, root_cause
from ansible_collections.ncloud.ncr.plugins.module_utils._deadline import Adapter, Deadline
from ansible_collections.ncloud.ncr.plugins.module_utils._endpoints import shown_url
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._signing import auth_headers

try:
    import requests
    from requests.utils import get_environ_proxies, select_proxy
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
USER_AGENT = 'ansible-collection-ncloud.ncr'
REQUESTS_MISSING = ('ncloud.ncr needs the Python library "requests" on the host that runs the task: the managed host for '
                    'a module; for a lookup, the controller, in the Python that runs ansible (pip install requests).')


def path_segment(value):
    """One path segment, every reserved character (``/`` included) percent-encoded."""
    return quote(value, safe='')


def retry_after_seconds(value, now=None):
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    seconds = decimal(value, digits=40)
    if seconds is not None:
        return float(seconds)
    try:
        when = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def backoff_delay(attempt, retry_after=None, rand=random.random):
    if retry_after is not None:
        return min(retry_after, RETRY_AFTER_MAX)
    # Full jitter keeps concurrent page fetches from retrying in lock step.
    return rand() * min(BACKOFF_MAX, BACKOFF_BASE * (2 ** attempt))


class Client:
    """One keep-alive ``requests.Session`` per task; safe to share between threads for GETs."""

    def __init__(self, settings, session=None, sleep=None):
        if not HAS_REQUESTS:
            raise NcrError(REQUESTS_MISSING)
        self.settings = settings
        # Tests inject a sleep that records the waits; the real wait ends early when a listing is cancelled.
        self.sleep = sleep
        # Scheme, host and port: what a connection error or a timeout is about.
        self.origin = origin_of(settings.endpoint)
        if session is None:
            session = requests.Session()
            # One pool per host a task may reach, each kept alive: the API, and for the registry's own API the registry,
            # its token realm and its blob storage.
            adapter = Adapter(pool_connections=4, pool_maxsize=max(10, settings.concurrency))
            session.mount('https://', adapter)
            session.mount('http://', adapter)
        self.session = session
        self.session.headers.update({'Content-Type': 'application/json', 'Accept': 'application/json',
                                     'User-Agent': USER_AGENT})
        # Each origin's proxies and CA bundle from the environment are read once (see route_options); with trust_env
        # off requests skips re-reading the environment and ~/.netrc for each page.
        session.trust_env = False
        self.routes = {}
        self.routes_lock = threading.Lock()
        self.send_options = self.route(settings.endpoint)  # the API's, read now

    def close(self):
        self.session.close()

    def url(self, segments, query=None):
        path = '/'.join(path_segment(s) for s in segments)
        url = '%s/%s' % (self.settings.endpoint, path)
        if query:
            url += '?' + urlencode(query)
        return url

    def get_json(self, segments, query=None, cancel=None, allow_list=False, sized=False):
        """GET and decode a JSON object (or, with ``allow_list``, a JSON array); retries transient failures; raises NcrError otherwise.

        ``cancel`` (a Cancel) stops this request, and its retries, when another request of a listing failed.
        With ``sized``, ``(answer, bytes of its body)``: what a listing counts against its bound.
        """
        response, data, attempt = self.request(self.url(segments, query), sign=self.sign, cancel=cancel)
        answer = decode(response, data, attempt, self.settings.endpoint, allow_list)
        return (answer, len(data)) if sized else answer

    def sign(self, prepared):
        """The API's signature layer: the headers of NCP API Gateway signature v2, over the target exactly as requests
        will put it on the wire."""
        prepared.headers.update(auth_headers(prepared.method, prepared.path_url, self.settings.access_key,
                                             self.settings.secret_key))

    def route(self, url):
        """The send options (proxies, CA bundle) of ``url``'s origin, read from the environment once per origin."""
        origin = origin_of(url)
        with self.routes_lock:
            options = self.routes.get(origin)
            if options is None:
                options = self.routes[origin] = route_options(url, self.settings.verify)
        return options

    def request(self, url, method='GET', headers=None, sign=None, read=read_body, cancel=None, shown=None):
        """``(response, body bytes, retries made)`` of one request, with the transport's rules: the whole request within
        ``timeout``, the body read by ``read(response, where)`` (bounded), HTTP 429, 502, 503, 504, dropped connections
        and timeouts retried (``Retry-After`` honoured), redirects never followed. Any other answer is returned as it is.

        ``sign(prepared)`` adds the request's credentials, if any: the API's signature, or a registry's Authorization.
        ``shown`` names the request in messages instead of its URL (one whose query is a credential, such as a
        pre-signed storage URL's).
        """
        attempt = 0
        while True:
            if cancel is not None and cancel.is_set():
                raise NcrError('%s %s: not sent, another request of the listing failed.' % (method, shown or url))
            try:
                response, data = self._send(method, url, headers, sign, read, cancel, shown)
            except NcrError as exc:
                if exc.retryable and attempt < self.settings.retries:
                    self._pause(backoff_delay(attempt), cancel)
                    attempt += 1
                    continue
                if exc.retryable and attempt:
                    raise exc.retold(exc.message + after_retries(attempt)) from exc
                raise
            if response.status_code in RETRY_STATUSES and attempt < self.settings.retries:
                self._pause(backoff_delay(attempt, retry_after_seconds(response.headers.get('Retry-After'))), cancel)
                attempt += 1
                continue
            return response, data, attempt

    def _pause(self, seconds, cancel):
        if self.sleep is not None:
            self.sleep(seconds)
        elif cancel is not None:
            cancel.wait(seconds)
        else:
            time.sleep(seconds)

    def _send(self, method, url, headers=None, sign=None, read=read_body, cancel=None, shown=None):
        """``(response, body bytes)``; the whole request, body included, within the timeout."""
        prepared = self.session.prepare_request(requests.Request(method, url, headers=headers))
        if sign is not None:
            sign(prepared)
        origin = origin_of(url)
        where = shown or origin + prepared.path_url
        options = self.route(url)
        proxy = select_proxy(url, options['proxies']) if options['proxies'] else None
        # A failure may be the proxy's: every message says when one was used (credentials in its URL masked).
        via = ' through the proxy %s' % shown_url(proxy) if proxy else ''
        timeout = self.settings.timeout
        deadline = Deadline(timeout, cancel)
        try:
            with deadline:
                response = self.session.send(prepared, timeout=timeout, allow_redirects=False, **options)
                try:
                    data = read(response, where)
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
            # The API is named by its base URL, any other server by the request.
            named = origin + urlsplit(self.settings.endpoint).path if origin == self.origin else where
            if deadline.expired:
                # A handshake cut off at the deadline is no verdict on the certificate.
                raise NcrError('Request to %s%s failed: no answer within the timeout of %g s (connect, headers and body '
                               'must all arrive within it)' % (where, via, timeout), retryable=True) from exc
            raise NcrError('TLS certificate verification failed for %s%s: %s. %s'
                           % (named, via, first_line(root_cause(exc)), hint)) from exc
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                requests.exceptions.ChunkedEncodingError) as exc:
            if deadline.expired and cancel is not None and cancel.is_set():
                raise NcrError('%s %s: cut off, another request of the listing failed.' % (method, where)) from exc
            cause = root_cause(exc)
            if isinstance(cause, ConnectionRefusedError) and not deadline.expired:
                # Nothing listens there: retrying only delays the message (a service being restarted is the rare
                # exception, and a task run again a moment later covers it).
                raise NcrError('Request to %s%s failed: connection refused (%s); not retried.'
                               % (where, via, first_line(cause)), hint=self._refused_hint(origin, proxy)) from exc
            if deadline.expired and not isinstance(exc, requests.exceptions.ConnectTimeout):
                kind = 'no answer within the timeout of %g s' % timeout
                cause = 'connect, headers and body must all arrive within it'
            else:
                kind = _kind(exc, timeout)
                cause = first_line(cause)
            raise NcrError('Request to %s%s failed: %s (%s)' % (where, via, kind, cause), retryable=True) from exc
        except requests.exceptions.RequestException as exc:
            raise NcrError('Request to %s%s failed: %s' % (where, via, first_line(root_cause(exc)))) from exc

    def _refused_hint(self, origin, proxy):
        if proxy:
            return ('Hint: the proxy %s refused the connection: check HTTPS_PROXY (or ALL_PROXY) and NO_PROXY on the host '
                    'that runs the task, and that the proxy is running.' % shown_url(proxy))
        option = 'endpoint' if origin == self.origin else 'registry_url'
        return ('Hint: nothing accepts connections at %s: check %s (host and port; without it, site and region give '
                'NCP\'s own), that the NCR API, or the simulator, is running there and reachable from the host that runs '
                'the task, and whether a proxy is needed (HTTPS_PROXY, NO_PROXY).' % (origin, option))


def origin_of(url):
    """Scheme, host and port of ``url``: what a connection error or a timeout is about, and what proxies are chosen by."""
    parts = urlsplit(url)
    host = '[%s]' % parts.hostname if ':' in parts.hostname else parts.hostname
    return '%s://%s:%d' % (parts.scheme, host, parts.port or (443 if parts.scheme == 'https' else 80))


def route_options(url, verify):
    """The send options for ``url`` that requests would take from the environment itself (its ``trust_env``): the
    proxies for that host (NO_PROXY honoured) and, when ``verify`` is True, REQUESTS_CA_BUNDLE or
    CURL_CA_BUNDLE."""
    if urlsplit(url).scheme == 'http':
        # Plain http is allowed to loopback only, so that credentials never travel in clear text: a proxy
        # (HTTP_PROXY, ALL_PROXY) would carry them off the machine, and answer in the server's name.
        proxies = {}
    else:
        proxies = get_environ_proxies(url)
    if verify is True:
        verify = os.environ.get('REQUESTS_CA_BUNDLE') or os.environ.get('CURL_CA_BUNDLE') or True
    return {'proxies': proxies, 'stream': True, 'verify': verify, 'cert': None}


def _kind(exc, timeout):
    if HAS_REQUESTS and isinstance(exc, requests.exceptions.ReadTimeout):
        return 'no answer within the timeout of %g s' % timeout
    if HAS_REQUESTS and isinstance(exc, requests.exceptions.ConnectTimeout):
        return 'no connection within the timeout of %g s' % timeout
    return 'connection error'

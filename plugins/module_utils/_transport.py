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

from ansible_collections.ncloud.ncr.plugins.module_utils._answers import after_retries, decode, first_line, read_body, root_cause
from ansible_collections.ncloud.ncr.plugins.module_utils._deadline import Adapter, Deadline
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._signing import auth_headers

try:
    from urllib.parse import quote, urlencode, urlsplit
except ImportError:  # pragma: no cover
    from urllib import quote, urlencode  # type: ignore
    from urlparse import urlsplit  # type: ignore

try:
    import requests
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


class Client(object):
    """One keep-alive ``requests.Session`` per task; safe to share between threads for GETs."""

    def __init__(self, settings, session=None, sleep=None):
        if not HAS_REQUESTS:
            raise NcrError(REQUESTS_MISSING)
        self.settings = settings
        # Tests inject a sleep that records the waits; the real wait ends early when a listing is cancelled.
        self.sleep = sleep
        parts = urlsplit(settings.endpoint)
        host = '[%s]' % parts.hostname if ':' in parts.hostname else parts.hostname
        # Scheme, host and port: what a connection error or a timeout is about.
        self.origin = '%s://%s:%d' % (parts.scheme, host, parts.port or (443 if parts.scheme == 'https' else 80))
        if session is None:
            session = requests.Session()
            adapter = Adapter(pool_connections=1, pool_maxsize=max(10, settings.concurrency))
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
                    raise exc.retold(exc.message + after_retries(attempt)) from exc
                raise
            if response.status_code in RETRY_STATUSES and attempt < self.settings.retries:
                self._pause(backoff_delay(attempt, retry_after_seconds(response.headers.get('Retry-After'))), cancel)
                attempt += 1
                continue
            return decode(response, data, attempt, self.settings.endpoint, allow_list)

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
        deadline = Deadline(timeout, cancel)
        try:
            with deadline:
                response = self.session.send(prepared, timeout=timeout, allow_redirects=False, **self.send_options)
                try:
                    data = read_body(response, where)
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
                           % (self.origin, urlsplit(self.settings.endpoint).path, first_line(root_cause(exc)), hint)) from exc
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                requests.exceptions.ChunkedEncodingError) as exc:
            if deadline.expired and cancel is not None and cancel.is_set():
                raise NcrError('GET %s: cut off, another request of the listing failed.' % where) from exc
            if deadline.expired and not isinstance(exc, requests.exceptions.ConnectTimeout):
                kind = 'no answer within the timeout of %g s' % timeout
                cause = 'connect, headers and body must all arrive within it'
            else:
                kind, cause = _kind(exc, timeout), first_line(root_cause(exc))
            raise NcrError('Request to %s failed: %s (%s)' % (where, kind, cause), retryable=True) from exc
        except requests.exceptions.RequestException as exc:
            raise NcrError('Request to %s failed: %s' % (where, first_line(root_cause(exc)))) from exc


def _kind(exc, timeout):
    if HAS_REQUESTS and isinstance(exc, requests.exceptions.ReadTimeout):
        return 'no answer within the timeout of %g s' % timeout
    if HAS_REQUESTS and isinstance(exc, requests.exceptions.ConnectTimeout):
        return 'no connection within the timeout of %g s' % timeout
    return 'connection error'

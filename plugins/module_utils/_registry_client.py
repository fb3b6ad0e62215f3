# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Requests to a registry's own API (the data plane, ``/v2/``): where it is, its answers told as NcrErrors, blob
redirects to storage. Authentication is _registry_auth's; the manifests' meaning is _manifests'.

Every request goes through the task's _transport.Client, so it keeps the transport's rules: TLS (validate_certs,
ca_cert), proxies, the whole-request deadline, retries with Retry-After, a bounded body.

Internal use only: not a public API.
"""

import threading
from urllib.parse import quote, urljoin, urlsplit

from ansible_collections.ncloud.ncr.plugins.module_utils._answers import after_retries, json_object, read_body, snippet
from ansible_collections.ncloud.ncr.plugins.module_utils._endpoints import registry_host, server_url_problem, shown_url
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError, NotFound, option_error
from ansible_collections.ncloud.ncr.plugins.module_utils._registry_auth import CREDENTIALS_HINT, RegistryAuth, parse_challenges
from ansible_collections.ncloud.ncr.plugins.module_utils._transport import origin_of

# The distribution registry's own manifest limit; a config blob or a token answer is far smaller still.
MAX_REGISTRY_BODY = 4 * 1024 * 1024
REDIRECTS = frozenset((301, 302, 303, 307, 308))
MAX_REDIRECTS = 3
JSON_HEADERS = {'Accept': 'application/json', 'Content-Type': None}


def read_registry_body(response, where):
    """A registry answer's body, refused past MAX_REGISTRY_BODY while it is read (at most that much memory)."""
    return read_body(response, where, limit=MAX_REGISTRY_BODY, kind='a manifest, config blob or token answer')


def no_body(response, where):
    """A HEAD answer has no body to read."""
    return b''


def registry_url(settings, registry):
    """The base URL of ``registry``'s own API: registry_url, else ``https://`` and the pull host of site and region."""
    if settings.registry_url:
        return settings.registry_url
    host = registry_host(settings, registry)
    if host is None:
        raise option_error('registry_url', 'is needed: site %r, region %r has no documented registry host to derive it '
                                           'from; give the registry\'s https:// URL' % (settings.site, settings.region))
    return 'https://' + host


def _error_text(data):
    """What a registry's error body says: its first ``errors`` entry's code and message, else a snippet of it."""
    body = json_object(data)
    errors = body.get('errors') if body is not None else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        code = errors[0].get('code')
        message = errors[0].get('message')
        return snippet(': '.join(str(part) for part in (code, message) if part is not None)) or None
    return snippet(data[:2000].decode('utf-8', 'replace')) or None


class RegistryClient:
    """One registry for one task: its URL, its authentication state, and requests with the transport's rules."""

    def __init__(self, transport, url, clock=None):
        self.transport = transport
        self.url = url
        self.origin = origin_of(url)
        # host[:port]: what a pull reference names (host/image@digest).
        self.host = urlsplit(url).netloc
        settings = transport.settings
        credentials = (settings.registry_username, settings.registry_password, settings.registry_credentials_source)
        extra = {} if clock is None else {'clock': clock}
        self.auth = RegistryAuth(transport, self.origin, credentials, read_registry_body, **extra)
        self.pinged = False
        self.ping_lock = threading.Lock()

    def ping(self, cancel=None):
        """``GET /v2/`` once: whether, and how, the registry wants credentials (its challenge)."""
        with self.ping_lock:
            if self.pinged:
                return
            response, data, retries = self.transport.request(self.url + '/v2/', headers=JSON_HEADERS,
                                                             read=read_registry_body, cancel=cancel)
            if response.status_code == 401:
                self.auth.adopt(response.headers.get('WWW-Authenticate'), 'GET %s/v2/' % self.url)
            elif not 200 <= response.status_code < 300:
                raise self.error('GET', '/v2/', response, data, retries, ping=True)
            self.pinged = True

    def authenticate(self, image, cancel=None):
        """What the requests for ``image`` need before they go: the challenge, and the token when one is asked for."""
        self.ping(cancel)
        self.auth.prepare(image, cancel)

    def get(self, method, path, image, headers, cancel=None):
        """``(response, body)`` of a 2xx answer to ``method`` on ``path`` (under the registry URL) for ``image``.

        404 is a NotFound; any other answer an NcrError naming the host and the request. A token the registry refuses
        before its time is replaced once; a registry that challenges only here (not at ``/v2/``) is answered once.
        """
        response, data, retries = self._authorized(method, path, image, headers, cancel)
        if 200 <= response.status_code < 300:
            return response, data
        raise self.error(method, path, response, data, retries)

    def blob(self, image, digest, cancel=None):
        """A blob's bytes (bounded). A redirect to storage is followed without the registry's Authorization, and never
        to plain http off loopback."""
        path = '/v2/%s/blobs/%s' % (quote(image, safe='/'), quote(digest, safe=':'))
        headers = {'Accept': '*/*', 'Content-Type': None}
        response, data, retries = self._authorized('GET', path, image, headers, cancel)
        current = self.url + path
        for dummy in range(MAX_REDIRECTS):
            if response.status_code not in REDIRECTS:
                break
            location = response.headers.get('Location')
            if not location:
                raise NcrError('GET %s: HTTP %d redirect without a Location.' % (current, response.status_code),
                               status=response.status_code)
            target = urljoin(current, location.strip())
            problem = server_url_problem(target)
            if problem:
                raise NcrError('GET %s: HTTP %d redirect to %s, not followed: %s.'
                               % (shown_url(current), response.status_code, snippet(shown_url(target)), problem),
                               status=response.status_code)
            # No sign: storage gets no Authorization, whatever host it is on. Its query (a pre-signed URL's
            # signature) is masked in every message.
            current = target
            response, data, retries = self.transport.request(target, headers=headers, read=read_registry_body,
                                                             cancel=cancel, shown=shown_url(target))
        if 200 <= response.status_code < 300:
            return data
        if current == self.url + path:
            raise self.error('GET', path, response, data, retries)
        text = 'GET %s (the blob %s of %s, redirected): HTTP %d %s%s' % (
            shown_url(current), digest, image, response.status_code, snippet(response.reason), after_retries(retries))
        detail = _error_text(data)
        raise (NotFound if response.status_code == 404 else NcrError)(
            text.rstrip() + (': %s' % detail if detail else ''), status=response.status_code)

    def _authorized(self, method, path, image, headers, cancel):
        self.ping(cancel)
        url = self.url + path
        read = no_body if method == 'HEAD' else read_registry_body
        for attempt in (0, 1):
            fresh = self.auth.prepare(image, cancel)
            response, data, retries = self.transport.request(url, method=method, headers=headers, read=read,
                                                             sign=self.auth.signer(image), cancel=cancel)
            if response.status_code != 401 or attempt:
                break
            if self.auth.scheme == 'bearer' and not fresh:
                self.auth.forget(image)
            elif self.auth.scheme is None and response.headers.get('WWW-Authenticate'):
                self.auth.adopt(response.headers.get('WWW-Authenticate'), '%s %s' % (method, url))
            else:
                break
        return response, data, retries

    def error(self, method, path, response, data, retries, ping=False):
        """The NcrError of a registry answer that is not a 2xx: a NotFound for 404 (but for ``/v2/`` itself)."""
        status = response.status_code
        text = '%s %s%s: HTTP %d %s%s' % (method, self.url, path, status, snippet(response.reason), after_retries(retries))
        text = text.rstrip()
        detail = _error_text(data)
        if detail:
            text += ' (%s)' % detail
        hint = None
        option = None
        if status in REDIRECTS:
            location = response.headers.get('Location')
            text += '; redirect to %s not followed: the registry API is read from registry_url itself' % (
                snippet(shown_url(location)) if location else 'nowhere (no Location)')
        elif status == 401:
            challenge = dict(parse_challenges(response.headers.get('WWW-Authenticate'))).get(self.auth.scheme or '', {})
            text += '; the registry refused the credentials (from %s)' % self.transport.settings.registry_credentials_source
            if challenge.get('error') == 'insufficient_scope':
                text += ', which may not pull %s (insufficient_scope)' % image_of(path)
            hint = CREDENTIALS_HINT
        elif status == 403:
            hint = 'Hint: the credentials are valid but may not pull this image: check their permissions.'
        elif status == 404 and ping:
            option = 'registry_url'
            hint = ('Hint: registry_url (%s) serves no registry API at /v2/: it must be the registry\'s own host, the '
                    'one docker pull uses.' % self.url)
        error = NotFound if status == 404 and not ping else NcrError
        return error(text, status=status, hint=hint, option=option)


def image_of(path):
    """The image a ``/v2/<image>/manifests|blobs/...`` path names."""
    return path[4:].rsplit('/', 2)[0]

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A registry's authentication: its challenge (``WWW-Authenticate``), then Basic credentials or a Bearer token.

Which host sees which credential is decided here, and only here: the Basic credentials go to the registry host when
it asks for Basic, and to the token realm when it asks for Bearer (the token request); a Bearer token goes to the
registry host only. Nothing goes to any other host (a blob's storage, whatever a redirect names).

Internal use only: not a public API. No message here ever shows a credential or a token.
"""

import base64
import re
import threading
import time
from urllib.parse import urlencode

from ansible_collections.ncloud.ncr.plugins.module_utils._answers import json_object, snippet
from ansible_collections.ncloud.ncr.plugins.module_utils._endpoints import server_url_problem, shown_url
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._signing import encode_secret
from ansible_collections.ncloud.ncr.plugins.module_utils._transport import origin_of

# The distribution spec's default lifetime of a token that does not say its own.
DEFAULT_EXPIRES_IN = 60
# A token is not reused in its last seconds: the request it goes with must reach the registry before it expires.
EXPIRY_MARGIN = 5
_SCHEME_RE = re.compile(r'[ \t,]*([A-Za-z][A-Za-z0-9!#$%&\'*+.^_`|~-]*)(?=[ \t]|,|\Z)')
_PARAM_RE = re.compile(r'[ \t]*([A-Za-z][A-Za-z0-9_-]*)[ \t]*=[ \t]*("(?:[^"\\]|\\.)*"|[^\s,"]*)[ \t]*(?:,|\Z)')
# What may go into an Authorization header as a token: printable ASCII without spaces.
_TOKEN_RE = re.compile(r'[\x21-\x7e]+\Z')
CREDENTIALS_HINT = ('Hint: check registry_username and registry_password (by default the NCP access key and secret key, '
                    'which is what docker login takes for NCR).')


def parse_challenges(header):
    """``[(scheme in lower case, {param: value})]`` from a ``WWW-Authenticate`` header (several challenges may be
    joined by commas); what cannot be read ends the list."""
    challenges = []
    pos = 0
    header = header or ''
    while pos < len(header):
        match = _SCHEME_RE.match(header, pos)
        if match is None:
            break
        scheme = match.group(1).lower()
        params = {}
        pos = match.end()
        while True:
            param = _PARAM_RE.match(header, pos)
            if param is None:
                break
            value = param.group(2)
            if value.startswith('"'):
                value = re.sub(r'\\(.)', r'\1', value[1:-1])
            params[param.group(1).lower()] = value
            pos = param.end()
        challenges.append((scheme, params))
    return challenges


def basic_header(username, password):
    # Encoded here, not by requests (latin-1 only): a password read from a non-UTF-8 environment keeps its bytes.
    pair = encode_secret(username) + b':' + encode_secret(password)
    return 'Basic ' + base64.b64encode(pair).decode('ascii')


class RegistryAuth:
    """The authentication state of one registry for one task: its challenge's scheme, and the tokens by scope.

    ``transport`` is the task's _transport.Client (every request keeps its rules), ``origin`` the registry's
    (_transport.origin_of), ``source`` where the credentials came from (for messages), ``read`` the registry's body
    reader (bounded), ``clock`` a monotonic clock (tests move it).
    """

    def __init__(self, transport, origin, credentials, read, clock=time.monotonic):
        self.transport = transport
        self.origin = origin
        self.username, self.password, self.source = credentials
        self.read = read
        self.clock = clock
        self.scheme = None
        self.challenge = {}
        self.tokens = {}
        self.lock = threading.Lock()

    def adopt(self, header, where):
        """Take the challenge of a 401 (``where`` named the request): Bearer when offered, else Basic."""
        challenges = dict(parse_challenges(header))
        if 'bearer' in challenges:
            realm = challenges['bearer'].get('realm')
            if not realm:
                raise NcrError('%s: the registry asks for a Bearer token but names no realm to get it from.' % where)
            problem = server_url_problem(realm)
            if problem:
                raise NcrError('%s: the registry asks for a token from the realm %s, which is refused: %s, and the '
                               'credentials sent there would travel in clear text or to a host that cannot be judged.'
                               % (where, snippet(shown_url(realm)), problem))
            self.scheme = 'bearer'
            self.challenge = challenges['bearer']
        elif 'basic' in challenges:
            self.scheme = 'basic'
            self.challenge = challenges['basic']
        else:
            raise NcrError('%s: HTTP 401 with no challenge this collection can answer (WWW-Authenticate: %s); it '
                           'supports Basic and Bearer.' % (where, snippet(header) or 'absent'))
        self.tokens.clear()

    def prepare(self, image, cancel=None):
        """Make sure the credentials for ``image`` are at hand (a token fetched when needed): True when fetched now."""
        if self.scheme != 'bearer':
            return False
        scope = 'repository:%s:pull' % image
        with self.lock:
            # One token request at a time: the requests of a task waiting for the same scope reuse its answer.
            token = self.tokens.get(scope)
            if token is not None and self.clock() < token[1]:
                return False
            self.tokens[scope] = self._token(scope, cancel)
            return True

    def forget(self, image):
        """Drop the token of ``image`` (the registry refused it before its time): the next request gets a new one."""
        with self.lock:
            self.tokens.pop('repository:%s:pull' % image, None)

    def signer(self, image):
        """``sign(prepared)`` for the transport: the credentials of ``image``'s requests, to the registry host only."""
        def sign(prepared):
            if origin_of(prepared.url) != self.origin:
                return
            if self.scheme == 'basic':
                prepared.headers['Authorization'] = basic_header(self.username, self.password)
            elif self.scheme == 'bearer':
                token = self.tokens.get('repository:%s:pull' % image)
                if token is not None:
                    prepared.headers['Authorization'] = 'Bearer ' + token[0]
        return sign

    def _token(self, scope, cancel):
        """``(token, reuse until)`` from the realm: a GET with the service and scope, with the Basic credentials."""
        realm = self.challenge['realm']
        query = [(name, value) for name, value in (('service', self.challenge.get('service')), ('scope', scope)) if value]
        url = realm + ('&' if '?' in realm else '?') + urlencode(query)
        realm_origin = origin_of(url)
        shown = 'GET %s' % shown_url(realm)

        def sign(prepared):
            # The realm the challenge named, and only it, gets the Basic credentials.
            if origin_of(prepared.url) == realm_origin:
                prepared.headers['Authorization'] = basic_header(self.username, self.password)
        started = self.clock()
        response, data, dummy = self.transport.request(url, sign=sign, read=self.read, cancel=cancel,
                                                       headers={'Accept': 'application/json', 'Content-Type': None})
        status = response.status_code
        if status in (401, 403):
            raise NcrError('%s (token for %s): HTTP %d, the token service refused the credentials (from %s).'
                           % (shown, scope, status, self.source),
                           status=status, hint=CREDENTIALS_HINT)
        if not 200 <= status < 300:
            raise NcrError('%s (token for %s): HTTP %d %s: %s' % (shown, scope, status, snippet(response.reason),
                                                                  snippet(data[:2000].decode('utf-8', 'replace')) or '(empty)'),
                           status=status)
        body = json_object(data)
        # Never a snippet of a 2xx body: it holds the token (or a refresh token) even when it is not what we expect.
        if body is None:
            raise NcrError('%s (token for %s): HTTP %d with a body that is not a JSON object (not shown).'
                           % (shown, scope, status))
        token = body.get('token') or body.get('access_token')
        if not isinstance(token, str) or not _TOKEN_RE.match(token):
            raise NcrError('%s (token for %s): the answer holds no usable "token" or "access_token" (printable ASCII '
                           'without spaces); the body is not shown.' % (shown, scope))
        expires_in = body.get('expires_in')
        if isinstance(expires_in, bool) or not isinstance(expires_in, (int, float)) or not expires_in > 0:
            expires_in = DEFAULT_EXPIRES_IN
        return token, started + expires_in - min(EXPIRY_MARGIN, expires_in / 2.0)

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A registry's own API (``/v2/``) stand-in at the requests.Session level for unit tests, with its token service and
a blob storage host: the unit tests exercise the real URLs, challenges, tokens and digest checks; only the socket is
replaced. Requests to the NCR API host go to a FakeNcr when one is given.
"""

import base64
import hashlib
import json
from urllib.parse import parse_qsl, urlsplit

from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import FakeSession, response

REGISTRY = 'https://my-registry.kr.ncr.ntruss.com'
REALM = 'https://auth.example.test/token'
STORAGE = 'https://storage.example.test'
USER, PASSWORD = 'registry-user', 'registry-password-never-shown'
TOKEN = 'tok-never-shown-0123'
OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
OCI_CONFIG = 'application/vnd.oci.image.config.v1+json'


def basic(user, password):
    return 'Basic ' + base64.b64encode(('%s:%s' % (user, password)).encode('utf-8')).decode('ascii')


def digest_of(data):
    return 'sha256:' + hashlib.sha256(data).hexdigest()


def dumps(value):
    return json.dumps(value, sort_keys=True).encode('utf-8')


class FakeRegistry:
    """Repositories -> tags and content (manifests and blobs by digest), behind ``auth``: None, 'basic' or 'bearer'.

    Every request is recorded in ``seen`` as ``(method, url, Authorization or None)``; ``faults`` (callables of the
    prepared request, or None to pass) answer requests first, in order.
    """

    def __init__(self, auth='bearer', url=REGISTRY, realm=REALM, api=None, token_key='token', expires_in=None,
                 redirect_blobs=True):
        self.auth, self.url, self.realm, self.api = auth, url, realm, api
        self.token_key, self.expires_in = token_key, expires_in
        self.redirect_blobs = redirect_blobs
        self.repos = {}
        self.seen = []
        self.faults = []
        self.tokens_issued = 0
        # Tests empty it to make the registry refuse the tokens it issued (expired early on its side).
        self.valid_tokens = set()
        self.host = urlsplit(url).netloc

    # Content -----------------------------------------------------------------------------------------------
    def repo(self, image):
        return self.repos.setdefault(image, {'tags': {}, 'content': {}})

    def put(self, image, data, media_type=None, tag=None):
        """Store ``data`` (bytes) under its digest (and ``tag``); returns the digest."""
        digest = digest_of(data)
        self.repo(image)['content'][digest] = (media_type, data)
        if tag:
            self.repo(image)['tags'][tag] = digest
        return digest

    def put_image(self, image, tag=None, platform=('linux', 'amd64', None), labels=None, created='2024-04-01T00:41:28.123456789Z'):
        """An image manifest with its config blob; returns ``(manifest digest, manifest bytes)``."""
        config = dict(architecture=platform[1], os=platform[0], created=created, config=dict(Labels=labels))
        if platform[2]:
            config['variant'] = platform[2]
        config_data = dumps(config)
        config_digest = self.put(image, config_data)
        manifest = dumps(dict(schemaVersion=2, mediaType=OCI_MANIFEST,
                              config=dict(mediaType=OCI_CONFIG, digest=config_digest, size=len(config_data)),
                              layers=[], annotations={'org.opencontainers.image.title': image}))
        return self.put(image, manifest, OCI_MANIFEST, tag), manifest

    def put_index(self, image, tag, platforms, attestation=True, labels=None):
        """An index of one image per platform (plus an attestation manifest); returns its digest."""
        entries = []
        for os_name, arch, variant in platforms:
            digest, data = self.put_image(image, platform=(os_name, arch, variant),
                                          labels=dict(labels or {}, arch=arch))
            entry = dict(mediaType=OCI_MANIFEST, digest=digest, size=len(data), platform=dict(os=os_name, architecture=arch))
            if variant:
                entry['platform']['variant'] = variant
            entries.append(entry)
        if attestation:
            att = dumps(dict(schemaVersion=2, mediaType=OCI_MANIFEST, layers=[],
                             config=dict(mediaType='application/vnd.in-toto+json', digest='sha256:' + '1' * 64, size=1)))
            att_digest = self.put(image, att, OCI_MANIFEST)
            entries.append(dict(mediaType=OCI_MANIFEST, digest=att_digest, size=len(att),
                                platform=dict(os='unknown', architecture='unknown'),
                                annotations={'vnd.docker.reference.type': 'attestation-manifest',
                                             'vnd.docker.reference.digest': entries[0]['digest']}))
        index = dumps(dict(schemaVersion=2, mediaType=OCI_INDEX, manifests=entries,
                           annotations={'org.opencontainers.image.version': '1.4.2'}))
        return self.put(image, index, OCI_INDEX, tag)

    def sign(self, image, digest):
        """A cosign signature tag for ``digest``."""
        algorithm, dummy, hexpart = digest.partition(':')
        self.put_image(image, tag='%s-%s.sig' % (algorithm, hexpart), platform=('', '', None))

    # Requests ----------------------------------------------------------------------------------------------
    def handle(self, prepared):
        parts = urlsplit(prepared.url)
        origin = '%s://%s' % (parts.scheme, parts.netloc)
        if self.api is not None and parts.netloc == urlsplit(self.api_url()).netloc:
            return self.api.handle(prepared)
        self.seen.append((prepared.method, prepared.url, prepared.headers.get('Authorization')))
        if self.faults:
            fault = self.faults.pop(0)
            if fault is not None:
                return fault(prepared)
        if origin == self.url:
            return self.registry(prepared, parts)
        if prepared.url.startswith(self.realm):
            return self.token(prepared, parts)
        if origin == STORAGE:
            return self.storage(prepared, parts)
        raise AssertionError('request to an unknown host: %s' % prepared.url)

    def api_url(self):
        from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ENDPOINT
        return ENDPOINT

    def challenge(self, prepared, scope=None):
        if self.auth == 'basic':
            header = 'Basic realm="Registry Realm"'
        else:
            header = 'Bearer realm="%s",service="%s"' % (self.realm, self.host)
            if scope:
                header += ',scope="%s"' % scope
        return response(401, {'errors': [{'code': 'UNAUTHORIZED', 'message': 'authentication required'}]},
                        headers={'Content-Type': 'application/json', 'WWW-Authenticate': header}, request=prepared)

    def authorized(self, prepared, image):
        given = prepared.headers.get('Authorization') or ''
        if self.auth is None:
            return True
        if self.auth == 'basic':
            return given == basic(USER, PASSWORD)
        token = given[len('Bearer '):] if given.startswith('Bearer ') else None
        return token in self.valid_tokens and (image is None or token.split(':')[1] == image)

    def token(self, prepared, parts):
        query = dict(parse_qsl(parts.query))
        if prepared.headers.get('Authorization') != basic(USER, PASSWORD):
            return response(401, {'details': 'bad credentials'}, request=prepared)
        assert query['service'] == self.host, query
        image = query['scope'].split(':')[1]
        self.tokens_issued += 1
        token = '%s:%s:%d' % (TOKEN, image, self.tokens_issued)
        self.valid_tokens.add(token)
        body = {self.token_key: token}
        if self.expires_in is not None:
            body['expires_in'] = self.expires_in
        return response(200, body, request=prepared)

    def registry(self, prepared, parts):
        path = parts.path
        if path == '/v2/':
            if self.auth is not None and not self.authorized(prepared, None):
                return self.challenge(prepared)
            return response(200, {}, request=prepared)
        assert path.startswith('/v2/'), path
        if '/manifests/' in path:
            image, reference = path[4:].split('/manifests/')
            kind = 'manifest'
        elif '/blobs/' in path:
            image, reference = path[4:].split('/blobs/')
            kind = 'blob'
        else:
            raise AssertionError(path)
        if self.auth is not None and not self.authorized(prepared, image):
            return self.challenge(prepared, 'repository:%s:pull' % image)
        repo = self.repos.get(image)
        if repo is None:
            return self.unknown(prepared, 'NAME_UNKNOWN')
        digest = repo['tags'].get(reference, reference)
        if digest not in repo['content']:
            return self.unknown(prepared, 'MANIFEST_UNKNOWN' if kind == 'manifest' else 'BLOB_UNKNOWN')
        media_type, data = repo['content'][digest]
        if kind == 'blob' and self.redirect_blobs:
            return response(307, text='', headers={'Location': '%s/blobs/%s?X-Signature=presigned-secret' % (STORAGE, digest)},
                            request=prepared)
        headers = {'Docker-Content-Digest': digest, 'Content-Type': media_type or 'application/octet-stream',
                   'Content-Length': str(len(data))}
        return response(200, text=data.decode('utf-8') if prepared.method == 'GET' else '', headers=headers, request=prepared)

    def storage(self, prepared, parts):
        digest = parts.path.rsplit('/', 1)[1]
        for repo in self.repos.values():
            if digest in repo['content']:
                return response(200, text=repo['content'][digest][1].decode('utf-8'),
                                headers={'Content-Type': 'application/octet-stream'}, request=prepared)
        return response(404, text='<Error>NoSuchKey</Error>', headers={}, request=prepared)

    def unknown(self, prepared, code):
        return response(404, {'errors': [{'code': code, 'message': code.lower().replace('_', ' ')}]}, request=prepared)

    def count(self, method=None, path=None, host=None):
        return len([1 for m, url, dummy in self.seen if (method is None or m == method) and (path is None or path in url)
                    and (host is None or urlsplit(url).netloc == host)])


def registry_client_for(fake, clock=None, **options):
    """A real transport Client over a FakeSession answering from ``fake``, and a RegistryClient on it."""
    from ansible_collections.ncloud.ncr.plugins.module_utils._api import registry
    from ansible_collections.ncloud.ncr.plugins.module_utils._connection import connection_settings
    from ansible_collections.ncloud.ncr.plugins.module_utils._transport import Client
    opts = dict(access_key='AKTESTACCESSKEY00001', secret_key='sEcReT-never-printed-0123456789', timeout=7, concurrency=4,
                page_size=100,
                retries=2, registry_username=USER, registry_password=PASSWORD)
    opts.update(options)
    sleeps = []
    transport = Client(connection_settings(opts, environ={}, registry=True), session=FakeSession(fake), sleep=sleeps.append)
    client = registry(transport, 'my-registry')
    if clock is not None:
        client.auth.clock = clock
    return client, sleeps

#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A local simulator of the NAVER Cloud Platform Container Registry (NCR) v2 API and of its registries' data plane.

Python standard library only (3.7+), and ``ncr_objects.py`` beside it, which describes the API's objects once (the
unit tests' fake builds them from it too). One process, ``http.server.ThreadingHTTPServer``, HTTP/1.1 keep-alive.

Start::

    python tools/ncr_simulator.py --data tools/ncr_seed.json --port 0 --url-file /tmp/ncr.url

It prints the base URL (``http://127.0.0.1:PORT/ncr/api/v2``) on stdout and writes it to ``--url-file``
(atomically) once it listens. The same data answers under every regional prefix: ``/ncr/api/v2``,
``/ncr/sgn-api/v2``, ``/ncr/jpn-api/v2``, ``/ncr/kr/v2`` and ``/ncr/krs/v2`` (a registry may be limited to
some of them with ``"regions"`` in the data file).

API (GET only; other methods answer 405):

- ``/repositories?page&pagesize``                                 registries
- ``/repositories/{registry}?page&pagesize``                      images of a registry
- ``/repositories/{registry}/{image}``                            image detail
- ``/repositories/{registry}/{image}/tags?page&pagesize``         tags, ordered by tag id (push order)
- ``/repositories/{registry}/{image}/tags/{tag}``                 one tag

``{image}`` is one path segment: ``team/app`` is sent as ``team%2Fapp``; a raw ``/`` makes a different path.
Every API request must carry the API Gateway signature v2 headers, computed over the raw request target with
the configured key pair, and a timestamp within 5 minutes of the server clock; otherwise HTTP 401 with the
gateway's JSON body. Unknown registry, image or tag: 404 (errorCode 300). Bad ``page``/``pagesize``: 400
(errorCode 100). ``pagesize`` above ``--max-page-size`` is clamped silently; a page past the end answers 200
with empty ``results`` (``--past-end 404`` answers 404 instead).

Control API (unsigned, loopback clients only, never logged as API requests), under ``/_sim``:

- ``GET  /_sim/health``    ``{"ok": true, "pid", "base_url", "control_url", "prefixes", "uptime"}``
- ``GET  /_sim/log``       JSON list of answered API requests (``?since=SEQ`` for newer ones only); ``DELETE`` clears
  it. Each entry: ``seq``, ``method``, ``path`` (raw target), ``prefix``, ``route`` (registries, images, image, tags,
  tag or null), ``page``/``pagesize`` (effective, listings only), ``status`` (0: dropped), ``fault``, ``reason`` (why
  it failed: missing_auth_headers, bad_timestamp, unknown_access_key, bad_signature, stale_timestamp, not_found,
  bad_request, past_end, no_such_route, no_such_api, method_not_allowed), ``start``/``end`` (epoch seconds, ms
  resolution), ``ms``, ``thread``, ``conn`` (connection number, to see keep-alive), ``sent`` (bytes written, for the
  big_body, gzip_bomb and trickle faults). Never headers or keys. An
  entry is added when the answer has been sent; ``--log FILE`` appends the same entries as JSON lines.
- ``GET|POST|DELETE /_sim/faults``  list / add (one object or a list) / clear faults
- ``GET|POST /_sim/clock`` ``{"offset_seconds": 600}``: the server clock runs that far ahead (negative: behind)
- ``GET|POST /_sim/config`` ``{"latency_ms", "max_page_size", "default_page_size", "past_end", "registry_shape"}``
- ``POST /_sim/images``    ``{"registry", "image", "tags": [...], "generate": N, "replace": false}``: add tags
- ``POST /_sim/reset``     clear log, faults, tokens and clock; restore config and data to the start state
- ``GET  /_sim/registries`` the data plane's URLs (below): ``{"registries": {NAME: URL}, "token_url", "storage_url",
  "auth"}``; also in ``/_sim/health`` as ``data_plane`` and, with ``--registry-file FILE``, written to FILE as JSON
  before the URL file. ``POST /_sim/images`` answers the ``registry_url`` of its registry too.

Config keys of the data plane (``POST /_sim/config``): ``registry_auth`` (``bearer``, the default, or ``basic``;
``--registry-auth``), ``token_expires_in`` (seconds, default 300; ``--token-expires-in``), ``token_field`` (``both``,
the default, ``token`` or ``access_token``: which keys the token answer holds). ``latency_ms`` delays data-plane
requests too.

Data plane (Docker Registry HTTP API v2 / OCI distribution), for the same data, consistent with the API:

- Every registry has its own loopback port (NCR has one host per registry), on the ``--host`` address:
  ``GET|HEAD /v2/`` (200, or 401 with the challenge), ``GET|HEAD /v2/<image>/manifests/<tag or sha256:hex>``,
  ``GET|HEAD /v2/<image>/blobs/<digest>`` (307 to the storage host), ``GET /v2/<image>/tags/list?n&last`` (``Link``
  for more); ``<image>`` keeps its ``/``. Anything else answers 404 (``/referrers`` too, like distribution 2.8);
  other methods 405. Errors are the distribution's ``{"errors": [{"code", "message", "detail"}]}``.
- A tag resolves to what ``docker pull`` resolves: a tag with several platforms (or ``index``/``attestation`` in the
  data) is an image index (OCI for ``media_type`` OCI config or ``attestation``, else a Docker manifest list) whose
  entries are the platforms' manifests, each under the digest the API answers for that image (so its linux/amd64
  entry has the API's tag digest); a one-platform tag is that one manifest, whose digest is the API's. With
  ``attestation`` every platform gets a BuildKit provenance attestation manifest in the index (platform
  ``unknown/unknown``, annotations ``vnd.docker.reference.type: attestation-manifest`` and
  ``vnd.docker.reference.digest``). A client whose ``Accept`` lacks the index's type gets the linux/amd64 manifest
  (as distribution does). Bodies are JSON whose sha256 is the ``Docker-Content-Digest``; a platform's config blob
  has ``created``, ``os``, ``architecture``, ``variant`` and ``config.Labels``: org.opencontainers.image.version
  (the tag's name, the aliased tag's for ``same_as``), ``.revision``, ``.source``, ``.created``, plus the data's
  ``labels``. A signature tag (``signature_of``) is a cosign signature manifest for the digest its tag resolves to
  (the index for an index), or with ``signs`` for that platform's manifest.
- Auth, Bearer (default): 401 ``WWW-Authenticate: Bearer realm="<token_url>",service="<host:port of the
  registry>"[,scope="repository:<image>:pull"][,error=...]``; the token host (``GET /token?service&scope``, another
  loopback port) wants Basic credentials = the access key and secret key, answers ``{"token", "access_token",
  "expires_in", "issued_at"}``; a token reads the images of its scope on its registry's host until it expires.
  Basic mode: ``WWW-Authenticate: Basic realm="<registry> registry"`` and the key pair on every request.
- Blob reads answer 307 to the storage host, a second loopback address (127.0.0.2, or 127.0.0.3 when ``--host`` is
  127.0.0.2; another port on ``::1``): ``/blobs/<registry>/<image>/<digest>?expires&signature``. It answers 403 to
  any request carrying Authorization (reason ``authorization_sent``), else the blob. Layers are not served.
- Log entries of the data plane have ``plane`` "registry" (the API's: "api"), ``host`` (registry, token or
  storage), ``registry``, ``route`` (base, manifest, blob, tags, token, blob_storage or null), ``image``,
  ``authorization`` (the scheme a request carried: basic, bearer or null; never a value), ``digest`` (manifests
  served), ``scope`` (token requests), and ``reason`` (no_token, not_bearer, invalid_token, expired_token,
  insufficient_scope, no_authorization, bad_credentials, unknown_service, not_found, no_such_route,
  index_not_accepted, authorization_sent, fault_*). Never a token or a key.

A fault (``--fault JSON`` or ``POST /_sim/faults``)::

    {"kind": "status", "status": 503, "count": 2, "match": "page=3", "retry_after": "1"}

answers the next ``count`` API requests (default 1; 0 = every one until cleared) whose raw target contains
``match`` (default: every request) and, if given, whose method is ``method``, after skipping the first ``skip``
matching ones (default 0). The first matching fault, in the order added, fires; it fires before the signature
check (a gateway throttles before it authenticates). A fault has ``plane`` "api" (the default) or "registry" (the
data plane: any of its hosts, or the one ``host`` names: registry, token or storage); ``match`` is then tested on
the data plane's request target (``/v2/web/manifests/1.0``, ``/token?...``, ``/blobs/...``). The data plane's own
kinds (marked below) answer on a registry's host only.
Kinds: one entry each in ``FAULT_TABLE`` below; ``--help-api`` lists them here, with their keys and defaults.

Keys: ``--access-key``/``--secret-key``, else ``NCR_SIM_ACCESS_KEY``/``NCR_SIM_SECRET_KEY``, else the fixed
test keys ``NCRSIMULATORACCESS01`` / ``NcrSimulatorSecretKey0000000000000000001``. Prefer the environment
variables for made-up keys: a command line is visible to every local user.

Data file (``--data``, default ``ncr_seed.json`` beside this script), a compact format expanded at load::

    {"defaults": {"creator": "...", "platforms": ["linux/amd64"]},
     "registries": [{"name": "demo-registry", "regions": ["api", "sgn-api"], "images": [
         {"name": "team/app", "tags": [
             {"name": "v1.4.2", "date": "2024-03-31T23:41:28Z", "platforms": ["linux/amd64", "linux/arm64/v8"]},
             {"name": "latest", "date": "2024-04-01T00:00:00Z", "same_as": "v1.4.2"},
             {"signature_of": "v1.4.2"},
             {"name": "nightly", "age_days": 1}]},
         {"name": "big", "generate": 1200}]}]}

Tag keys: ``name``, ``date`` (last_updated: ISO 8601 or epoch ms), ``age_days`` (instead of ``date``: that long
before the simulator started), ``created``, ``pulled``/``pulled_age_days`` (latest_pulled; absent: 0, never),
``platforms`` (``os/arch[/variant]``), ``size``, ``media_type``, ``same_as`` (same images as another tag),
``signature_of`` (a cosign ``sha256-<hex>.sig`` tag for the digest another tag resolves to on the data plane: its
index when it has one, as ``cosign sign image:tag`` signs), ``signs`` (with ``signature_of``: ``os/arch[/variant]``,
sign that platform's manifest instead, whose digest the API answers), ``creator``, ``last_updater``, ``id``.
Data plane keys of a tag: ``labels`` (added to the config's default OCI labels; null removes one), ``annotations``
(of the index, or of the one manifest), ``attestation`` (true: an OCI index with a provenance attestation manifest
per platform), ``index`` (true: an index even for one platform), ``digests`` (``{"linux/amd64": "sha256:<hex>",
...}``, one per platform: the API answers these digests, for an image mirrored from a real registry; the data plane
serves nothing for such a tag, 404) and ``manifest_digest`` (with ``digests``: what the tag resolves to, which a
``signature_of`` it names).
``generate`` is a count or ``{"count", "name": "build-{i:06d}", "start", "step_minutes", "newest_age_days"}``.
Ids follow the file order; the API's digests are those of the data plane's manifests, built from the names, so every
run serves the same objects (times relative to the start aside).

``--signature-log FILE`` appends the signature header of every API request to FILE, one per line, so a secret-hygiene
test can check that no signature a client computed shows up in its output; nothing else records a signature.
"""

import argparse
import base64
import collections
import datetime
import email.utils
import hashlib
import hmac
import importlib.util
import ipaddress
import itertools
import json
import os
import re
import secrets
import signal
import socket
import ssl
import struct
import sys
import textwrap
import threading
import time
import zlib

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit


def _beside(name):
    """The module ``name`` from the file beside this one, whether this runs as a script or was loaded by path (the
    unit tests load it so); loaded by path, so it needs neither this directory on sys.path nor the collection."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(os.path.dirname(os.path.abspath(__file__)), name + '.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The API's objects (their fields, shapes and types) are described once there; the answers below are built with it.
ncr_objects = _beside('ncr_objects')

VERSION = '1.0.0'
DEFAULT_ACCESS_KEY = 'NCRSIMULATORACCESS01'
DEFAULT_SECRET_KEY = 'NcrSimulatorSecretKey0000000000000000001'
PREFIXES = collections.OrderedDict((
    ('/ncr/api/v2', 'api'),
    ('/ncr/sgn-api/v2', 'sgn-api'),
    ('/ncr/jpn-api/v2', 'jpn-api'),
    ('/ncr/kr/v2', 'kr'),
    ('/ncr/krs/v2', 'krs'),
))
REGION_HOSTS = {'api': 'kr.ncr.ntruss.com', 'sgn-api': 'sgn.ncr.ntruss.com', 'jpn-api': 'jpn.ncr.ntruss.com',
                'kr': 'kr.ncr.gov-ntruss.com', 'krs': 'krs.ncr.gov-ntruss.com'}
CONTROL_PREFIX = '/_sim'
SKEW_LIMIT_MS = 5 * 60 * 1000
LOG_MAX = 200000
DAY_MS = 86400000

DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json'
OCI_CONFIG = 'application/vnd.oci.image.config.v1+json'
# The data plane's media types (Docker Registry v2 / OCI distribution).
DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'
OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
INDEX_TYPES = (OCI_INDEX, DOCKER_LIST)
DIGEST_PATTERN = re.compile(r'^sha256:[0-9a-f]{64}$')

# The API Gateway's error bodies: HTTP status -> (errorCode, message, details).
GATEWAY_ERRORS = {
    400: ('100', 'Bad Request Exception', 'Invalid request.'),
    401: ('200', 'Authentication Failed', 'Invalid authentication information.'),
    403: ('230', 'Forbidden', 'Forbidden.'),
    404: ('300', 'Not Found Exception', 'Not found.'),
    405: ('100', 'Bad Request Exception', 'Method not allowed.'),
    429: ('420', 'Rate Limited', 'Rate limit exceeded. Try again later.'),
    500: ('900', 'Unexpected Error', 'An unexpected error occurred.'),
    502: ('500', 'Endpoint Error', 'The endpoint answered with an error.'),
    503: ('500', 'Endpoint Error', 'The endpoint is unavailable.'),
    504: ('510', 'Endpoint Timeout', 'The endpoint did not answer in time.'),
}
DEFAULT_REDIRECT = 'https://someone:hunter2@login.example.test/ncr/api/v2/sso?token=s3cr3t-token'
MIB = 1024 * 1024
HTML_PAGES = {
    200: '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><h1>Sign in</h1>'
         '<form method="post" action="/login"><input name="user"><input name="password" type="password"></form></body></html>\n',
    502: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n'
         '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
}


class DataError(ValueError):
    """The data file or a control request is malformed."""


# ---------------------------------------------------------------------------------------------------------------
# Signing (API Gateway signature v2)
#
# A deliberate second implementation, written apart from the collection's plugins/module_utils/_signing.py and
# sharing no code with it: the collection signs, this verifies, so a mistake in either fails the integration tests
# instead of agreeing with itself. tests/unit/tools/test_ncr_simulator.py checks it against NCP's published vectors.

def signature_v2(method, target, timestamp, access_key, secret_key):
    """base64(HMAC-SHA256(secret, METHOD + ' ' + target + '\\n' + timestamp + '\\n' + access_key))."""
    message = '%s %s\n%s\n%s' % (method, target, timestamp, access_key)
    digest = hmac.new(secret_key.encode('utf-8'), message.encode('utf-8'), hashlib.sha256).digest()
    return base64.b64encode(digest).decode('ascii')


# ---------------------------------------------------------------------------------------------------------------
# Data: a compact authoring format expanded into the API's objects

def parse_time_ms(value, now_ms, what):
    """Epoch ms from an ISO 8601 string, a number (epoch ms) or None (0)."""
    if value is None:
        return 0
    if isinstance(value, bool):
        raise DataError('%s: not a time: %r' % (what, value))
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(('Z', 'z')):
            text = text[:-1] + '+00:00'
        try:
            when = datetime.datetime.fromisoformat(text)
        except ValueError:
            raise DataError('%s: not an ISO 8601 time: %r' % (what, value))
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.timezone.utc)
        return int(when.timestamp() * 1000)
    raise DataError('%s: not a time: %r' % (what, value))


def _hex(*parts):
    return hashlib.sha256('\x00'.join(str(p) for p in parts).encode('utf-8')).hexdigest()


def _uuid(*parts):
    h = _hex('uuid', *parts)
    return '%s-%s-%s-%s-%s' % (h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])


def _parse_platform(text, what):
    parts = str(text).split('/')
    if len(parts) not in (2, 3) or not all(parts):
        raise DataError('%s: platform must be os/architecture[/variant], got %r' % (what, text))
    return (parts[0], parts[1], parts[2] if len(parts) == 3 else None)


# ---------------------------------------------------------------------------------------------------------------
# Data plane documents: real manifest and config JSON, built from a tag once, whose sha256 digests the API answers

class Content:
    """What the data plane serves for one tag (and every alias of it).

    ``digest``/``media_type``/``body``: what the tag resolves to (an index for several platforms, for ``index`` or
    ``attestation``; else the one manifest); ``platform_digests``: platform tuple -> its manifest's digest (the API's
    image digests); ``manifests``: digest -> (media type, body) of every manifest; ``blobs``: digest -> bytes of
    every config and attestation blob; ``served``: False when the data file gave the digests (nothing to serve).
    """

    def __init__(self):
        self.digest = self.media_type = self.body = None
        self.platform_digests = {}
        self.manifests = {}
        self.blobs = {}
        self.served = True

    def add_manifest(self, media_type, document):
        body = json.dumps(document).encode('utf-8')  # the C encoder: indent would make a 10,000-tag image slow
        digest = 'sha256:' + hashlib.sha256(body).hexdigest()
        self.manifests[digest] = (media_type, body)
        return {'mediaType': media_type, 'digest': digest, 'size': len(body)}

    def add_blob(self, media_type, data):
        if not isinstance(data, bytes):
            data = json.dumps(data, indent=None, separators=(',', ':'), sort_keys=True).encode('utf-8')
        digest = 'sha256:' + hashlib.sha256(data).hexdigest()
        self.blobs[digest] = data
        return {'mediaType': media_type, 'digest': digest, 'size': len(data)}

    def resolve(self, descriptor):
        self.digest, self.media_type = descriptor['digest'], descriptor['mediaType']
        self.body = self.manifests[self.digest][1]


def iso_time(ms):
    try:
        return datetime.datetime.fromtimestamp(ms / 1000.0, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    except (OverflowError, OSError, ValueError):
        return '9999-12-31T23:59:59Z'  # odd-registry's far-future times


def build_content(tag, registry, image):
    content = Content()
    if tag.signed is not None:
        return build_signature(content, tag, registry, image)
    platforms = list(tag.platforms)
    if tag.digests is not None or not platforms:
        # Digests given by the data file (an image mirrored from a real registry): the API answers them, the data
        # plane has nothing to serve.
        content.served = False
        content.platform_digests = dict(tag.digests or {})
        first = next(iter(content.platform_digests.values()), None)
        amd64 = [d for (o, a, _v), d in content.platform_digests.items() if (o, a) == ('linux', 'amd64')]
        content.digest = tag.manifest_digest or (amd64 or [first])[0]
        return content
    oci = tag.media_type == OCI_CONFIG
    manifest_type, config_type = (OCI_MANIFEST, OCI_CONFIG) if oci else (DOCKER_MANIFEST, DOCKER_CONFIG)
    layer_type = 'application/vnd.oci.image.layer.v1.tar+gzip' if oci else 'application/vnd.docker.image.rootfs.diff.tar.gzip'
    created = iso_time(tag.created)
    labels = {
        'org.opencontainers.image.created': created,
        'org.opencontainers.image.revision': _hex('revision', registry.name, image.name, tag.seed)[:40],
        'org.opencontainers.image.source': 'https://git.example.test/%s/%s' % (registry.name, image.name),
        'org.opencontainers.image.version': tag.seed,
    }
    for key, value in (tag.labels or {}).items():
        if value is None:
            labels.pop(key, None)
        else:
            labels[key] = value
    entries, attestations = [], []
    for number, (osname, arch, variant) in enumerate(platforms):
        platform = '/'.join(p for p in (osname, arch, variant) if p)
        layers = [{'mediaType': layer_type, 'digest': 'sha256:' + _hex('layer', registry.name, image.name, tag.seed, platform, n),
                   'size': 1000 + int(_hex('layer-size', tag.seed, platform, n)[:6], 16) % (tag.size // 2 + 1)} for n in (1, 2)]
        config = {'architecture': arch, 'os': osname, 'created': created,
                  'config': {'Env': ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], 'Labels': labels},
                  'rootfs': {'type': 'layers', 'diff_ids': ['sha256:' + _hex('diff', layer['digest']) for layer in layers]},
                  'history': [{'created': created, 'created_by': 'ncr-simulator %s %s' % (tag.seed, platform)}]}
        if variant:
            config['variant'] = variant
        manifest = {'schemaVersion': 2, 'mediaType': manifest_type, 'config': content.add_blob(config_type, config),
                    'layers': layers}
        descriptor = content.add_manifest(manifest_type, manifest)
        content.platform_digests[(osname, arch, variant)] = descriptor['digest']
        entry = dict(descriptor, platform=dict({'architecture': arch, 'os': osname}, **({'variant': variant} if variant else {})))
        entries.append(entry)
        if tag.attestation:
            attestations.append(build_attestation(content, descriptor['digest'], tag, platform))
    if len(entries) == 1 and not (tag.index or tag.attestation):
        if tag.annotations:
            body = json.loads(content.manifests[entries[0]['digest']][1].decode('utf-8'))
            del content.manifests[entries[0]['digest']]
            body['annotations'] = dict(tag.annotations)
            descriptor = content.add_manifest(manifest_type, body)
            content.platform_digests[platforms[0]] = descriptor['digest']
            entries[0] = descriptor
        content.resolve(entries[0])
        return content
    index = {'schemaVersion': 2, 'mediaType': OCI_INDEX if oci else DOCKER_LIST, 'manifests': entries + attestations}
    if tag.annotations:
        index['annotations'] = dict(tag.annotations)
    content.resolve(content.add_manifest(index['mediaType'], index))
    return content


def build_attestation(content, subject, tag, platform):
    """A BuildKit provenance attestation manifest for ``subject``, as its index entry (platform unknown/unknown)."""
    statement = {'_type': 'https://in-toto.io/Statement/v0.1', 'predicateType': 'https://slsa.dev/provenance/v0.2',
                 'subject': [{'name': 'pkg:docker/%s?platform=%s' % (tag.seed, platform.replace('/', '%2F')),
                              'digest': {'sha256': subject.split(':', 1)[1]}}],
                 'predicate': {'builder': {'id': ''}, 'buildType': 'https://mobyproject.org/buildkit@v1'}}
    layer = dict(content.add_blob('application/vnd.in-toto+json', statement),
                 annotations={'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2'})
    config = content.add_blob(OCI_CONFIG, {'architecture': 'unknown', 'os': 'unknown', 'config': {},
                                           'rootfs': {'type': 'layers', 'diff_ids': [layer['digest']]}})
    descriptor = content.add_manifest(OCI_MANIFEST, {'schemaVersion': 2, 'mediaType': OCI_MANIFEST, 'config': config,
                                                     'layers': [layer]})
    return dict(descriptor, platform={'architecture': 'unknown', 'os': 'unknown'},
                annotations={'vnd.docker.reference.digest': subject, 'vnd.docker.reference.type': 'attestation-manifest'})


def build_signature(content, tag, registry, image):
    """A cosign signature manifest for the digest ``tag.signed`` (simple signing payload as its one layer)."""
    payload = {'critical': {'identity': {'docker-reference': '%s.kr.ncr.ntruss.com/%s' % (registry.name, image.name)},
                            'image': {'docker-manifest-digest': tag.signed}, 'type': 'cosign container image signature'},
               'optional': None}
    layer = content.add_blob('application/vnd.dev.cosign.simplesigning.v1+json', payload)
    layer['annotations'] = {'dev.cosignproject.cosign/signature': base64.b64encode(
        hashlib.sha256(('signature' + tag.signed).encode('utf-8')).digest()).decode('ascii')}
    config = content.add_blob(OCI_CONFIG, {'architecture': '', 'os': '', 'created': '0001-01-01T00:00:00Z', 'config': {},
                                           'rootfs': {'type': 'layers', 'diff_ids': [layer['digest']]}})
    descriptor = content.add_manifest(OCI_MANIFEST, {'schemaVersion': 2, 'mediaType': OCI_MANIFEST, 'config': config,
                                                     'layers': [layer]})
    for platform in tag.platforms:
        content.platform_digests[platform] = descriptor['digest']
    content.resolve(descriptor)
    return content


class Tag:
    """One tag, kept compact; :meth:`api` expands it into the API object, :meth:`content` into the data plane's."""

    __slots__ = ('name', 'id', 'created', 'updated', 'pulled', 'platforms', 'media_type', 'creator',
                 'updater', 'seed', 'size', 'answer', 'source', 'labels', 'annotations', 'attestation', 'index',
                 'digests', 'manifest_digest', 'signs', 'signed', 'built')

    def __init__(self, **kwargs):
        for key in self.__slots__:
            setattr(self, key, kwargs.get(key))
        if self.source is None:
            self.source = self

    def api(self, registry, image):
        # A tag never changes once made and belongs to one image, so its answer is built once: the simulator
        # shares the CPUs with the client it serves, and benchmarks should measure the client.
        if self.answer is None:
            self.answer = self._api(registry, image)
        return self.answer

    def content(self, registry, image):
        """The data plane's documents of this tag (shared with the tag it is ``same_as``): a Content."""
        source = self.source
        if source.built is None:
            source.built = build_content(source, registry, image)
        return source.built

    def _api(self, registry, image):
        images = []
        digest = size = None
        amd64 = False
        content = self.content(registry, image)
        for index, (osname, arch, variant) in enumerate(self.platforms):
            platform = '/'.join(p for p in (osname, arch, variant) if p)
            # The API's image digest is the digest of that platform's manifest on the data plane.
            pdigest = content.platform_digests[(osname, arch, variant)]
            psize = self.size if index == 0 else max(1024, self.size - int(_hex('size', self.seed, platform)[:5], 16) * 37)
            images.append(ncr_objects.build(
                'tag_image',
                architecture=arch,
                created=self.created,
                digest=pdigest,
                features='',
                latest_pulled=self.pulled,
                mediaType=self.media_type,
                os=osname,
                os_features='',
                os_version=None,
                size=psize,
                updated=self.updated,
                variant=variant,
            ))
            # The tag's digest and size are those of one representative image: linux/amd64, else the first.
            if digest is None or ((osname, arch) == ('linux', 'amd64') and not amd64):
                digest, size = pdigest, psize
                amd64 = (osname, arch) == ('linux', 'amd64')
        return ncr_objects.build(
            'tag',
            creator=self.creator,
            digest=digest or 'sha256:' + _hex('digest', registry.name, image.name, self.seed),
            full_size=size or 0,
            id=self.id,
            image_id=image.id,
            images=images,
            last_updated=self.updated,
            last_updater=self.updater,
            name=self.name,
            repository=registry.id,
            v2=True,
        )


class Image:
    def __init__(self, registry, name, image_id, spec):
        self.registry = registry
        self.name = name
        self.id = image_id
        self.description = spec.get('description', '')
        self.full_description = spec.get('full_description', '')
        self.is_private = bool(spec.get('is_private', True))
        self.pull_count = int(spec.get('pull_count', 0))
        self.star_count = int(spec.get('star_count', 0))
        self.created = 0
        self.tags = []
        self.by_name = {}
        self.plane = None

    def add(self, tag):
        if tag.name in self.by_name:
            raise DataError('%s/%s: duplicate tag %r' % (self.registry.name, self.name, tag.name))
        self.tags.append(tag)
        self.by_name[tag.name] = tag
        self.plane = None

    def documents(self):
        """``(manifests, blobs)`` of the data plane: every document of every tag, by digest (built once)."""
        plane = self.plane
        if plane is None:
            manifests, blobs = {}, {}
            for tag in list(self.tags):
                content = tag.content(self.registry, self)
                manifests.update(content.manifests)
                blobs.update(content.blobs)
            plane = self.plane = (manifests, blobs)
        return plane

    def api(self, detail=False):
        last = max([t.updated for t in self.tags] or [self.created])
        values = dict(
            can_edit=True,
            description=self.description,
            is_automated=False,
            is_private=self.is_private,
            last_updated=last,
            name=self.name,
            namespace=self.registry.name,
            pull_count=self.pull_count,
            repository_type='image',
            star_count=self.star_count,
            status=1,
            user=self.registry.name,
        )
        if detail:
            values.update(full_description=self.full_description, private_id='', tag_mutability_enabled=True)
        return ncr_objects.build('image', 'detail' if detail else 'list', **values)


class Registry:
    def __init__(self, name, registry_id, spec, now_ms):
        self.name = name
        self.id = registry_id
        self.created = parse_time_ms(spec.get('created', '2023-01-02T03:04:05Z'), now_ms, 'registry %s created' % name)
        self.regions = spec.get('regions')
        if self.regions is not None:
            unknown = set(self.regions) - set(PREFIXES.values())
            if unknown:
                raise DataError('registry %s: unknown regions %s (known: %s)'
                                % (name, sorted(unknown), ', '.join(PREFIXES.values())))
        self.public = bool(spec.get('public', False))
        self.images = []
        self.by_name = {}

    def visible_in(self, region):
        return self.regions is None or region in self.regions

    def api(self, region, shape='current'):
        private_id = _hex('private', self.name)[:10]
        host = REGION_HOSTS.get(region, REGION_HOSTS['api'])
        if shape != 'current':
            # The older documented shape: {name, bucket, end_point, usage, created, status}; usage in bytes.
            return ncr_objects.build(
                'registry', 'old',
                bucket='ncr-%s-%s' % (self.name, _hex('bucket', self.name)[:6]),
                created=self.created,
                end_point='%s.%s' % (self.name, host),
                name=self.name,
                status='Running',
                usage=sum(t.size or 0 for i in self.images for t in i.tags),
            )
        return ncr_objects.build(
            'registry', 'current',
            bucket='ncr-%s-%s' % (self.name, _hex('bucket', self.name)[:6]),
            created=self.created,
            end_point='%s.%s' % (self.name, host),
            end_point_enabled=True,
            name=self.name,
            private_end_point='%s.%s' % (private_id, host.replace('ncr.', 'private-ncr.', 1)),
            private_id=private_id,
            public_reg_status=self.public,
            scan_on_push_enabled=False,
            status='Running',
        )


class Store:
    """Registries -> images -> tags, ids assigned in load order (deterministic for a given data file)."""

    def __init__(self, spec, now=None):
        self.now_ms = int((time.time() if now is None else now) * 1000)
        self.registries = []
        self.by_name = {}
        self.next_ids = {'registry': 5976, 'image': 322122, 'tag': 730606}
        self.lock = threading.Lock()
        self.mutations = 0
        if not isinstance(spec, dict) or not isinstance(spec.get('registries', []), list):
            raise DataError('the data file must be an object with a "registries" list')
        self.defaults = spec.get('defaults', {})
        for rspec in spec.get('registries', []):
            if not isinstance(rspec, dict) or not isinstance(rspec.get('name'), str):
                raise DataError('every registry needs a "name"')
            if rspec['name'] in self.by_name:
                raise DataError('duplicate registry %r' % rspec['name'])
            registry = self.registry(rspec['name'], rspec)
            for ispec in rspec.get('images', []):
                if not isinstance(ispec, dict) or not isinstance(ispec.get('name'), str):
                    raise DataError('registry %s: every image needs a "name"' % registry.name)
                if ispec['name'] in registry.by_name:
                    raise DataError('registry %s: duplicate image %r' % (registry.name, ispec['name']))
                self.add_tags(registry.name, ispec['name'], ispec.get('tags', []), ispec.get('generate'), ispec)

    def _id(self, kind):
        value = self.next_ids[kind]
        self.next_ids[kind] += 1
        return value

    def registry(self, name, spec=None):
        if name in self.by_name:
            return self.by_name[name]
        registry = Registry(name, self._id('registry'), spec or {}, self.now_ms)
        self.registries.append(registry)
        self.by_name[name] = registry
        return registry

    def image(self, registry_name, image_name, spec=None):
        registry = self.registry(registry_name)
        image = registry.by_name.get(image_name)
        if image is None:
            image = Image(registry, image_name, self._id('image'), spec or {})
            image.created = parse_time_ms((spec or {}).get('created', '2023-06-01T00:00:00Z'), self.now_ms,
                                          'image %s created' % image_name)
            registry.images.append(image)
            registry.by_name[image_name] = image
        return image

    def add_tags(self, registry_name, image_name, tag_specs, generate=None, image_spec=None, replace=False):
        """Add tags (compact specs) and ``generate`` generated ones to an image, creating what is missing."""
        with self.lock:
            self.mutations += 1
            image = self.image(registry_name, image_name, image_spec)
            if replace:
                image.tags, image.by_name, image.plane = [], {}, None
            if not isinstance(tag_specs, list):
                raise DataError('%s/%s: "tags" must be a list' % (registry_name, image_name))
            specs = []
            for tspec in tag_specs:
                if isinstance(tspec, str):
                    tspec = {'name': tspec}
                if not isinstance(tspec, dict):
                    raise DataError('%s/%s: a tag must be an object or a name' % (registry_name, image_name))
                specs.append((tspec, tspec['id'] if 'id' in tspec else self._id('tag')))
            # Tag ids follow the list order. "same_as" copies another tag's images once all are read, and
            # "signature_of" names come from another tag's digest, so those are made last.
            aliases = []
            for tspec, tag_id in specs:
                if 'signature_of' not in tspec:
                    tag = self._tag(image, tspec, tag_id)
                    image.add(tag)
                    if tspec.get('same_as') is not None:
                        aliases.append((tag, tspec['same_as']))
            for tag, target_name in aliases:
                target = image.by_name.get(target_name)
                if target is None or target is tag or any(target is t for t, _n in aliases):
                    raise DataError('%s/%s tag %s: same_as must name another tag of the image that is not an alias itself, got %r'
                                    % (registry_name, image_name, tag.name, target_name))
                tag.seed, tag.size, tag.platforms, tag.media_type = target.seed, target.size, target.platforms, target.media_type
                tag.source = target
            for tspec, tag_id in specs:
                if 'signature_of' in tspec:
                    image.add(self._tag(image, tspec, tag_id))
            if generate:
                for tspec in generated_specs(generate, len(image.tags), self.now_ms):
                    image.add(self._tag(image, tspec))
            image.tags.sort(key=lambda t: t.id)
            return image

    def _tag(self, image, spec, tag_id=None):
        what = '%s/%s tag %s' % (image.registry.name, image.name, spec.get('name', spec.get('signature_of')))
        unknown = set(spec) - {'name', 'date', 'age_days', 'created', 'pulled', 'pulled_age_days', 'platforms', 'size',
                               'media_type', 'creator', 'last_updater', 'same_as', 'signature_of', 'id', 'comment',
                               'labels', 'annotations', 'attestation', 'index', 'digests', 'manifest_digest', 'signs'}
        if unknown:
            raise DataError('%s: unknown keys %s' % (what, sorted(unknown)))
        defaults = self.defaults
        seed = name = spec.get('name')
        signed = None
        if spec.get('signature_of') is not None:
            target = image.by_name.get(spec['signature_of'])
            if target is None:
                raise DataError('%s: signature_of names an unknown tag %r' % (what, spec['signature_of']))
            if not target.platforms:
                raise DataError('%s: signature_of names a tag without images' % what)
            signed = signed_digest(target, spec.get('signs'), image, what)
            name = name or 'sha256-%s.sig' % signed.split(':', 1)[1]
            seed = name
        elif spec.get('signs') is not None:
            raise DataError('%s: "signs" goes with "signature_of"' % what)
        if not isinstance(name, str) or not name:
            raise DataError('%s: a tag needs a "name" (or "signature_of")' % what)
        if 'age_days' in spec:
            updated = self.now_ms - int(float(spec['age_days']) * DAY_MS)
        else:
            updated = parse_time_ms(spec.get('date', defaults.get('date', '2024-01-01T00:00:00Z')), self.now_ms, what)
        created = parse_time_ms(spec['created'], self.now_ms, what) if 'created' in spec else updated
        if 'pulled_age_days' in spec:
            pulled = self.now_ms - int(float(spec['pulled_age_days']) * DAY_MS)
        else:
            pulled = parse_time_ms(spec.get('pulled'), self.now_ms, what)
        attestation = spec.get('attestation', False)
        if spec.get('signature_of') is not None:
            platforms = spec.get('platforms', ['unknown/unknown'])
            media_type = spec.get('media_type', OCI_CONFIG)
        else:
            platforms = spec.get('platforms', defaults.get('platforms', ['linux/amd64']))
            # BuildKit pushes attestations in an OCI index only.
            media_type = spec.get('media_type', OCI_CONFIG if attestation else defaults.get('media_type', DOCKER_CONFIG))
        if not isinstance(platforms, list):
            raise DataError('%s: "platforms" must be a list' % what)
        size = spec.get('size')
        if size is None:
            size = 2000000 + int(_hex('size', image.registry.name, image.name, seed)[:8], 16) % 120000000
        creator = spec.get('creator', defaults.get('creator', _uuid('user', image.registry.name)))
        if tag_id is None:
            tag_id = self._id('tag')
        parsed = [_parse_platform(p, what) for p in platforms]
        return Tag(name=name, id=int(tag_id), created=created, updated=updated, pulled=pulled,
                   platforms=parsed, media_type=media_type, creator=creator,
                   updater=spec.get('last_updater', creator), seed=seed, size=int(size), signed=signed,
                   **content_keys(spec, parsed, what))


def content_keys(spec, platforms, what):
    """The data-plane keys of a tag spec, checked: labels, annotations, attestation, index, digests, manifest_digest."""
    out = {}
    for key in ('labels', 'annotations'):
        value = spec.get(key)
        if value is not None and (not isinstance(value, dict)
                                  or not all(isinstance(v, str) or (key == 'labels' and v is None) for v in value.values())):
            raise DataError('%s: "%s" must be an object of strings%s' % (what, key, ' (null removes a label)' if key == 'labels' else ''))
        out[key] = value
    for key in ('attestation', 'index'):
        if not isinstance(spec.get(key, False), bool):
            raise DataError('%s: "%s" must be true or false' % (what, key))
        out[key] = spec.get(key, False)
    digests = spec.get('digests')
    if digests is not None:
        shown = ['/'.join(p for p in platform if p) for platform in platforms]
        if not isinstance(digests, dict) or sorted(digests) != sorted(shown):
            raise DataError('%s: "digests" must give a digest for each of its platforms %s' % (what, shown))
        for value in digests.values():
            check_digest(value, what + ' digests')
        digests = dict((platform, digests[text]) for platform, text in zip(platforms, shown))
    out['digests'] = digests
    if spec.get('manifest_digest') is not None:
        if digests is None:
            raise DataError('%s: "manifest_digest" goes with "digests"' % what)
        check_digest(spec['manifest_digest'], what + ' manifest_digest')
    out['manifest_digest'] = spec.get('manifest_digest')
    return out


def check_digest(value, what):
    if not isinstance(value, str) or not DIGEST_PATTERN.match(value):
        raise DataError('%s: %r is not a sha256:<64 hex> digest' % (what, value))


def signed_digest(target, signs, image, what):
    """The digest a signature of ``target`` names: what the tag resolves to (the way ``cosign sign image:tag``
    signs), or with ``signs`` the manifest of one platform (``cosign sign image@<that digest>``)."""
    content = target.content(image.registry, image)
    if signs is None:
        return content.digest
    platform = _parse_platform(signs, what + ' signs')
    if platform not in content.platform_digests:
        raise DataError('%s: signs names %r, which %s does not have' % (what, signs, target.name))
    return content.platform_digests[platform]


def generated_specs(generate, existing, now_ms):
    """Tag specs for ``"generate": N`` or ``{"count": N, "name": "build-{i:05d}", ...}``.

    Dates are spread deterministically and not in id order: tag i is pushed at
    ``start + ((i * 7919) % count) * step_minutes``. Every third tag is multi-arch.
    """
    if isinstance(generate, bool) or not isinstance(generate, (int, dict)):
        raise DataError('"generate" must be a count or an object')
    options = {'count': generate} if isinstance(generate, int) else dict(generate)
    count = int(options.get('count', 0))
    if count < 0:
        raise DataError('"generate" count must be >= 0')
    template = options.get('name', 'build-{i:06d}')
    start = parse_time_ms(options.get('start', '2024-01-01T00:00:00Z'), now_ms, 'generate start')
    step = int(float(options.get('step_minutes', 37)) * 60000)
    if 'newest_age_days' in options:
        start = now_ms - int(float(options['newest_age_days']) * DAY_MS) - (count - 1) * step
    multi = options.get('multi_arch_every', 3)
    for number in range(1, count + 1):
        slot = (number * 7919) % count if count > 1 else 0
        platforms = ['linux/amd64', 'linux/arm64/v8'] if multi and number % multi == 0 else ['linux/amd64']
        yield {'name': template.format(i=number + existing, n=number), 'date': start + slot * step, 'platforms': platforms,
               'pulled': 0 if number % 4 else start + slot * step + 3600000}


def load_data(path, generate=(), now=None):
    if path:
        with open(path, 'r') as handle:
            try:
                spec = json.load(handle)
            except ValueError as exc:
                raise DataError('%s is not valid JSON: %s' % (path, exc))
    else:
        spec = {'registries': []}
    store = Store(spec, now=now)
    for item in generate:
        target, _sep, count = item.rpartition('=')
        registry, _sep, image = target.partition('/')
        if not registry or not image or not count.isdigit():
            raise DataError('--generate wants REGISTRY/IMAGE=COUNT, got %r' % item)
        store.add_tags(registry, image, [], int(count))
    store.mutations = 0
    return store


# ---------------------------------------------------------------------------------------------------------------
# Faults: one entry per kind in FAULT_TABLE, with its keys (checked when the fault is added, documented in --help-api)
# and the hooks by which the request handler lets it change an answer.
#
# Adding a kind: one class below with the @fault_kind decorator, a docstring (its --help-api text), a ``name``, its
# ``keys`` and the hooks it needs of FaultKind's (answer, envelope, send).

Check = collections.namedtuple('Check', 'what test')


def integer(low=None, high=None, what=None):
    """An integer (never a bool) from ``low`` to ``high``, both optional."""
    def test(value):
        return (not isinstance(value, bool) and isinstance(value, int) and (low is None or value >= low)
                and (high is None or value <= high))
    return Check(what or ('an integer' + ('' if low is None else ' >= %d' % low)), test)


def number(low):
    return Check('a number >= %s' % low, lambda value: not isinstance(value, bool) and isinstance(value, (int, float)) and value >= low)


def one_of(*choices):
    return Check('%s or %s' % (', '.join(choices[:-1]), choices[-1]), lambda value: value in choices)


STRING = Check('a string', lambda value: isinstance(value, str))
HTTP_STATUS = integer(100, 599, 'an HTTP status code')


class Key:
    """A key of a fault: its default and the ``check`` its value must pass, or just a ``doc`` for one taken as given."""

    def __init__(self, name, default=None, check=None, doc=None):
        self.name = name
        self.default = default
        self.check = check
        self.doc = doc

    def value(self, spec):
        value = spec.get(self.name, self.default)
        if self.check is not None and not self.check.test(value):
            raise DataError('fault %s must be %s, got %r' % (self.name, self.check.what, value))
        return value

    def describe(self):
        default = '' if self.default is None else '; default %s' % json.dumps(self.default)
        return '``%s`` (%s%s)' % (self.name, self.doc or self.check.what, default)


PLANE_HOSTS = ('registry', 'token', 'storage')
COUNT = Key('count', 1, integer(0))
SKIP = Key('skip', 0, integer(0))
FAULT_TABLE = collections.OrderedDict()


def fault_kind(cls):
    """Class decorator: one instance of the kind goes in FAULT_TABLE, under its name, in definition order."""
    FAULT_TABLE[cls.name] = cls()
    return cls


class FaultKind:
    """The hooks the request handler calls on the kind of the fault that fired; these defaults answer normally.

    ``params`` holds the value of every key of the kind, its default when the fault does not give it.
    """

    name = None
    keys = ()
    # The planes a fault of this kind may name, its default first; the one host it answers on (None: any).
    planes = ('api', 'registry')
    host = None

    def validate(self, spec):
        """The fault's ``params``; DataError when a key's value is wrong."""
        return dict((key.name, key.value(spec)) for key in self.keys)

    def answer(self, handler, params, entry):
        """Called before the API is: the status it answered (0: none) instead of the API, or None to let the API answer."""

    def envelope(self, listing, params):
        """The body of a listing page the API answers 200 with (see Listing), or None to keep the real one."""

    def send(self, handler, status, data, headers, params, entry):
        """Send the API's answer, ``data`` its JSON text (bytes); returns the status sent."""
        handler.send(status, data, headers=headers)
        return status

    def help(self):
        keys = ' Keys: %s.' % ', '.join(key.describe() for key in self.keys) if self.keys else ''
        text = '- ``%s``: %s%s' % (self.name, ' '.join(self.__doc__.split()), keys)
        return textwrap.fill(text, 115, subsequent_indent='  ', break_on_hyphens=False, break_long_words=False)


def gateway_body(status, details=None, code=None, message=None):
    default = GATEWAY_ERRORS.get(status, (str(status), 'Error', 'Error.'))
    return {'error': {'errorCode': code or default[0], 'message': message or default[1], 'details': details or default[2]}}


@fault_kind
class StatusFault(FaultKind):
    """``status`` with the gateway JSON body for it (429 -> errorCode 420 Rate Limited, 500 -> 900, 502/503 -> 500
    Endpoint Error, 504 -> 510 Endpoint Timeout), its details padded to ``details_bytes`` bytes when given (a megabyte
    of details)."""

    name = 'status'
    keys = (Key('status', 503, HTTP_STATUS), Key('retry_after', doc='a Retry-After header, the value as given'),
            Key('retry_after_in', doc='seconds from now, sent as a Retry-After HTTP-date'),
            Key('error_code', doc='the errorCode'), Key('message', doc='the message'), Key('details', doc='the details'),
            Key('body', doc='a whole body instead, an object or a string'), Key('details_bytes', 0, integer(0)))

    def answer(self, handler, params, entry):
        status = params['status']
        headers = {}
        if params['retry_after'] is not None:
            headers['Retry-After'] = str(params['retry_after'])
        elif params['retry_after_in'] is not None:
            headers['Retry-After'] = email.utils.formatdate(time.time() + float(params['retry_after_in']), usegmt=True)
        body = params['body']
        if body is None:
            details = params['details'] or GATEWAY_ERRORS.get(status, ('', '', 'Error.'))[2]
            if params['details_bytes']:
                details = (details + ' ') * (params['details_bytes'] // (len(details) + 1) + 1)
                details = details[:params['details_bytes']]
            body = gateway_body(status, details, params['error_code'], params['message'])
        handler.send(status, body, headers=headers)
        return status


@fault_kind
class DropFault(FaultKind):
    """close the connection without an answer (the log entry's ``status`` is 0)."""

    name = 'drop'

    def answer(self, handler, params, entry):
        handler.drop()
        entry['reason'] = 'fault_drop'
        return 0


@fault_kind
class HtmlFault(FaultKind):
    """an HTML page: a sign-in form for ``status`` 200, else nginx's 502 page."""

    name = 'html'
    keys = (Key('status', 502, HTTP_STATUS), Key('body', doc='another page'))

    def answer(self, handler, params, entry):
        status = params['status']
        handler.send(status, params['body'] or HTML_PAGES.get(status) or HTML_PAGES[502], content_type='text/html; charset=utf-8')
        return status


@fault_kind
class TruncatedFault(FaultKind):
    """the real answer with its JSON body cut in half (Content-Length of what is sent)."""

    name = 'truncated'

    def send(self, handler, status, data, headers, params, entry):
        return FaultKind.send(self, handler, status, data[:len(data) // 2], headers, params, entry)


@fault_kind
class SlowFault(FaultKind):
    """sleep ``seconds`` before answering normally."""

    name = 'slow'
    keys = (Key('seconds', 5, number(0)),)

    def answer(self, handler, params, entry):
        time.sleep(float(params['seconds']))


@fault_kind
class NextLoopFault(FaultKind):
    """listings never end: ``mode`` ``endless`` (``next`` is always page+1, pages past the end repeat the last
    page), ``back`` (every page after the first points ``next`` back to page 1) or ``fresh`` (like ``endless``, but
    pages past the end bring new made-up tags, ``endless-<page>-<n>``, so that only a cap on the listing stops a
    client)."""

    name = 'next_loop'
    keys = (Key('mode', 'endless', one_of('endless', 'back', 'fresh')),)

    def envelope(self, listing, params):
        mode = params['mode']
        if mode == 'back':
            return listing.envelope(next_override=1 if listing.page > 1 else 2)
        body = listing.envelope(next_override=listing.page + 1, repeat_last=mode == 'endless')
        if mode == 'fresh' and not body['results'] and listing.items:
            template = listing.expand(listing.items[0])
            body['results'] = [dict(template, name='endless-%d-%d' % (listing.page, n)) for n in range(listing.size)]
        return body


@fault_kind
class CountChangeFault(FaultKind):
    """listings answer ``count`` + ``delta``, their items shifted by ``delta`` as if tags were pushed (delta > 0)
    or deleted (delta < 0) before the page was read."""

    name = 'count_change'
    keys = (Key('delta', 1, integer()),)

    def envelope(self, listing, params):
        return listing.envelope(count=max(0, len(listing.items) + params['delta']), offset_shift=params['delta'])


@fault_kind
class HugeCountFault(FaultKind):
    """listings claim ``"count": total``, with their real items and a ``next`` to match."""

    name = 'huge_count'
    keys = (Key('total', 10 ** 12, integer(0)),)

    def envelope(self, listing, params):
        return listing.envelope(count=params['total'])


@fault_kind
class BigBodyFault(FaultKind):
    """the real answer after ``mb`` MiB of JSON whitespace, sent in 64 KiB writes with its Content-Length; the log
    entry's ``sent`` says how many bytes went out before the client hung up."""

    name = 'big_body'
    keys = (Key('mb', 300, integer(0)),)

    def send(self, handler, status, data, headers, params, entry):
        # Leading whitespace keeps it valid JSON: only a size limit can refuse it.
        chunk = 64 * 1024
        pad = params['mb'] * MIB
        head = handler.raw_head(status, headers, {'Content-Length': str(pad + len(data))})
        entry['sent'] = handler.write_raw(head, itertools.chain(itertools.repeat(b' ' * chunk, pad // chunk), [data]))
        return status


_GZIP_PADDING = {}
_GZIP_LOCK = threading.Lock()


def gzip_padding(mb):
    """``(deflate blocks, crc32, size)`` of ``mb`` MiB of spaces, made once per size: 1 GiB costs 0.4 s, not 8."""
    with _GZIP_LOCK:
        if mb not in _GZIP_PADDING:
            block = b' ' * MIB
            # A full flush ends each block on a byte boundary with no back-references: the blocks repeat as is.
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            flushed = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
            crc = 0
            for dummy in range(mb):
                crc = zlib.crc32(block, crc)
            _GZIP_PADDING[mb] = (flushed * mb, crc, mb * MIB)
        return _GZIP_PADDING[mb]


def gzip_bomb(mb, data):
    """A gzip member of ``mb`` MiB of spaces then ``data``: valid JSON when ``data`` is, about 1 MiB per GiB."""
    padding, crc, size = gzip_padding(mb)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    tail = compressor.compress(data) + compressor.flush()
    trailer = struct.pack('<II', zlib.crc32(data, crc) & 0xffffffff, (size + len(data)) & 0xffffffff)
    return [b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff', padding, tail, trailer]


@fault_kind
class GzipBombFault(FaultKind):
    """big_body's padding gzip-compressed (about 1 MiB on the wire per GiB), with ``Content-Encoding: gzip``;
    ``sent`` counts compressed bytes."""

    name = 'gzip_bomb'
    keys = (Key('mb', 1024, integer(0)),)

    def validate(self, spec):
        params = FaultKind.validate(self, spec)
        gzip_padding(params['mb'])  # compressed now, so the request that fires it answers at once
        return params

    def send(self, handler, status, data, headers, params, entry):
        pieces = gzip_bomb(params['mb'], data)
        head = handler.raw_head(status, headers, {'Content-Length': str(sum(len(p) for p in pieces)), 'Content-Encoding': 'gzip'})
        entry['sent'] = handler.write_raw(head, pieces)
        return status


@fault_kind
class TrickleFault(FaultKind):
    """the real answer, status line and headers included, ``bytes`` every ``seconds`` until it is all sent or the
    client hangs up (``sent``)."""

    name = 'trickle'
    keys = (Key('bytes', 1, integer(1)), Key('seconds', 1, number(0)))

    def send(self, handler, status, data, headers, params, entry):
        raw = handler.raw_head(status, headers, {'Content-Length': str(len(data))}) + data
        step = params['bytes']
        entry['sent'] = handler.write_raw(b'', (raw[start:start + step] for start in range(0, len(raw), step)), float(params['seconds']))
        return status


@fault_kind
class DeepJsonFault(FaultKind):
    """HTTP 200 with ``{"count": [[[...]]]}`` nested ``depth`` arrays deep."""

    name = 'deep_json'
    keys = (Key('depth', 5000, integer(1)),)

    def answer(self, handler, params, entry):
        handler.send(200, '{"count": %s%s}' % ('[' * params['depth'], ']' * params['depth']))
        return 200


@fault_kind
class RedirectFault(FaultKind):
    """``status`` with a ``Location`` header: ``location``, by default a URL with a user, a password and a query
    token, which a client must not show."""

    name = 'redirect'
    keys = (Key('status', 302, integer(300, 399, 'a 3xx code')), Key('location', DEFAULT_REDIRECT, STRING))

    def answer(self, handler, params, entry):
        handler.send(params['status'], '', content_type='text/plain', headers={'Location': params['location']})
        return params['status']


@fault_kind
class NoApiFault(FaultKind):
    """the gateway's 404 for a path it has no API for (``No API matches GET <path>.``), as when the endpoint lacks
    its ``/ncr/api/v2``-style prefix."""

    name = 'no_api'

    def answer(self, handler, params, entry):
        handler.send(404, gateway_body(404, 'No API matches GET %s.' % handler.path.split('?', 1)[0]))
        entry['reason'] = 'no_such_api'
        return 404


LATIN1 = Check('a string of Latin-1 characters', lambda value: isinstance(value, str) and all(ord(c) < 256 for c in value))


@fault_kind
class HeaderFault(FaultKind):
    """the real answer with its header ``header`` set to ``value`` as given (by default ``Content-Length: ²``, which
    ``isdigit()`` takes for a number and ``int()`` does not), the connection closed after the body so that a client
    that cannot read the header still gets all of it."""

    name = 'header'
    keys = (Key('header', 'Content-Length', STRING), Key('value', '\u00b2', LATIN1))

    def send(self, handler, status, data, headers, params, entry):
        head = handler.raw_head(status, headers, {'Content-Length': str(len(data)), params['header']: params['value']})
        entry['sent'] = handler.write_raw(head, [data])
        return status


@fault_kind
class JunkFault(FaultKind):
    """listings of ``total`` items, the real ones then made-up ones (``junk-<n>``, each with a digest of its own), the
    first item of every page padded with an unused field ``junk`` of ``mb`` MiB: with a page size of 1, a listing
    within max_tags whose pages come to 800 GB."""

    name = 'junk'
    keys = (Key('total', 100000, integer(1)), Key('mb', 8, number(0)))

    def envelope(self, listing, params):
        body = listing.envelope(count=params['total'])
        start = (listing.page - 1) * listing.size
        wanted = max(0, min(listing.size, params['total'] - start))
        if len(body['results']) < wanted and listing.items:
            template = listing.expand(listing.items[0])
            for number in range(start + len(body['results']), start + wanted):
                item = dict(template, name='junk-%d' % number)
                if 'digest' in item:
                    item['digest'] = 'sha256:%064x' % number
                body['results'].append(item)
        if body['results']:
            body['results'][0] = dict(body['results'][0], junk=' ' * int(params['mb'] * MIB))
        return body


# The data plane's kinds: they answer on a registry's host only (``plane`` "registry", ``host`` "registry").

class RegistryFaultKind(FaultKind):
    planes = ('registry',)
    host = 'registry'


@fault_kind
class ChallengeLoopFault(RegistryFaultKind):
    """(data plane) 401 with the registry's challenge whatever the request carries, a fresh token included: with
    ``count`` 0, a client that fetches a token and tries again meets it forever."""

    name = 'challenge_loop'

    def answer(self, handler, params, entry):
        entry['reason'] = 'fault_challenge_loop'
        return handler.send_answer(handler.challenge(None))


@fault_kind
class HttpRealmFault(RegistryFaultKind):
    """(data plane) 401 with a Bearer challenge whose ``realm`` is plain http on a host off loopback, which a client
    must refuse to send credentials to (nothing listens there)."""

    name = 'http_realm'
    keys = (Key('realm', 'http://auth.ncr-simulator.test/token', STRING),)

    def answer(self, handler, params, entry):
        entry['reason'] = 'fault_http_realm'
        return handler.send_answer(handler.challenge(None, realm=params['realm']))


@fault_kind
class NoDigestFault(RegistryFaultKind):
    """(data plane) the real answer without its ``Docker-Content-Digest`` header."""

    name = 'no_digest'

    def send(self, handler, status, data, headers, params, entry):
        headers = dict((k, v) for k, v in headers.items() if k != 'Docker-Content-Digest')
        return FaultKind.send(self, handler, status, data, headers, params, entry)


@fault_kind
class WrongDigestFault(RegistryFaultKind):
    """(data plane) the real answer with a ``Docker-Content-Digest`` that lies: ``digest`` as given (malformed ones
    too), by default the sha256 of other bytes."""

    name = 'wrong_digest'
    keys = (Key('digest', 'sha256:' + hashlib.sha256(b'not this manifest').hexdigest(), STRING),)

    def send(self, handler, status, data, headers, params, entry):
        headers = dict(headers)
        if 'Docker-Content-Digest' in headers:
            headers['Docker-Content-Digest'] = params['digest']
        return FaultKind.send(self, handler, status, data, headers, params, entry)


@fault_kind
class BigManifestFault(RegistryFaultKind):
    """(data plane) a manifest answer padded with JSON whitespace to ``mb`` MiB more (past distribution's 4 MiB
    manifest limit by default), its ``Docker-Content-Digest`` and Content-Length honest, sent in 64 KiB writes;
    ``sent`` counts the bytes that went out before the client hung up."""

    name = 'big_manifest'
    keys = (Key('mb', 5, integer(0)),)

    def send(self, handler, status, data, headers, params, entry):
        if status != 200 or 'Docker-Content-Digest' not in headers:
            return FaultKind.send(self, handler, status, data, headers, params, entry)
        chunk = 64 * 1024
        pad = params['mb'] * MIB
        digest = hashlib.sha256(data)
        for dummy in range(pad // chunk):
            digest.update(b' ' * chunk)
        headers = dict(headers, **{'Docker-Content-Digest': 'sha256:' + digest.hexdigest()})
        head = handler.raw_head(status, headers, {'Content-Length': str(len(data) + pad)})
        if handler.command == 'HEAD':
            entry['sent'] = handler.write_raw(head, [])
        else:
            entry['sent'] = handler.write_raw(head, itertools.chain([data], itertools.repeat(b' ' * chunk, pad // chunk)))
        return status


class Fault:
    """A fault added at start or through the control API: which requests it answers, and its kind's ``params``."""

    def __init__(self, spec, fault_id):
        if not isinstance(spec, dict):
            raise DataError('a fault must be a JSON object')
        self.spec = dict(spec)
        self.id = fault_id
        self.kind = spec.get('kind')
        self.behaviour = FAULT_TABLE.get(self.kind) if isinstance(self.kind, str) else None
        if self.behaviour is None:
            raise DataError('fault kind must be one of %s, got %r' % (', '.join(FAULT_TABLE), self.kind))
        self.count = COUNT.value(spec)
        self.skip = SKIP.value(spec)
        self.match = spec.get('match') or ''
        self.method = spec.get('method')
        if not isinstance(self.match, str):
            raise DataError('fault match must be a string')
        # Which requests: the API's (plane "api", the default) or the data plane's (plane "registry": the registries'
        # hosts, the token host and the storage host, or the one ``host`` names). A data-plane kind answers there only.
        self.plane = spec.get('plane', self.behaviour.planes[0])
        if self.plane not in self.behaviour.planes:
            raise DataError('fault plane must be %s for kind %s, got %r' % (' or '.join(self.behaviour.planes), self.kind, self.plane))
        self.host = spec.get('host', self.behaviour.host)
        if self.host is not None and (self.plane != 'registry' or self.host not in PLANE_HOSTS):
            raise DataError('fault host must be one of %s (with plane "registry"), got %r' % (', '.join(PLANE_HOSTS), self.host))
        if self.behaviour.host is not None and self.host != self.behaviour.host:
            raise DataError('fault host must be %s for kind %s, got %r' % (self.behaviour.host, self.kind, self.host))
        self.fired = 0
        self.params = self.behaviour.validate(spec)
        if 'status' in self.params:
            self.spec['status'] = self.params['status']  # listed with the status it answers

    def matches(self, method, target, plane='api', host=None):
        if self.method and self.method.upper() != method:
            return False
        if self.plane != plane or (self.host is not None and self.host != host):
            return False
        return self.match in target

    def describe(self):
        out = dict(self.spec)
        out.update({'id': self.id, 'fired': self.fired,
                    'remaining': None if self.count == 0 else max(0, self.count - self.fired)})
        return out


FAULT_KINDS_LINE = 'Kinds: one entry each in ``FAULT_TABLE`` below; ``--help-api`` lists them here, with their keys and defaults.\n'


def help_api():
    """The module docstring with every fault kind's entry of FAULT_TABLE in it."""
    kinds = ''.join(kind.help() + '\n' for kind in FAULT_TABLE.values())
    return __doc__.replace(FAULT_KINDS_LINE, 'Kinds:\n\n' + kinds, 1)


# ---------------------------------------------------------------------------------------------------------------
# The simulator state shared by handler threads

class Simulator:
    def __init__(self, store_factory, access_key, secret_key, config, faults=(), clock_offset=0.0, log_file=None,
                 signature_file=None):
        self.store_factory = store_factory
        self.store = store_factory()
        self.access_key = access_key
        self.secret_key = secret_key
        self.initial_config = dict(config)
        self.config = dict(config)
        self.initial_faults = list(faults)
        self.initial_clock = float(clock_offset)
        self.clock_offset = float(clock_offset)
        self.lock = threading.Lock()
        self.log = collections.deque(maxlen=LOG_MAX)
        self.seq = 0
        self.fault_seq = 0
        self.faults = []
        self.conn_seq = 0
        self.log_handle = open(log_file, 'a') if log_file else None
        self.signature_handle = open(signature_file, 'a') if signature_file else None
        self.started = time.time()
        self.base_url = None
        self.tokens = {}
        self.data_plane = None
        for spec in faults:
            self.add_fault(spec)

    def now(self):
        return time.time() + self.clock_offset

    def record_signature(self, signature):
        """Secret-hygiene tests grep every output for the signatures a client sent (--signature-log)."""
        if self.signature_handle and signature:
            with self.lock:
                self.signature_handle.write(signature.strip() + '\n')
                self.signature_handle.flush()

    def next_conn(self):
        with self.lock:
            self.conn_seq += 1
            return self.conn_seq

    def add_fault(self, spec):
        with self.lock:
            self.fault_seq += 1
            fault = Fault(spec, self.fault_seq)
            self.faults.append(fault)
            return fault

    def clear_faults(self):
        with self.lock:
            self.faults = []

    def take_fault(self, method, target, plane='api', host=None):
        """The first active fault matching this request, consumed; or None."""
        with self.lock:
            for fault in self.faults:
                if not fault.matches(method, target, plane, host):
                    continue
                if fault.skip > 0:
                    fault.skip -= 1
                    continue
                fault.fired += 1
                if fault.count and fault.fired >= fault.count:
                    self.faults.remove(fault)
                return fault
            return None

    def record(self, entry):
        with self.lock:
            self.seq += 1
            entry['seq'] = self.seq
            self.log.append(entry)
            if self.log_handle:
                self.log_handle.write(json.dumps(entry, sort_keys=True) + '\n')
                self.log_handle.flush()

    def entries(self, since=0):
        with self.lock:
            return [e for e in self.log if e['seq'] > since]

    def clear_log(self):
        with self.lock:
            self.log.clear()

    def reset(self):
        with self.lock:
            self.log.clear()
            self.faults = []
            self.clock_offset = self.initial_clock
            self.tokens.clear()
            self.config = dict(self.initial_config)
        if self.store.mutations:
            self.store = self.store_factory()
        for spec in self.initial_faults:
            self.add_fault(spec)

    def health(self):
        return {'ok': True, 'pid': os.getpid(), 'version': VERSION, 'base_url': self.base_url,
                'control_url': control_url(self.base_url) if self.base_url else None,
                'prefixes': list(PREFIXES), 'uptime': round(time.time() - self.started, 3),
                'data_plane': self.data_plane.describe() if self.data_plane else None,
                'clock_offset_seconds': self.clock_offset, 'config': dict(self.config)}


def control_url(base_url):
    parts = urlsplit(base_url)
    return '%s://%s%s' % (parts.scheme, parts.netloc, CONTROL_PREFIX)


def _epoch3(value):
    return round(value, 3)


class ApiAnswer:
    """What the API part answers before faults are applied."""

    def __init__(self, status, body, reason=None, listing=None, headers=None):
        self.status = status
        self.body = body
        self.reason = reason
        self.listing = listing
        self.headers = headers or {}


class Listing:
    def __init__(self, items, expand, page, size):
        self.items = items
        self.expand = expand
        self.page = page
        self.size = size

    def envelope(self, count=None, offset_shift=0, next_override=None, repeat_last=False):
        total = len(self.items)
        count = total if count is None else count
        start = (self.page - 1) * self.size - offset_shift
        start = max(0, start)
        chunk = self.items[start:start + self.size]
        if repeat_last and not chunk and self.items:
            last_start = ((total - 1) // self.size) * self.size
            chunk = self.items[last_start:last_start + self.size]
        pages = -(-count // self.size) if count > 0 else 0
        nxt = self.page + 1 if self.page < pages else None
        if next_override is not None:
            nxt = next_override
        if self.page <= 1:
            previous = None
        elif pages and self.page > pages:
            previous = pages
        else:
            previous = self.page - 1
        return collections.OrderedDict((
            ('count', count), ('next', nxt), ('previous', previous), ('results', [self.expand(i) for i in chunk]),
        ))


REGISTRY_SHAPES = ('current', 'old', 'old-list')
REGISTRY_AUTH = ('bearer', 'basic')
TOKEN_FIELDS = ('both', 'token', 'access_token')


# ---------------------------------------------------------------------------------------------------------------
# Routes: a request target is parsed once (parse_target) into its route of ROUTES and the route's parameters

class ApiCall:
    """What an API route's handler gets: the registry, image and tag its path names, and the page it asks for."""

    # The objects a path names, outermost first, each looked up in the one before (the store first), and the
    # gateway's details when one is not there.
    LOOKUPS = (('registry', 'Registry %(registry)s not found.'),
               ('image', 'Image %(image)s not found in registry %(registry)s.'),
               ('tag', 'Tag %(tag)s not found in image %(image)s.'))

    def __init__(self, sim, region):
        self.sim = sim
        self.store = sim.store
        self.region = region
        self.registry = self.image = self.tag = None
        self.page = self.size = None

    def find(self, params):
        """Look up what the path names; None when all is there, else the details of the 404."""
        parent = self.store
        for level, missing in self.LOOKUPS:
            if level not in params:
                break
            found = parent.by_name.get(params[level])
            if found is None or (level == 'registry' and not found.visible_in(self.region)):
                return missing % params
            setattr(self, level, found)
            parent = found
        return None

    def listing(self, items, expand):
        return Listing(items, expand, self.page, self.size)


def api_registries(call):
    shape = call.sim.config.get('registry_shape', 'current')
    items = [r for r in call.store.registries if r.visible_in(call.region)]
    if shape == 'old-list':
        # --registry-shape old-list: the older items as a plain JSON list, all of them, no envelope.
        return ApiAnswer(200, [r.api(call.region, shape) for r in items])
    return call.listing(items, lambda r: r.api(call.region, shape))


def api_images(call):
    return call.listing(list(call.registry.images), lambda i: i.api())


def api_image(call):
    return ApiAnswer(200, call.image.api(detail=True))


def api_tags(call):
    return call.listing(call.image.tags, lambda t: t.api(call.registry, call.image))


def api_tag(call):
    return ApiAnswer(200, call.tag.api(call.registry, call.image))


# What a control route's handler gets; it returns ``(status, body)`` or raises DataError (400).
ControlCall = collections.namedtuple('ControlCall', 'sim method query payload')


def control_health(call):
    return 200, call.sim.health()


def control_log(call):
    if call.method == 'DELETE':
        call.sim.clear_log()
        return 200, {'ok': True}
    since = call.query.get('since', ['0'])[0]
    if not since.isdigit():
        raise DataError('since must be a sequence number')
    return 200, call.sim.entries(int(since))


def control_faults(call):
    sim = call.sim
    if call.method == 'POST':
        specs = call.payload if isinstance(call.payload, list) else [call.payload]
        for spec in specs:
            Fault(spec, 0)  # validate every one before adding any
        for spec in specs:
            sim.add_fault(spec)
    elif call.method == 'DELETE':
        sim.clear_faults()
    with sim.lock:
        return 200, {'faults': [f.describe() for f in sim.faults]}


def control_clock(call):
    sim = call.sim
    if call.method == 'POST':
        offset = call.payload.get('offset_seconds') if isinstance(call.payload, dict) else None
        if isinstance(offset, bool) or not isinstance(offset, (int, float)):
            raise DataError('POST /_sim/clock wants {"offset_seconds": NUMBER}')
        sim.clock_offset = float(offset)
    return 200, {'offset_seconds': sim.clock_offset, 'server_time_ms': int(sim.now() * 1000),
                 'real_time_ms': int(time.time() * 1000)}


def control_config(call):
    if call.method == 'POST':
        if not isinstance(call.payload, dict):
            raise DataError('POST /_sim/config wants a JSON object')
        call.sim.config.update(check_config(call.payload, call.sim.config))
    return 200, dict(call.sim.config)


def control_reset(call):
    call.sim.reset()
    return 200, {'ok': True}


def control_images(call):
    payload = call.payload
    if not isinstance(payload, dict) or not isinstance(payload.get('registry'), str) or not isinstance(payload.get('image'), str):
        raise DataError('POST /_sim/images wants {"registry": NAME, "image": NAME, "tags": [...], "generate": N}')
    image = call.sim.store.add_tags(payload['registry'], payload['image'], payload.get('tags', []), payload.get('generate'),
                                    replace=bool(payload.get('replace')))
    out = {'registry': payload['registry'], 'image': image.name, 'count': len(image.tags)}
    if call.sim.data_plane is not None:
        out['registry_url'] = plane_url(call.sim.data_plane.ensure(payload['registry']))
    return 200, out


def control_registries(call):
    if call.sim.data_plane is None:
        raise DataError('this simulator serves no data plane')
    return 200, call.sim.data_plane.describe()


def check_config(payload, current):
    out = {}
    for key, value in payload.items():
        if key in ('max_page_size', 'default_page_size'):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise DataError('%s must be an integer >= 1' % key)
        elif key == 'latency_ms':
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise DataError('latency_ms must be a number >= 0')
        elif key == 'past_end':
            if value not in ('empty', '404'):
                raise DataError('past_end must be "empty" or "404"')
        elif key == 'registry_shape':
            if value not in REGISTRY_SHAPES:
                raise DataError('registry_shape must be one of %s' % ', '.join(REGISTRY_SHAPES))
        elif key == 'registry_auth':
            if value not in REGISTRY_AUTH:
                raise DataError('registry_auth must be one of %s' % ', '.join(REGISTRY_AUTH))
        elif key == 'token_expires_in':
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise DataError('token_expires_in must be an integer >= 0')
        elif key == 'token_field':
            if value not in TOKEN_FIELDS:
                raise DataError('token_field must be one of %s' % ', '.join(TOKEN_FIELDS))
        else:
            raise DataError('unknown config key %r (known: %s)' % (key, ', '.join(sorted(current))))
        out[key] = value
    return out


API, CONTROL = 'api', 'control'


class Route:
    """An entry of ROUTES: a path pattern under an API prefix (API) or under /_sim (CONTROL), the methods it answers,
    its handler, and whether it is a paged listing. ``{name}`` in a pattern is one path segment, percent-decoded."""

    def __init__(self, area, name, pattern, handler, methods=('GET',), listing=False):
        self.area = area
        self.name = name
        self.pattern = pattern.split('/')
        self.handler = handler
        self.methods = methods
        self.listing = listing

    def match(self, segments):
        """The parameters of the raw path segments if they match the pattern, else None."""
        if len(segments) != len(self.pattern):
            return None
        params = {}
        for want, got in zip(self.pattern, segments):
            if want.startswith('{'):
                if not got:
                    return None
                params[want[1:-1]] = unquote(got)
            elif want != got:
                return None
        return params


ROUTES = (
    Route(API, 'registries', 'repositories', api_registries, listing=True),
    Route(API, 'images', 'repositories/{registry}', api_images, listing=True),
    Route(API, 'image', 'repositories/{registry}/{image}', api_image),
    Route(API, 'tags', 'repositories/{registry}/{image}/tags', api_tags, listing=True),
    Route(API, 'tag', 'repositories/{registry}/{image}/tags/{tag}', api_tag),
    Route(CONTROL, 'health', 'health', control_health),
    Route(CONTROL, 'log', 'log', control_log, ('GET', 'DELETE')),
    Route(CONTROL, 'faults', 'faults', control_faults, ('GET', 'POST', 'DELETE')),
    Route(CONTROL, 'clock', 'clock', control_clock, ('GET', 'POST')),
    Route(CONTROL, 'config', 'config', control_config, ('GET', 'POST')),
    Route(CONTROL, 'reset', 'reset', control_reset, ('POST',)),
    Route(CONTROL, 'images', 'images', control_images, ('POST',)),
    Route(CONTROL, 'registries', 'registries', control_registries),
)

# What parse_target makes of a raw request target: ``area`` API or CONTROL; ``prefix`` the API prefix (None: none
# matched); ``name`` the path under /_sim; ``route`` the Route (None: no route matched) and ``params`` its
# parameters; ``query`` the parsed query string.
Target = collections.namedtuple('Target', 'target path area prefix name route params query')


def parse_target(target):
    path, _sep, query_string = target.partition('?')
    if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + '/'):
        name = path[len(CONTROL_PREFIX):].strip('/')
        route, params = match_route(CONTROL, name.split('/'))
        return Target(target, path, CONTROL, None, name, route, params, parse_qs(query_string))
    prefix = next((p for p in PREFIXES if path == p or path.startswith(p + '/')), None)
    route = params = None
    if prefix is not None:
        # {image} is one segment: a raw "/" in it makes more segments, and so another (unknown) path.
        route, params = match_route(API, path[len(prefix):].split('/')[1:])
    return Target(target, path, API, prefix, None, route, params, parse_qs(query_string, keep_blank_values=True))


def match_route(area, segments):
    for route in ROUTES:
        params = route.match(segments) if route.area == area else None
        if params is not None:
            return route, params
    return None, None


def _page_param(query, name, default):
    values = query.get(name)
    if not values:
        return default, None
    value = values[0].strip()
    if not value.isdigit() or int(value) <= 0:
        return None, '%s must be a positive integer, got %r' % (name, values[0])
    return int(value), None


def paging(query, config):
    """``(page, pagesize, None)`` of a listing request, pagesize clamped to max_page_size; ``(None, None, problem)``."""
    page, problem = _page_param(query, 'page', 1)
    size, size_problem = _page_param(query, 'pagesize', config['default_page_size'])
    if problem or size_problem:
        return None, None, problem or size_problem
    return page, min(size, config['max_page_size']), None


NO_FAULT = FaultKind()


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'ncr-simulator/' + VERSION

    def version_string(self):
        return self.server_version

    def setup(self):
        BaseHTTPRequestHandler.setup(self)
        self.conn_id = self.server.sim.next_conn()

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        if self.server.verbose:
            sys.stderr.write('ncr-simulator: %s - %s\n' % (self.address_string(), format % args))

    def do_GET(self):
        self.dispatch('GET')

    def do_POST(self):
        self.dispatch('POST')

    def do_PUT(self):
        self.dispatch('PUT')

    def do_PATCH(self):
        self.dispatch('PATCH')

    def do_DELETE(self):
        self.dispatch('DELETE')

    def do_HEAD(self):
        self.dispatch('HEAD')

    # -- plumbing -------------------------------------------------------------------------------------------------

    def read_body(self):
        length = self.headers.get('Content-Length')
        if length is None or not length.strip().isdigit():
            return b''
        return self.rfile.read(int(length))

    def send(self, status, body, content_type='application/json; charset=utf-8', headers=None, length=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode('utf-8')
        elif isinstance(body, str):
            body = body.encode('utf-8')
        headers = dict(headers or {})
        content_type = headers.pop('Content-Type', content_type)
        try:
            self.send_response(status)
            self.send_header('Content-Type', content_type)
            self.send_header('Content-Length', str(len(body) if length is None else length))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != 'HEAD':
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, socket.timeout):
            self.close_connection = True

    def raw_head(self, status, headers, extra):
        """The status line and headers of an answer written by hand (write_raw), the connection closed after it."""
        self.close_connection = True
        headers = dict({'Content-Type': 'application/json; charset=utf-8'}, **headers)
        headers.update(extra, Connection='close')
        head = 'HTTP/1.1 %d %s\r\n' % (status, self.responses.get(status, ('',))[0])
        head += ''.join('%s: %s\r\n' % item for item in sorted(headers.items())) + '\r\n'
        return head.encode('latin-1')

    def write_raw(self, head, pieces, pause=0.0):
        """Write ``head``, then ``pieces`` with ``pause`` seconds after each; the bytes of ``pieces`` written before
        the client hung up."""
        sent = 0
        try:
            if head:
                self.wfile.write(head)
            for piece in pieces:
                self.wfile.write(piece)
                sent += len(piece)
                if pause:
                    time.sleep(pause)
        except OSError:
            pass
        return sent

    def drop(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def is_loopback_client(self):
        try:
            return ipaddress.ip_address(self.client_address[0].split('%', 1)[0]).is_loopback
        except ValueError:
            return False

    def dispatch(self, method):
        raw = self.read_body()
        target = parse_target(self.path)
        if target.area == CONTROL:
            self.control(method, target, raw)
        else:
            self.api_request(method, target)

    # -- API ------------------------------------------------------------------------------------------------------

    def api_request(self, method, target):
        sim = self.server.sim
        start = time.time()
        route = target.route
        page = size = problem = None
        if route is not None and route.listing:
            page, size, problem = paging(target.query, sim.config)
        entry = {'plane': 'api', 'method': method, 'path': target.target, 'thread': threading.current_thread().name, 'conn': self.conn_id,
                 'start': _epoch3(start), 'fault': None, 'reason': None, 'prefix': target.prefix,
                 'route': route.name if route else None, 'page': page, 'pagesize': size}
        sim.record_signature(self.headers.get('x-ncp-apigw-signature-v2'))
        fault = sim.take_fault(method, target.target)
        kind, params = (fault.behaviour, fault.params) if fault is not None else (NO_FAULT, {})
        latency = sim.config.get('latency_ms') or 0
        if latency:
            time.sleep(latency / 1000.0)
        status = None
        try:
            if fault is not None:
                entry['fault'] = fault.kind
            status = kind.answer(self, params, entry)
            if status is None:
                answer = self.api_answer(method, target, problem, entry)
                body = answer.body
                if answer.listing is not None and answer.status == 200:
                    changed = kind.envelope(answer.listing, params)
                    body = body if changed is None else changed
                status = kind.send(self, answer.status, json.dumps(body).encode('utf-8'), answer.headers, params, entry)
        finally:
            end = time.time()
            entry.update({'status': status, 'end': _epoch3(end), 'ms': int(round((end - start) * 1000))})
            sim.record(entry)

    def api_answer(self, method, target, page_problem, entry):
        """The API's answer; ``page_problem`` is what is wrong with a listing's page and pagesize (entry has them)."""
        sim = self.server.sim
        if target.prefix is None:
            entry['reason'] = 'no_such_api'
            return ApiAnswer(404, gateway_body(404, 'No API matches %s.' % target.path))
        reason = self.check_auth(method, target.target)
        if reason:
            entry['reason'] = reason
            return ApiAnswer(401, gateway_body(401))
        route = target.route
        if route is None:
            entry['reason'] = 'no_such_route'
            return ApiAnswer(404, gateway_body(404, 'No API matches %s %s.' % (method, target.path)))
        if method not in route.methods:
            entry['reason'] = 'method_not_allowed'
            return ApiAnswer(405, gateway_body(405, 'Method %s is not allowed on %s; this simulator is read-only.' % (method, target.path)),
                             headers={'Allow': ', '.join(route.methods)})
        call = ApiCall(sim, PREFIXES[target.prefix])
        missing = call.find(target.params)
        if missing:
            entry['reason'] = 'not_found'
            return ApiAnswer(404, gateway_body(404, missing))
        if route.listing:
            if page_problem:
                entry['reason'] = 'bad_request'
                return ApiAnswer(400, gateway_body(400, page_problem))
            call.page, call.size = entry['page'], entry['pagesize']
        answer = route.handler(call)
        if not isinstance(answer, Listing):
            return answer
        if answer.page > max(1, -(-len(answer.items) // answer.size)) and sim.config.get('past_end') == '404':
            entry['reason'] = 'past_end'
            return ApiAnswer(404, gateway_body(404, 'Page %d does not exist.' % answer.page))
        return ApiAnswer(200, answer.envelope(), listing=answer)

    def check_auth(self, method, target):
        """None when the request is signed right, else a short reason (logged, never sent)."""
        sim = self.server.sim
        timestamp = self.headers.get('x-ncp-apigw-timestamp')
        access = self.headers.get('x-ncp-iam-access-key')
        signature = self.headers.get('x-ncp-apigw-signature-v2')
        if not timestamp or not access or not signature:
            return 'missing_auth_headers'
        if not timestamp.strip().isdigit():
            return 'bad_timestamp'
        if not hmac.compare_digest(access.encode('utf-8'), sim.access_key.encode('utf-8')):
            return 'unknown_access_key'
        expected = signature_v2(method, target, timestamp.strip(), access, sim.secret_key)
        if not hmac.compare_digest(signature.strip().encode('utf-8'), expected.encode('utf-8')):
            return 'bad_signature'
        if abs(int(sim.now() * 1000) - int(timestamp)) > SKEW_LIMIT_MS:
            return 'stale_timestamp'
        return None

    # -- control --------------------------------------------------------------------------------------------------

    def control(self, method, target, raw):
        if not self.is_loopback_client():
            self.send(403, {'error': 'the control API answers loopback clients only'})
            return
        try:
            payload = json.loads(raw.decode('utf-8')) if raw.strip() else None
        except ValueError as exc:
            self.send(400, {'error': 'the body is not JSON: %s' % exc})
            return
        route, where = target.route, '%s/%s' % (CONTROL_PREFIX, target.name)
        if route is None:
            known = ', '.join(sorted(r.name for r in ROUTES if r.area == CONTROL))
            status, body = 404, {'error': 'no control endpoint %s; known: %s' % (where, known)}
        elif method not in route.methods:
            status, body = 405, {'error': '%s %s is not supported (use %s)' % (method, where, ' or '.join(route.methods))}
        else:
            try:
                status, body = route.handler(ControlCall(self.server.sim, method, target.query, payload))
            except DataError as exc:
                status, body = 400, {'error': str(exc)}
        self.send(status, body)


class SimServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, sim, tls_context=None, verbose=False, handler=None, role='api', registry=None):
        host = address[0]
        if ':' in host:
            self.address_family = socket.AF_INET6
        self.sim = sim
        self.tls_context = tls_context
        self.verbose = verbose
        self.role = role
        self.registry_name = registry
        ThreadingHTTPServer.__init__(self, address, handler or Handler)

    def finish_request(self, request, client_address):
        if self.tls_context is None:
            ThreadingHTTPServer.finish_request(self, request, client_address)
            return
        # The TLS handshake happens here, in the request's own thread, so a slow client blocks nobody else.
        try:
            tls = self.tls_context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            if self.verbose:
                sys.stderr.write('ncr-simulator: TLS handshake with %s failed: %s\n' % (client_address[0], exc))
            return
        try:
            ThreadingHTTPServer.finish_request(self, tls, client_address)
        finally:
            try:
                tls.close()
            except OSError:
                pass

    def handle_error(self, request, client_address):
        if self.verbose:
            ThreadingHTTPServer.handle_error(self, request, client_address)


# ---------------------------------------------------------------------------------------------------------------
# The data plane (Docker Registry v2): one loopback port per registry, as NCR has one host per registry; a token
# host (the Bearer challenge's realm); a storage host on a second loopback address that blob reads are redirected to.

REGISTRY_HEADERS = {'Docker-Distribution-API-Version': 'registry/2.0'}
REGISTRY_ERRORS = {
    'UNAUTHORIZED': 'authentication required', 'DENIED': 'requested access to the resource is denied',
    'NAME_UNKNOWN': 'repository name not known to registry', 'MANIFEST_UNKNOWN': 'manifest unknown',
    'BLOB_UNKNOWN': 'blob unknown to registry', 'UNSUPPORTED': 'The operation is unsupported.',
    'NOT_FOUND': 'not found',
}


def registry_error(code, detail=None):
    error = {'code': code, 'message': REGISTRY_ERRORS[code]}
    if detail is not None:
        error['detail'] = detail
    return {'errors': [error]}


def storage_host(host):
    """A second loopback address for the storage host: 127.0.0.2 (127.0.0.3 when the simulator is on 127.0.0.2)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.version == 4:
        return '127.0.0.3' if host == '127.0.0.2' else '127.0.0.2'
    return host  # ::1 has no second address: the storage host is another port on it


def split_registry_path(path):
    """``(route, name, reference)`` of a registry path: route base, manifest, blob, tags or None."""
    if path in ('/v2', '/v2/'):
        return 'base', None, None
    if not path.startswith('/v2/'):
        return None, None, None
    rest = path[4:]
    if rest.endswith('/tags/list'):
        return 'tags', unquote(rest[:-len('/tags/list')]) or None, None
    for marker, route in (('/manifests/', 'manifest'), ('/blobs/', 'blob')):
        at = rest.rfind(marker)
        if at > 0:
            reference = rest[at + len(marker):]
            if reference and '/' not in reference:
                return route, unquote(rest[:at]), unquote(reference)
    return None, None, None


def plane_url(server):
    host, port = server.server_address[:2]
    return '%s://%s:%d' % ('https' if server.tls_context else 'http', '[%s]' % host if ':' in host else host, port)


class DataPlane:
    """The data plane's servers, each serving in a thread of its own; a registry's server is made when the registry
    first exists (at start, or POST /_sim/images) and kept (stable URLs) until the simulator stops."""

    def __init__(self, sim, host, tls_context=None, verbose=False, ports=None):
        self.sim = sim
        self.host = host
        self.tls_context = tls_context
        self.verbose = verbose
        # Fixed ports of some registries (--registry-port), so a guide can name their URL; the others any free port.
        self.ports = dict(ports or {})
        self.lock = threading.Lock()
        self.registries = collections.OrderedDict()
        self.token = self.start(host, 'token')
        self.storage = self.start(storage_host(host), 'storage')
        for registry in sim.store.registries:
            self.ensure(registry.name)

    def start(self, host, role, registry=None):
        port = self.ports.get(registry, 0) if registry else 0
        server = SimServer((host, port), self.sim, self.tls_context, self.verbose, PlaneHandler, role, registry)
        thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.2}, name='%s-%s' % (role, registry or ''))
        thread.daemon = True
        thread.start()
        return server

    def ensure(self, name):
        with self.lock:
            if name not in self.registries:
                self.registries[name] = self.start(self.host, 'registry', name)
            return self.registries[name]

    def service(self, name):
        """The Bearer challenge's service of a registry: its host[:port], as registries name themselves."""
        return plane_url(self.registries[name]).split('://', 1)[1]

    def registry_of_service(self, service):
        with self.lock:
            names = list(self.registries)
        return next((name for name in names if self.service(name) == service), None)

    def describe(self):
        with self.lock:
            servers = list(self.registries.items())
        return {'registries': dict((name, plane_url(server)) for name, server in servers),
                'token_url': plane_url(self.token) + '/token', 'storage_url': plane_url(self.storage),
                'auth': self.sim.config.get('registry_auth', 'bearer')}

    def shutdown(self):
        with self.lock:
            servers = [self.token, self.storage] + list(self.registries.values())
        for server in servers:
            server.shutdown()
            server.server_close()


def basic_credentials(value):
    try:
        user, _sep, password = base64.b64decode(value.strip(), validate=True).decode('utf-8').partition(':')
    except (ValueError, UnicodeDecodeError):
        return None, None
    return user, password


class PlaneHandler(Handler):
    """A request to a registry's host, the token host or the storage host; logged with ``plane`` "registry"."""

    def dispatch(self, method):
        self.read_body()
        sim, role = self.server.sim, self.server.role
        start = time.time()
        path, _sep, query = self.path.partition('?')
        scheme = (self.headers.get('Authorization') or '').split(' ', 1)[0].lower() or None
        entry = {'plane': 'registry', 'host': role, 'registry': self.server.registry_name, 'method': method,
                 'path': self.path, 'route': None, 'image': None, 'fault': None, 'reason': None,
                 'authorization': scheme, 'thread': threading.current_thread().name, 'conn': self.conn_id,
                 'start': _epoch3(start)}
        fault = sim.take_fault(method, self.path, 'registry', role)
        kind, params = (fault.behaviour, fault.params) if fault is not None else (NO_FAULT, {})
        latency = sim.config.get('latency_ms') or 0
        if latency:
            time.sleep(latency / 1000.0)
        status = None
        try:
            if fault is not None:
                entry['fault'] = fault.kind
            if role == 'registry':
                entry['route'], entry['image'], self.reference = split_registry_path(path)
            status = kind.answer(self, params, entry)
            if status is None:
                answer = getattr(self, 'answer_' + role)(method, path, parse_qs(query), entry)
                body = answer.body
                if isinstance(body, (dict, list)):
                    body = json.dumps(body).encode('utf-8')
                status = kind.send(self, answer.status, body, dict(answer.headers), params, entry)
        finally:
            end = time.time()
            entry.update({'status': status, 'end': _epoch3(end), 'ms': int(round((end - start) * 1000))})
            sim.record(entry)

    def send_answer(self, answer):
        self.send(answer.status, answer.body, headers=answer.headers)
        return answer.status

    # -- a registry's host ----------------------------------------------------------------------------------------

    def challenge(self, error, realm=None):
        """401 with the WWW-Authenticate challenge of this registry for this request."""
        sim = self.server.sim
        name = self.server.registry_name
        if sim.config.get('registry_auth') == 'basic':
            header = 'Basic realm="%s registry"' % name
        else:
            params = [('realm', realm or plane_url(sim.data_plane.token) + '/token'), ('service', sim.data_plane.service(name))]
            image = split_registry_path(self.path.split('?', 1)[0])[1]
            if image:
                params.append(('scope', 'repository:%s:pull' % image))
            if error:
                params.append(('error', error))
            header = 'Bearer ' + ','.join('%s="%s"' % item for item in params)
        return ApiAnswer(401, registry_error('UNAUTHORIZED'), headers=dict(REGISTRY_HEADERS, **{'WWW-Authenticate': header}))

    def refused(self, image, entry):
        """None when the request's Authorization lets it read ``image`` (None: /v2/ only), else the 401 to answer."""
        sim = self.server.sim
        scheme, _sep, value = (self.headers.get('Authorization') or '').partition(' ')
        if sim.config.get('registry_auth') == 'basic':
            user, password = basic_credentials(value) if scheme.lower() == 'basic' else (None, None)
            if user is not None and hmac.compare_digest(user.encode('utf-8'), sim.access_key.encode('utf-8')) \
                    and hmac.compare_digest(password.encode('utf-8'), sim.secret_key.encode('utf-8')):
                return None
            entry['reason'] = 'bad_credentials' if scheme else 'no_authorization'
            return self.challenge(None)
        if scheme.lower() != 'bearer':
            entry['reason'] = 'no_token' if not scheme else 'not_bearer'
            return self.challenge(None)
        with sim.lock:
            grant = sim.tokens.get(value.strip())
        if grant is None or grant['service'] != sim.data_plane.service(self.server.registry_name):
            entry['reason'] = 'invalid_token'
            return self.challenge('invalid_token')
        if time.time() >= grant['expires']:
            entry['reason'] = 'expired_token'
            return self.challenge('invalid_token')
        if image is not None and image not in grant['pull']:
            entry['reason'] = 'insufficient_scope'
            return self.challenge('insufficient_scope')
        return None

    def answer_registry(self, method, path, query, entry):
        sim = self.server.sim
        route, name = entry['route'], entry['image']
        if route is None:
            entry['reason'] = 'no_such_route'
            return ApiAnswer(404, registry_error('NOT_FOUND', path), headers=REGISTRY_HEADERS)
        if method not in ('GET', 'HEAD'):
            entry['reason'] = 'method_not_allowed'
            return ApiAnswer(405, registry_error('UNSUPPORTED'), headers=dict(REGISTRY_HEADERS, Allow='GET, HEAD'))
        denied = self.refused(name, entry)
        if denied is not None:
            return denied
        if route == 'base':
            return ApiAnswer(200, {}, headers=REGISTRY_HEADERS)
        registry = sim.store.by_name.get(self.server.registry_name)
        image = registry.by_name.get(name) if registry is not None else None
        if image is None:
            entry['reason'] = 'not_found'
            return ApiAnswer(404, registry_error('NAME_UNKNOWN', {'name': name}), headers=REGISTRY_HEADERS)
        return getattr(self, 'registry_' + route)(registry, image, query, entry)

    def registry_manifest(self, registry, image, query, entry):
        reference = self.reference
        manifests, _blobs = image.documents()
        if DIGEST_PATTERN.match(reference):
            digest = reference
        else:
            tag = image.by_name.get(reference)
            content = tag.content(registry, image) if tag is not None else None
            if content is None or not content.served:
                entry['reason'] = 'not_found'
                detail = {'tag': reference}
                if content is not None:
                    detail['why'] = 'the data file gives this tag\'s digests; the simulator has no manifest to serve'
                return ApiAnswer(404, registry_error('MANIFEST_UNKNOWN', detail), headers=REGISTRY_HEADERS)
            digest = content.digest
        if digest not in manifests:
            entry['reason'] = 'not_found'
            return ApiAnswer(404, registry_error('MANIFEST_UNKNOWN', {'digest': digest}), headers=REGISTRY_HEADERS)
        media_type, body = manifests[digest]
        accept = ','.join(self.headers.get_all('Accept') or [])
        if media_type in INDEX_TYPES and media_type not in accept and '*/*' not in accept:
            # What distribution does for a client that does not accept an index: the linux/amd64 manifest instead.
            entries = json.loads(body.decode('utf-8'))['manifests']
            chosen = next((e for e in entries if e.get('platform', {}).get('architecture') == 'amd64'), entries[0])
            digest = chosen['digest']
            media_type, body = manifests[digest]
            entry['reason'] = 'index_not_accepted'
        entry['digest'] = digest
        return ApiAnswer(200, body, headers=dict(REGISTRY_HEADERS, **{
            'Content-Type': media_type, 'Docker-Content-Digest': digest, 'Etag': '"%s"' % digest}))

    def registry_blob(self, registry, image, query, entry):
        _manifests, blobs = image.documents()
        if self.reference not in blobs:
            entry['reason'] = 'not_found'
            return ApiAnswer(404, registry_error('BLOB_UNKNOWN', {'digest': self.reference}), headers=REGISTRY_HEADERS)
        # Object storage behind the registry: a signed URL on another host, valid for a while.
        location = '%s/blobs/%s/%s/%s?expires=%d&signature=%s' % (
            plane_url(self.server.sim.data_plane.storage), registry.name, image.name, self.reference, int(time.time()) + 1200,
            _hex('storage', self.reference)[:32])
        return ApiAnswer(307, b'', headers=dict(REGISTRY_HEADERS, **{'Location': location, 'Content-Type': 'text/plain'}))

    def registry_tags(self, registry, image, query, entry):
        names = sorted(t.name for t in image.tags)
        last = (query.get('last') or [''])[0]
        if last:
            names = [n for n in names if n > last]
        size = (query.get('n') or [''])[0]
        headers = dict(REGISTRY_HEADERS)
        if size.isdigit() and int(size) < len(names):
            names = names[:int(size)]
            headers['Link'] = '</v2/%s/tags/list?n=%s&last=%s>; rel="next"' % (image.name, size, names[-1])
        return ApiAnswer(200, {'name': image.name, 'tags': names}, headers=headers)

    # -- the token host -------------------------------------------------------------------------------------------

    def answer_token(self, method, path, query, entry):
        sim = self.server.sim
        entry['route'] = 'token'
        if path != '/token':
            entry['reason'] = 'no_such_route'
            return ApiAnswer(404, registry_error('NOT_FOUND', path))
        scheme, _sep, value = (self.headers.get('Authorization') or '').partition(' ')
        user, password = basic_credentials(value) if scheme.lower() == 'basic' else (None, None)
        if user is None or not hmac.compare_digest(user.encode('utf-8'), sim.access_key.encode('utf-8')) \
                or not hmac.compare_digest(password.encode('utf-8'), sim.secret_key.encode('utf-8')):
            entry['reason'] = 'bad_credentials' if scheme else 'no_authorization'
            return ApiAnswer(401, registry_error('UNAUTHORIZED'), headers={'WWW-Authenticate': 'Basic realm="ncr-simulator token"'})
        service = (query.get('service') or [''])[0]
        registry = sim.data_plane.registry_of_service(service)
        if registry is None:
            entry['reason'] = 'unknown_service'
            return ApiAnswer(400, registry_error('UNSUPPORTED', 'unknown service %r' % service))
        pull = set()
        scopes = ' '.join(query.get('scope') or []).split()
        for scope in scopes:
            kind, _sep, rest = scope.partition(':')
            name, _sep, actions = rest.rpartition(':')
            if kind == 'repository' and name and 'pull' in actions.split(','):
                pull.add(name)
        entry['registry'], entry['scope'] = registry, scopes
        token = secrets.token_urlsafe(24)
        expires_in = int(sim.config.get('token_expires_in', 300))
        with sim.lock:
            sim.tokens[token] = {'service': service, 'pull': pull, 'expires': time.time() + expires_in}
        body = {'expires_in': expires_in, 'issued_at': iso_time(int(time.time() * 1000))}
        field = sim.config.get('token_field', 'both')
        for name in ('token', 'access_token'):
            if field in (name, 'both'):
                body[name] = token
        return ApiAnswer(200, body)

    # -- the storage host -----------------------------------------------------------------------------------------

    def answer_storage(self, method, path, query, entry):
        sim = self.server.sim
        entry['route'] = 'blob_storage'
        if self.headers.get('Authorization') is not None:
            # A client must not send the registry's credentials to the storage host it was redirected to.
            entry['reason'] = 'authorization_sent'
            return ApiAnswer(403, {'error': 'this storage host takes no Authorization header; it was sent one'})
        parts = path.split('/')
        if len(parts) < 5 or parts[1] != 'blobs' or method not in ('GET', 'HEAD'):
            entry['reason'] = 'no_such_route'
            return ApiAnswer(404, {'error': 'no such object'})
        registry = sim.store.by_name.get(unquote(parts[2]))
        image = registry.by_name.get(unquote('/'.join(parts[3:-1]))) if registry is not None else None
        blobs = image.documents()[1] if image is not None else {}
        digest = unquote(parts[-1])
        if digest not in blobs:
            entry['reason'] = 'not_found'
            return ApiAnswer(404, {'error': 'no such object'})
        entry['image'] = image.name
        return ApiAnswer(200, blobs[digest], headers={'Content-Type': 'application/octet-stream'})


# ---------------------------------------------------------------------------------------------------------------
# Process plumbing

def is_loopback_host(host):
    if host == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def write_atomic(path, text):
    directory = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(directory, '.%s.%d.tmp' % (os.path.basename(path), os.getpid()))
    with open(tmp, 'w') as handle:
        handle.write(text)
    os.replace(tmp, path)


def remove_if_ours(path, text):
    try:
        with open(path, 'r') as handle:
            if handle.read() != text:
                return
        os.unlink(path)
    except OSError:
        pass


def build_parser():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(
        description='Local simulator of the NCR (NAVER Cloud Container Registry) v2 API: signed requests, pagination, faults.',
        epilog='Control API (loopback, unsigned): /_sim/health, /_sim/log, /_sim/faults, /_sim/clock, /_sim/config, '
               '/_sim/images, /_sim/reset. See the module docstring (python %s --help-api).' % os.path.basename(__file__))
    parser.add_argument('--data', default=os.path.join(here, 'ncr_seed.json'),
                        help='JSON data file: registries -> images -> tags (default: ncr_seed.json beside this script; "" for none)')
    parser.add_argument('--host', default='127.0.0.1', help='loopback address to bind (default 127.0.0.1; ::1 and other 127.x work too)')
    parser.add_argument('--port', type=int, default=0, help='port (default 0: any free port)')
    parser.add_argument('--url-file', help='write the base URL here (atomically) once listening')
    parser.add_argument('--registry-file', help='write the data plane\'s URLs here as JSON (atomically, before --url-file): '
                                                '{"registries": {NAME: URL}, "token_url", "storage_url", "auth"}')
    parser.add_argument('--registry-auth', choices=REGISTRY_AUTH, default='bearer',
                        help='the data plane\'s authentication: bearer (a token from the token host, default) or basic; '
                             'also POST /_sim/config')
    parser.add_argument('--token-expires-in', type=int, default=300, help='lifetime of the data plane\'s tokens in seconds (default 300)')
    parser.add_argument('--pid-file', help='write the process id here once listening')
    parser.add_argument('--access-key', default=os.environ.get('NCR_SIM_ACCESS_KEY') or DEFAULT_ACCESS_KEY,
                        help='accepted access key (default: $NCR_SIM_ACCESS_KEY or %s)' % DEFAULT_ACCESS_KEY)
    parser.add_argument('--secret-key', default=os.environ.get('NCR_SIM_SECRET_KEY') or DEFAULT_SECRET_KEY,
                        help='its secret key (default: $NCR_SIM_SECRET_KEY or the fixed test secret)')
    parser.add_argument('--max-page-size', type=int, default=100, help='larger pagesize values are clamped to this (default 100)')
    parser.add_argument('--default-page-size', type=int, default=20, help='page size when none is asked for (default 20)')
    parser.add_argument('--registry-shape', choices=REGISTRY_SHAPES, default='current',
                        help='GET /repositories items: current (documented paged listing, default), old (the older '
                             'documented {name, bucket, end_point, usage, created, status} items, paged) or old-list '
                             '(the older items as a plain JSON list, unpaged); also POST /_sim/config')
    parser.add_argument('--past-end', choices=('empty', '404'), default='empty',
                        help='a page past the end: 200 with empty results (default) or 404')
    parser.add_argument('--latency-ms', type=float, default=0, help='fixed latency added to every API request (default 0)')
    parser.add_argument('--clock-offset', type=float, default=0,
                        help='server clock skew in seconds at start (default 0; see POST /_sim/clock)')
    parser.add_argument('--log', help='append every API request to this file as JSON lines (no headers, no secrets)')
    parser.add_argument('--signature-log', help='for secret-hygiene tests: append the x-ncp-apigw-signature-v2 value of '
                                                'every API request to this file, one per line')
    parser.add_argument('--tls-cert', help='serve HTTPS with this certificate (PEM)')
    parser.add_argument('--tls-key', help='private key of --tls-cert (PEM; default: in the certificate file)')
    parser.add_argument('--ttl', type=float, default=3600, help='exit by itself after this many seconds (default 3600; 0: never)')
    parser.add_argument('--generate', action='append', default=[], metavar='REGISTRY/IMAGE=COUNT',
                        help='add an image with COUNT generated tags (repeatable)')
    parser.add_argument('--fault', action='append', default=[], metavar='JSON',
                        help='a fault active from the start, as for POST /_sim/faults (repeatable; restored on reset)')
    parser.add_argument('--registry-port', action='append', default=[], metavar='REGISTRY=PORT',
                        help='serve that registry\'s data plane on this port instead of any free one (repeatable), so '
                             'that its URL can be written down, e.g. demo-registry=8081')
    parser.add_argument('--verbose', action='store_true', help='log requests and errors to stderr')
    parser.add_argument('--help-api', action='store_true', help='print the API, control API and fault reference, then exit')
    return parser


def make_server(args):
    for value, name in ((args.max_page_size, '--max-page-size'), (args.default_page_size, '--default-page-size')):
        if value < 1:
            raise DataError('%s must be >= 1' % name)
    if not is_loopback_host(args.host):
        raise DataError('--host %s is not a loopback address: the simulator listens on this machine only '
                        '(127.0.0.0/8, ::1 or localhost)' % args.host)
    ports = {}
    for text in args.registry_port:
        name, sep, port = text.partition('=')
        if not sep or not name or not port.isdigit() or not 0 < int(port) < 65536:
            raise DataError('--registry-port wants REGISTRY=PORT with a port from 1 to 65535, got %r' % text)
        ports[name] = int(port)
    faults = []
    for text in args.fault:
        try:
            faults.append(json.loads(text))
        except ValueError as exc:
            raise DataError('--fault wants JSON: %s' % exc)
    config = {'max_page_size': args.max_page_size, 'default_page_size': args.default_page_size,
              'latency_ms': args.latency_ms, 'past_end': args.past_end, 'registry_shape': args.registry_shape,
              'registry_auth': args.registry_auth, 'token_expires_in': args.token_expires_in, 'token_field': 'both'}
    check_config(config, config)
    # Relative dates (age_days) count from the start, so a reset serves the same tags with the same digests.
    started = time.time()
    sim = Simulator(lambda: load_data(args.data, args.generate, now=started), args.access_key, args.secret_key, config, faults, args.clock_offset, args.log,
                    args.signature_log)
    context = None
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    server = SimServer((args.host, args.port), sim, context, args.verbose)
    host, port = server.server_address[:2]
    shown = '[%s]' % host if ':' in host else host
    sim.base_url = '%s://%s:%d%s' % ('https' if context else 'http', shown, port, next(iter(PREFIXES)))
    try:
        sim.data_plane = DataPlane(sim, host, context, args.verbose, ports)
    except OSError:
        server.server_close()
        raise
    return server, sim


def serve(args):
    server, sim = make_server(args)
    url_text = sim.base_url + '\n'
    pid_text = '%d\n' % os.getpid()

    def stop(*_args):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if hasattr(signal, 'SIGHUP'):
        signal.signal(signal.SIGHUP, stop)
    if args.ttl and args.ttl > 0:
        timer = threading.Timer(args.ttl, stop)
        timer.daemon = True
        timer.start()
    try:
        if args.pid_file:
            write_atomic(args.pid_file, pid_text)
        if args.registry_file:
            write_atomic(args.registry_file, json.dumps(sim.data_plane.describe(), indent=2) + '\n')
        if args.url_file:
            write_atomic(args.url_file, url_text)
        print(sim.base_url)
        sys.stdout.flush()
        server.serve_forever(poll_interval=0.2)
    finally:
        sim.data_plane.shutdown()
        server.server_close()
        if args.url_file:
            remove_if_ours(args.url_file, url_text)
        if args.pid_file:
            remove_if_ours(args.pid_file, pid_text)
    return 0


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.help_api:
        print(help_api())
        return 0
    try:
        return serve(args)
    except (DataError, OSError, ssl.SSLError) as exc:
        sys.stderr.write('ncr-simulator: %s\n' % exc)
        return 2


if __name__ == '__main__':
    sys.exit(main())

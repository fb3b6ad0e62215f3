#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A local simulator of the NAVER Cloud Platform Container Registry (NCR) v2 API.

Python standard library only (3.7+). One process, ``http.server.ThreadingHTTPServer``, HTTP/1.1 keep-alive.

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
- ``POST /_sim/reset``     clear log, faults and clock; restore config and data to the start state

A fault (``--fault JSON`` or ``POST /_sim/faults``)::

    {"kind": "status", "status": 503, "count": 2, "match": "page=3", "retry_after": "1"}

answers the next ``count`` API requests (default 1; 0 = every one until cleared) whose raw target contains
``match`` (default: every request) and, if given, whose method is ``method``, after skipping the first ``skip``
matching ones (default 0). The first matching fault, in the order added, fires; it fires before the signature
check (a gateway throttles before it authenticates).
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
``signature_of`` (a ``sha256-<digest>.sig`` tag for another tag), ``creator``, ``last_updater``, ``id``.
``generate`` is a count or ``{"count", "name": "build-{i:06d}", "start", "step_minutes", "newest_age_days"}``.
Ids follow the file order; digests are sha256 of the names, so every run serves the same objects.

``--signature-log FILE`` appends the signature header of every API request to FILE, one per line, so a secret-hygiene
test can check that no signature a client computed shows up in its output; nothing else records a signature.
"""

from __future__ import (absolute_import, division, print_function)

__metaclass__ = type

import argparse
import base64
import collections
import datetime
import email.utils
import hashlib
import hmac
import ipaddress
import itertools
import json
import os
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


class Tag:
    """One tag, kept compact; :meth:`api` expands it into the API object."""

    __slots__ = ('name', 'id', 'created', 'updated', 'pulled', 'platforms', 'media_type', 'creator',
                 'updater', 'seed', 'size', 'answer')

    def __init__(self, **kwargs):
        for key in self.__slots__:
            setattr(self, key, kwargs.get(key))

    def api(self, registry, image):
        # A tag never changes once made and belongs to one image, so its answer is built once: the simulator
        # shares the CPUs with the client it serves, and benchmarks should measure the client.
        if self.answer is None:
            self.answer = self._api(registry, image)
        return self.answer

    def _api(self, registry, image):
        images = []
        digest = size = None
        amd64 = False
        for index, (osname, arch, variant) in enumerate(self.platforms):
            platform = '/'.join(p for p in (osname, arch, variant) if p)
            pdigest = 'sha256:' + _hex('digest', registry.name, image.name, self.seed, platform)
            psize = self.size if index == 0 else max(1024, self.size - int(_hex('size', self.seed, platform)[:5], 16) * 37)
            images.append({
                'architecture': arch,
                'created': self.created,
                'digest': pdigest,
                'features': '',
                'latest_pulled': self.pulled,
                'mediaType': self.media_type,
                'os': osname,
                'os_features': '',
                'os_version': None,
                'size': psize,
                'updated': self.updated,
                'variant': variant,
            })
            # The tag's digest and size are those of one representative image: linux/amd64, else the first.
            if digest is None or ((osname, arch) == ('linux', 'amd64') and not amd64):
                digest, size = pdigest, psize
                amd64 = (osname, arch) == ('linux', 'amd64')
        return {
            'creator': self.creator,
            'digest': digest or 'sha256:' + _hex('digest', registry.name, image.name, self.seed),
            'full_size': size or 0,
            'id': self.id,
            'image_id': image.id,
            'images': images,
            'last_updated': self.updated,
            'last_updater': self.updater,
            'name': self.name,
            'repository': registry.id,
            'v2': True,
        }


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

    def add(self, tag):
        if tag.name in self.by_name:
            raise DataError('%s/%s: duplicate tag %r' % (self.registry.name, self.name, tag.name))
        self.tags.append(tag)
        self.by_name[tag.name] = tag

    def api(self, detail=False):
        last = max([t.updated for t in self.tags] or [self.created])
        out = {
            'can_edit': True,
            'description': self.description,
            'is_automated': False,
            'is_private': self.is_private,
            'last_updated': last,
            'name': self.name,
            'namespace': self.registry.name,
            'pull_count': self.pull_count,
            'repository_type': 'image',
            'star_count': self.star_count,
            'status': 1,
            'user': self.registry.name,
        }
        if detail:
            out.update({'full_description': self.full_description, 'private_id': '', 'tag_mutability_enabled': True})
            out = dict(sorted(out.items()))
        return out


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
            return {
                'bucket': 'ncr-%s-%s' % (self.name, _hex('bucket', self.name)[:6]),
                'created': self.created,
                'end_point': '%s.%s' % (self.name, host),
                'name': self.name,
                'status': 'Running',
                'usage': sum(t.size or 0 for i in self.images for t in i.tags),
            }
        return {
            'bucket': 'ncr-%s-%s' % (self.name, _hex('bucket', self.name)[:6]),
            'created': self.created,
            'end_point': '%s.%s' % (self.name, host),
            'end_point_enabled': True,
            'name': self.name,
            'private_end_point': '%s.%s' % (private_id, host.replace('ncr.', 'private-ncr.', 1)),
            'private_id': private_id,
            'public_reg_status': self.public,
            'scan_on_push_enabled': False,
            'status': 'Running',
        }


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
                image.tags, image.by_name = [], {}
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
                               'media_type', 'creator', 'last_updater', 'same_as', 'signature_of', 'id', 'comment'}
        if unknown:
            raise DataError('%s: unknown keys %s' % (what, sorted(unknown)))
        defaults = self.defaults
        seed = name = spec.get('name')
        if spec.get('signature_of') is not None:
            target = image.by_name.get(spec['signature_of'])
            if target is None:
                raise DataError('%s: signature_of names an unknown tag %r' % (what, spec['signature_of']))
            if not target.platforms:
                raise DataError('%s: signature_of names a tag without images' % what)
            target_digest = target.api(image.registry, image)['digest']
            name = name or 'sha256-%s.sig' % target_digest.split(':', 1)[1]
            seed = name
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
        if spec.get('signature_of') is not None:
            platforms = spec.get('platforms', ['unknown/unknown'])
            media_type = spec.get('media_type', OCI_CONFIG)
        else:
            platforms = spec.get('platforms', defaults.get('platforms', ['linux/amd64']))
            media_type = spec.get('media_type', defaults.get('media_type', DOCKER_CONFIG))
        if not isinstance(platforms, list):
            raise DataError('%s: "platforms" must be a list' % what)
        size = spec.get('size')
        if size is None:
            size = 2000000 + int(_hex('size', image.registry.name, image.name, seed)[:8], 16) % 120000000
        creator = spec.get('creator', defaults.get('creator', _uuid('user', image.registry.name)))
        if tag_id is None:
            tag_id = self._id('tag')
        return Tag(name=name, id=int(tag_id), created=created, updated=updated, pulled=pulled,
                   platforms=[_parse_platform(p, what) for p in platforms], media_type=media_type, creator=creator,
                   updater=spec.get('last_updater', creator), seed=seed, size=int(size))


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
        self.fired = 0
        self.params = self.behaviour.validate(spec)
        if 'status' in self.params:
            self.spec['status'] = self.params['status']  # listed with the status it answers

    def matches(self, method, target):
        if self.method and self.method.upper() != method:
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

    def take_fault(self, method, target):
        """The first active fault matching this request, consumed; or None."""
        with self.lock:
            for fault in self.faults:
                if not fault.matches(method, target):
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
            self.config = dict(self.initial_config)
        if self.store.mutations:
            self.store = self.store_factory()
        for spec in self.initial_faults:
            self.add_fault(spec)

    def health(self):
        return {'ok': True, 'pid': os.getpid(), 'version': VERSION, 'base_url': self.base_url,
                'control_url': control_url(self.base_url) if self.base_url else None,
                'prefixes': list(PREFIXES), 'uptime': round(time.time() - self.started, 3),
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
    return 200, {'registry': payload['registry'], 'image': image.name, 'count': len(image.tags)}


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
        headers = dict(headers, **{'Content-Type': 'application/json; charset=utf-8', 'Connection': 'close'})
        headers.update(extra)
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
        entry = {'method': method, 'path': target.target, 'thread': threading.current_thread().name, 'conn': self.conn_id,
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

    def __init__(self, address, sim, tls_context=None, verbose=False):
        host = address[0]
        if ':' in host:
            self.address_family = socket.AF_INET6
        self.sim = sim
        self.tls_context = tls_context
        self.verbose = verbose
        ThreadingHTTPServer.__init__(self, address, Handler)

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
    faults = []
    for text in args.fault:
        try:
            faults.append(json.loads(text))
        except ValueError as exc:
            raise DataError('--fault wants JSON: %s' % exc)
    config = {'max_page_size': args.max_page_size, 'default_page_size': args.default_page_size,
              'latency_ms': args.latency_ms, 'past_end': args.past_end, 'registry_shape': args.registry_shape}
    sim = Simulator(lambda: load_data(args.data, args.generate), args.access_key, args.secret_key, config, faults, args.clock_offset, args.log,
                    args.signature_log)
    context = None
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    server = SimServer((args.host, args.port), sim, context, args.verbose)
    host, port = server.server_address[:2]
    shown = '[%s]' % host if ':' in host else host
    sim.base_url = '%s://%s:%d%s' % ('https' if context else 'http', shown, port, next(iter(PREFIXES)))
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
        if args.url_file:
            write_atomic(args.url_file, url_text)
        print(sim.base_url)
        sys.stdout.flush()
        server.serve_forever(poll_interval=0.2)
    finally:
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

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""An NCR v2 stand-in at the requests.Session level for unit tests.

It checks every request's signature over the path actually prepared for the wire, so the unit
tests exercise the real URL building, signing and decoding; only the socket is replaced.
"""

import json
import time
from urllib.parse import parse_qsl, unquote, urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from ansible_collections.ncloud.ncr.plugins.module_utils._connection import connection_settings
from ansible_collections.ncloud.ncr.plugins.module_utils._signing import signature_v2
from ansible_collections.ncloud.ncr.plugins.module_utils._transport import Client
from ansible_collections.ncloud.ncr.tools import ncr_objects

ACCESS = 'AKTESTACCESSKEY00001'
SECRET = 'sEcReT-never-printed-0123456789'
PREFIX = '/ncr/api/v2'
ENDPOINT = 'https://ncr.example.test' + PREFIX


def make_tag(name, updated_ms=1711928488000, platforms=('linux/amd64',), index=0):
    """A tag object as tools/ncr_objects.py describes it (the simulator builds its tags with the same description)."""
    images = []
    for number, platform in enumerate(platforms):
        parts = platform.split('/')
        images.append(ncr_objects.build(
            'tag_image', architecture=parts[1], os=parts[0], variant=parts[2] if len(parts) > 2 else None,
            created=updated_ms, updated=updated_ms, latest_pulled=0, digest='sha256:%064x' % (index * 16 + number),
            features='', os_features='', os_version=None, size=1000 + index,
            mediaType='application/vnd.docker.container.image.v1+json'))
    return ncr_objects.build(
        'tag', creator='creator-id', digest=images[0]['digest'] if images else 'sha256:%064x' % (index * 16 + 15),
        full_size=1000 + index, id=1000 + index, image_id=77, images=images, last_updated=updated_ms,
        last_updater='updater-id', name=name, repository=5976, v2=True)


def image_item(registry, name, updated_ms, pull_count=0):
    """An image listing item as tools/ncr_objects.py describes it."""
    return ncr_objects.build(
        'image', 'list', name=name, namespace=registry, description='about %s' % name, is_private=True,
        is_automated=False, can_edit=True, last_updated=updated_ms, pull_count=pull_count, star_count=0,
        repository_type='image', status=1, user=registry)


def image_detail(item):
    """The image-detail answer for a listing item: the item's fields and the detail's own."""
    return ncr_objects.build('image', 'detail', full_description='', private_id='', tag_mutability_enabled=False, **item)


def current_registry(name):
    """A registry in the current documented shape."""
    return ncr_objects.build(
        'registry', 'current', bucket='ncr-%s' % name, created=1698915600000, end_point='%s.kr.ncr.ntruss.com' % name,
        end_point_enabled=True, name=name, private_end_point='abc.kr.private-ncr.ntruss.com', private_id='abc',
        public_reg_status=False, scan_on_push_enabled=False, status='Running')


def old_registry(name):
    """A registry in the older documented shape (``created`` as a string of digits, as older answers have it)."""
    return ncr_objects.build(
        'registry', 'old', name=name, bucket='ncr-%s' % name, end_point='%s.kr.ncr.ntruss.com' % name, usage=1048576,
        created='1698915600000', status='Running')


def response(status, body=None, text=None, headers=None, request=None):
    resp = requests.Response()
    resp.status_code = status
    resp.reason = {200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
                   429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway',
                   503: 'Service Unavailable', 504: 'Gateway Timeout'}.get(status, 'Status')
    resp._content = (json.dumps(body) if text is None else text).encode('utf-8')
    # Already read: iter_content() serves _content, as for a body requests has loaded.
    resp._content_consumed = True
    resp.headers = CaseInsensitiveDict(headers or {'Content-Type': 'application/json'})
    resp.request = request
    resp.url = request.url if request is not None else ''
    return resp


def gateway_error(status, code, message, details):
    return {'error': {'errorCode': code, 'message': message, 'details': details}}


class FakeNcr:
    """Registries -> images -> list of raw tag dicts; ``faults`` is a list of callables or responses."""

    def __init__(self, data=None, max_page_size=None, access=ACCESS, secret=SECRET):
        self.data = data or {}
        self.max_page_size = max_page_size
        self.access = access
        self.secret = secret
        self.requests = []
        self.faults = []
        self.headers_seen = []

    def add_image(self, registry, image, tags):
        self.data.setdefault(registry, {})[image] = list(tags)

    def handle(self, prepared):
        self.requests.append(prepared.path_url)
        self.headers_seen.append(dict(prepared.headers))
        if self.faults:
            fault = self.faults.pop(0)
            if isinstance(fault, Exception):
                raise fault
            if fault is not None:
                return fault(prepared) if callable(fault) else fault
        headers = prepared.headers
        expected = signature_v2(prepared.method, prepared.path_url, headers.get('x-ncp-apigw-timestamp', ''),
                                self.access, self.secret)
        if headers.get('x-ncp-iam-access-key') != self.access or headers.get('x-ncp-apigw-signature-v2') != expected:
            return response(401, gateway_error(401, '200', 'Authentication Failed', 'Invalid authentication information.'), request=prepared)
        if abs(int(headers['x-ncp-apigw-timestamp']) / 1000.0 - time.time()) > 300:
            return response(401, gateway_error(401, '200', 'Authentication Failed', 'Timestamp expired.'), request=prepared)
        parts = urlsplit(prepared.url)
        path = parts.path
        assert path.startswith(PREFIX), path
        segments = [unquote(s) for s in path[len(PREFIX) + 1:].split('/')]
        query = dict(parse_qsl(parts.query))
        if len(segments) < 2 or segments[0] != 'repositories' or segments[1] not in self.data:
            return self.not_found(prepared)
        images = self.data[segments[1]]
        if len(segments) == 2:
            return self.page(prepared, [self.image(segments[1], n) for n in images], query)
        if segments[2] not in images:
            return self.not_found(prepared)
        tags = images[segments[2]]
        if len(segments) == 3:
            return response(200, image_detail(self.image(segments[1], segments[2])), request=prepared)
        if len(segments) == 4 and segments[3] == 'tags':
            return self.page(prepared, tags, query)
        if len(segments) == 5 and segments[3] == 'tags':
            for tag in tags:
                if tag['name'] == segments[4]:
                    return response(200, tag, request=prepared)
        return self.not_found(prepared)

    def image(self, registry, name):
        """The listing item of an image: last updated when its newest tag was."""
        updated = [tag.get('last_updated') for tag in self.data[registry][name] if isinstance(tag, dict)]
        updated = [u for u in updated if isinstance(u, int) and not isinstance(u, bool)]
        return image_item(registry, name, max(updated) if updated else 0)

    def not_found(self, prepared):
        return response(404, gateway_error(404, '300', 'Not Found Exception', 'Not found.'), request=prepared)

    def page(self, prepared, items, query):
        page, size = int(query.get('page', 1)), int(query.get('pagesize', 20))
        if page < 1 or size < 1:
            return response(400, gateway_error(400, '100', 'Bad Request Exception', 'bad page'), request=prepared)
        if self.max_page_size:
            size = min(size, self.max_page_size)
        chunk = items[(page - 1) * size:page * size]
        more = page * size < len(items)
        return response(200, {'count': len(items), 'next': page + 1 if more else None,
                              'previous': page - 1 if page > 1 else None, 'results': chunk}, request=prepared)


class FakeSession(requests.Session):
    """A real requests.Session whose ``send`` answers from a FakeNcr instead of the network."""

    def __init__(self, ncr):
        super().__init__()
        self.ncr = ncr
        self.send_kwargs = []

    def send(self, request, **kwargs):  # pylint: disable=arguments-differ
        self.send_kwargs.append(kwargs)
        return self.ncr.handle(request)


def client_for(ncr, **options):
    """A real Client over a FakeSession; returns it and the list its back-off sleeps are recorded in."""
    opts = dict(endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET, timeout=7, page_size=100, concurrency=4,
                retries=4, validate_certs=True)
    opts.update(options)
    sleeps = []
    client = Client(connection_settings(opts, environ={}), session=FakeSession(ncr), sleep=sleeps.append)
    return client, sleeps

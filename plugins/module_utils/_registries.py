# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Registries and their images: complete listings, or named images looked up one by one.

Internal use only: not a public API; the plugins go through _api.
"""

from ansible_collections.ncloud.ncr.plugins.module_utils._criteria import existence
from ansible_collections.ncloud.ncr.plugins.module_utils._endpoints import registry_host
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError, NotFound
from ansible_collections.ncloud.ncr.plugins.module_utils._images import normalize_image, snake
from ansible_collections.ncloud.ncr.plugins.module_utils._missing import check_registry, missing
from ansible_collections.ncloud.ncr.plugins.module_utils._names import REGISTRY_RE, REGISTRY_RULE, answered_name, validate_registry
from ansible_collections.ncloud.ncr.plugins.module_utils._pagination import Lister, each
from ansible_collections.ncloud.ncr.plugins.module_utils._times import iso_times

# The keys every registry gets, whichever documented shape the server answered with (null when absent).
REGISTRY_KEYS = ('name', 'bucket', 'end_point', 'usage', 'created', 'status')
REGISTRY_TIMES = ('created', 'updated', 'last_updated')


def normalize_registry(item):
    """A registry in either documented shape; the keys of :data:`REGISTRY_KEYS` always, null when absent."""
    # Checked as a registry option is: the name goes into request paths, messages and pull hosts.
    answered_name(item, 'a registry', REGISTRY_RE, REGISTRY_RULE)
    out = dict((snake(k), v) for k, v in item.items())
    for key in REGISTRY_KEYS:
        out.setdefault(key, None)
    unreadable = []
    iso_times(out, REGISTRY_TIMES, unreadable)
    if unreadable:
        out['unreadable'] = unreadable
    return out


def registry_images(client, registry):
    """Every image of ``registry``, normalized: one complete listing (all pages, concurrently), or an NcrError."""
    validate_registry(registry)
    try:
        return Lister(client, ['repositories', registry], 'images of %s' % registry, client.settings.page_size,
                      client.settings.concurrency, transform=normalize_image).items()
    except NotFound as exc:
        raise missing(client, exc, registry) from exc


def _image_details(client, registry, names):
    """The image-detail answers for ``names`` (one request each, concurrently), None for each one that is missing."""
    def detail(name):
        try:
            answer = client.get_json(['repositories', registry, name])
        except NotFound:
            return None
        image = normalize_image(answer)
        if image['name'] != name:
            raise NcrError('Image detail for %r answered with a different image (%r).' % (name, image['name']))
        return image

    return each(client, detail, names)


def image_info(client, selection, registry):
    """Image facts for one registry: the shape the ncr_image_info module returns."""
    validate_registry(registry)
    if selection.names:
        images = [i for i in _image_details(client, registry, selection.names) if i is not None]
        if not images:
            # Every name 404'd: tell a missing image from a missing registry.
            check_registry(client, registry)
        total = None
    else:
        images = registry_images(client, registry)
        total = len(images)
    selected = selection.apply(images)
    result = dict(registry=registry, registry_host=registry_host(client.settings, registry), total=total,
                  count=len(selected), names=[i['name'] for i in selected], images=selected)
    if selection.names:
        result.update(selection.existence(i['name'] for i in images))
    return result


class _FirstPageLister(Lister):
    """A Lister whose page 1 was already read (the registry list is read once to learn its shape)."""

    def __init__(self, client, first, *args, **kwargs):
        Lister.__init__(self, client, *args, **kwargs)
        self.first = first

    def fetch(self, page, cancel=None):
        if page == 1 and self.first is not None:
            body, size = self.first
            self.first = None
            return self.read_page(body, 1, size)
        return Lister.fetch(self, page, cancel)


def list_registries(client):
    """Every registry the credentials see, normalized and sorted by name.

    The documented answer is a paged envelope ``{count, next, previous, results}``, listed completely like tags;
    a plain JSON list, or ``{results}`` without ``count`` and ``next``, is taken as the whole list.
    """
    what = 'registries'
    body, size = client.get_json(['repositories'], {'page': 1, 'pagesize': client.settings.page_size}, allow_list=True,
                                 sized=True)
    if isinstance(body, dict) and body.get('count') is not None:
        items = _FirstPageLister(client, (body, size), ['repositories'], what, client.settings.page_size,
                                 client.settings.concurrency, transform=normalize_registry).items()
    else:
        results = body if isinstance(body, list) else body.get('results')
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            raise NcrError('Listing registries: the answer is neither a paged listing, nor a list of registries, '
                           'nor {"results": [...]}.')
        if isinstance(body, dict) and body.get('next') is not None:
            raise NcrError('Listing registries: the answer has a "next" page but no "count", so it cannot be listed '
                           'completely. No partial result returned.')
        try:
            items = [normalize_registry(item) for item in results]
        except NcrError as exc:
            raise exc.retold('Listing registries: %s' % exc.message) from exc
        if len(set(i['name'] for i in items)) != len(items):
            raise NcrError('Listing registries: the answer names a registry twice. No partial result returned.')
    return sorted(items, key=lambda item: item['name'])


def registry_info(client, names=()):
    """Registry facts: the shape the ncr_registry_info module returns."""
    for name in names:
        validate_registry(name, option='name')
    registries = list_registries(client)
    result = dict(count=len(registries), names=[r['name'] for r in registries], registries=registries)
    if names:
        result.update(existence(names, result['names']))
    return result

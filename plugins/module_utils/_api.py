# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one entry point the module and the lookup share. Internal use only: not a public API."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._images import ImageSelection, matching, normalize_image, normalize_registry
from ansible_collections.ncloud.ncr.plugins.module_utils._options import ConnectionSettings, connection_settings, registry_host, validate_names
from ansible_collections.ncloud.ncr.plugins.module_utils._pagination import Lister, parse_page
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.plugins.module_utils._tags import normalize_tag, unreadable_warnings
from ansible_collections.ncloud.ncr.plugins.module_utils._transport import Client
from ansible_collections.ncloud.ncr.plugins.module_utils._versions import DIGEST_RE


def prepare(options, environ=None, configure_file=None, now=None):
    """Validate every option before any request: ``(settings, selection)`` or an NcrError."""
    selection = Selection(options, now=now)
    settings = connection_settings(options, environ=environ, configure_file=configure_file)
    return settings, selection


def open_client(settings, session=None):
    return Client(settings, session=session)


def fetch_tags(client, selection, registry, image):
    """``(normalized tags, the API's total)``; total is None on the tag-detail path, which has none."""
    base = ['repositories', registry, image]

    def normalize(tag):
        try:
            return normalize_tag(tag)
        except NcrError as exc:
            raise NcrError('Tags of %s/%s: %s' % (registry, image, exc.message)) from exc

    try:
        if selection.by_detail:
            tags = [normalize(t) for t in _tag_details(client, base, selection.tags)]
            if not tags:
                # Every tag 404'd: tell a missing tag from a missing image.
                client.get_json(base)
            if selection.signed_only:
                # Without the listing, a tag's signature is found by its cosign name: one more request per tag.
                signatures = sorted(set('sha256-%s.sig' % t['digest'][7:] for t in tags
                                        if isinstance(t.get('digest'), str) and DIGEST_RE.match(t['digest'])))
                tags += [normalize(t) for t in _tag_details(client, base, signatures)]
            return tags, None
        what = 'tags of %s/%s' % (registry, image)
        tags = Lister(client, base + ['tags'], what, client.settings.page_size, client.settings.concurrency,
                      transform=normalize).items()
        return tags, len(tags)
    except NcrError as exc:
        if exc.status == 404:
            raise not_found(client, registry, image, exc)
        raise


def image_tags(client, selection, registry, image, fetch=fetch_tags):
    """Tag facts for one image: the shape both the module and the lookup return, plus ``warnings`` for them to show.

    ``fetch`` lets the lookup put its per-run cache in front of the API calls.
    """
    validate_names(registry, image)
    tags, total = fetch(client, selection, registry, image)
    selected = selection.apply(tags)
    # Warnings cover the whole listing: a tag with an unreadable time may be dropped by the time filters.
    result = dict(registry=registry, image=image, registry_host=registry_host(client.settings, registry),
                  total=total, count=len(selected),
                  names=[t['name'] for t in selected], tags=selected,
                  latest=selected[0] if selected else None,
                  warnings=unreadable_warnings('%s/%s' % (registry, image), tags))
    if selection.tags:
        result.update(selection.existence(t['name'] for t in tags))
    return result


def _tag_details(client, base, names):
    def detail(name):
        try:
            return client.get_json(base + ['tags', name])
        except NcrError as exc:
            if exc.status == 404:
                return None
            raise

    workers = max(1, min(client.settings.concurrency, len(names)))
    with ThreadPoolExecutor(max_workers=workers) as executor:
        answers = list(executor.map(detail, names))
    for name, answer in zip(names, answers):
        if answer is not None and answer.get('name') != name:
            raise NcrError('Tag detail for %r answered with a different tag (%r).' % (name, answer.get('name')))
    return [a for a in answers if a is not None]


def not_found(client, registry, image, original):
    """A 404 that names what is missing: one extra request, on the failure path only, tells which."""
    if original.option == 'endpoint':
        # The gateway has no API at the endpoint's path: nothing is known about the registry or the image.
        return original
    try:
        client.get_json(['repositories', registry], {'page': 1, 'pagesize': 1})
        missing = 'Image %r does not exist in registry %r' % (image, registry)
    except NcrError as exc:
        if exc.status != 404:
            raise original
        missing = 'Registry %r does not exist' % registry
    return NcrError('%s (or these credentials cannot see it): %s' % (missing, original.message), status=404,
                    error_code=original.error_code, api_message=original.api_message, details=original.details,
                    hint='Hint: check the registry and image names; image names with "/" are given as is, e.g. team/app.')


# ---------------------------------------------------------------- images and registries


def prepare_images(options, environ=None, configure_file=None, now=None):
    """Validate every option of an image listing before any request: ``(settings, image selection)``."""
    selection = ImageSelection(options, now=now)
    settings = connection_settings(options, environ=environ, configure_file=configure_file)
    return settings, selection


def _registry_missing(registry, original):
    if original.status != 404 or original.option == 'endpoint':
        return original
    return NcrError('Registry %r does not exist (or these credentials cannot see it): %s' % (registry, original.message),
                    status=404, error_code=original.error_code, api_message=original.api_message,
                    details=original.details, hint='Hint: check the registry name; ncloud.ncr.ncr_registry_info lists them.')


def registry_images(client, registry):
    """Every image of ``registry``, normalized: one complete listing (all pages, concurrently), or an NcrError."""
    validate_names(registry, 'x')
    try:
        return Lister(client, ['repositories', registry], 'images of %s' % registry, client.settings.page_size,
                      client.settings.concurrency, transform=normalize_image).items()
    except NcrError as exc:
        raise _registry_missing(registry, exc)


def _image_details(client, registry, names):
    """The image-detail answers for ``names`` (one request each, concurrently), None for each one that is missing."""
    def detail(name):
        try:
            answer = client.get_json(['repositories', registry, name])
        except NcrError as exc:
            if exc.status == 404 and exc.option != 'endpoint':
                return None
            raise
        image = normalize_image(answer)
        if image['name'] != name:
            raise NcrError('Image detail for %r answered with a different image (%r).' % (name, image['name']))
        return image

    workers = max(1, min(client.settings.concurrency, len(names)))
    with ThreadPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(detail, names))


def image_info(client, selection, registry):
    """Image facts for one registry: the shape the ncr_image_info module returns."""
    validate_names(registry, 'x')
    if selection.names:
        images = [i for i in _image_details(client, registry, selection.names) if i is not None]
        if not images:
            # Every name 404'd: tell a missing image from a missing registry.
            try:
                client.get_json(['repositories', registry], {'page': 1, 'pagesize': 1})
            except NcrError as exc:
                raise _registry_missing(registry, exc)
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
            body, self.first = self.first, None
            count, nxt, results = parse_page(body, 1, self.what)
            return count, nxt, [self.transform(item) for item in results]
        return Lister.fetch(self, page, cancel)


def list_registries(client):
    """Every registry the credentials see, normalized and sorted by name.

    The documented answer is a paged envelope ``{count, next, previous, results}``, listed completely like tags;
    a plain JSON list, or ``{results}`` without ``count`` and ``next``, is taken as the whole list.
    """
    what = 'registries'
    body = client.get_json(['repositories'], {'page': 1, 'pagesize': client.settings.page_size}, allow_list=True)
    if isinstance(body, dict) and body.get('count') is not None:
        items = _FirstPageLister(client, body, ['repositories'], what, client.settings.page_size,
                                 client.settings.concurrency, transform=normalize_registry).items()
    else:
        results = body if isinstance(body, list) else body.get('results')
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            raise NcrError('Listing registries: the answer is neither a paged listing, nor a list of registries, '
                           'nor {"results": [...]}.')
        if isinstance(body, dict) and body.get('next') is not None:
            raise NcrError('Listing registries: the answer has a "next" page but no "count", so it cannot be listed '
                           'completely. No partial result returned.')
        items = [normalize_registry(item) for item in results]
        if len(set(i['name'] for i in items)) != len(items):
            raise NcrError('Listing registries: the answer names a registry twice. No partial result returned.')
    return sorted(items, key=lambda item: item['name'])


def registry_info(client, names=()):
    """Registry facts: the shape the ncr_registry_info module returns."""
    for name in names:
        try:
            validate_names(name, 'x')
        except NcrError as exc:
            raise NcrError('name: %s' % exc.message.split(': ', 1)[1], option='name')
    registries = list_registries(client)
    result = dict(count=len(registries), names=[r['name'] for r in registries], registries=registries)
    if names:
        present = set(result['names'])
        missing = [name for name in names if name not in present]
        result.update(found=not missing, missing=missing)
    return result


class _Share(object):
    """The client with a smaller page concurrency, so images listed side by side keep within ``concurrency`` requests."""

    def __init__(self, client, concurrency):
        self.client = client
        values = dict((name, getattr(client.settings, name)) for name in ConnectionSettings.__slots__)
        values['concurrency'] = concurrency
        self.settings = ConnectionSettings(**values)

    def get_json(self, *args, **kwargs):
        return self.client.get_json(*args, **kwargs)


def pattern_images(client, registry, pattern, list_images=registry_images):
    """The names of the images of ``registry`` that match the fnmatch ``pattern``, sorted."""
    return matching(pattern, [image['name'] for image in list_images(client, registry)])


def images_tags(client, selection, registry, images, fetch=fetch_tags):
    """:func:`image_tags` for several images of one registry, several at once: ``[(image, result)]`` in order.

    A missing image (HTTP 404) gives its NcrError as its result, for the caller to skip or fail; any other failure
    fails the whole call, cancelling the images not started. At most ``concurrency`` requests are in flight:
    ``concurrency`` images at once, each listing its pages with the concurrency left over.
    """
    if not images:
        return []
    workers = max(1, min(client.settings.concurrency, len(images)))
    shared = _Share(client, max(1, client.settings.concurrency // workers))

    def one(image):
        try:
            return image_tags(shared, selection, registry, image, fetch=fetch)
        except NcrError as exc:
            if exc.status == 404 and exc.option != 'endpoint':
                return exc
            raise

    with ThreadPoolExecutor(max_workers=workers) as executor:
        futures = [executor.submit(one, image) for image in images]
        try:
            return [(image, future.result()) for image, future in zip(images, futures)]
        finally:
            for future in futures:
                future.cancel()

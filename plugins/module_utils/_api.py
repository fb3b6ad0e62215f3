# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one entry point the module and the lookup share. Internal use only: not a public API."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._options import connection_settings, validate_names
from ansible_collections.ncloud.ncr.plugins.module_utils._pagination import Lister
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.plugins.module_utils._tags import normalize_tag
from ansible_collections.ncloud.ncr.plugins.module_utils._transport import Client


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
    try:
        if selection.by_detail:
            tags = [normalize_tag(t) for t in _tag_details(client, base, selection.tags)]
            if not tags:
                # Every tag 404'd: tell a missing tag from a missing image.
                client.get_json(base)
            return tags, None
        what = 'tags of %s/%s' % (registry, image)
        tags = Lister(client, base + ['tags'], what, client.settings.page_size, client.settings.concurrency,
                      transform=normalize_tag).items()
        return tags, len(tags)
    except NcrError as exc:
        if exc.status == 404:
            raise not_found(client, registry, image, exc)
        raise


def image_tags(client, selection, registry, image, fetch=fetch_tags):
    """Tag facts for one image: the shape both the module and the lookup return.

    ``fetch`` lets the lookup put its per-run cache in front of the API calls.
    """
    validate_names(registry, image)
    tags, total = fetch(client, selection, registry, image)
    selected = selection.apply(tags)
    result = dict(registry=registry, image=image, total=total, count=len(selected),
                  names=[t['name'] for t in selected], tags=selected,
                  latest=selected[0] if selected else None)
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

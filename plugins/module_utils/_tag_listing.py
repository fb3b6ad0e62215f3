# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The tags of one image, or of the images matching a pattern: listed or looked up, then selected.

Internal use only: not a public API; the plugins go through _api.
"""

import threading
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

from ansible_collections.ncloud.ncr.plugins.module_utils._answers import shown
from ansible_collections.ncloud.ncr.plugins.module_utils._endpoints import registry_host
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError, NotFound
from ansible_collections.ncloud.ncr.plugins.module_utils._missing import missing
from ansible_collections.ncloud.ncr.plugins.module_utils._names import matching, validate_names
from ansible_collections.ncloud.ncr.plugins.module_utils._pagination import Lister, each
from ansible_collections.ncloud.ncr.plugins.module_utils._registries import registry_images
from ansible_collections.ncloud.ncr.plugins.module_utils._tags import normalize_tag, unreadable_warnings
from ansible_collections.ncloud.ncr.plugins.module_utils._versions import DIGEST_RE


def fetch_tags(client, selection, registry, image):
    """``(normalized tags, the API's total)``; total is None on the tag-detail path, which has none."""
    base = ['repositories', registry, image]

    def normalize(tag):
        try:
            return normalize_tag(tag)
        except NcrError as exc:
            raise exc.retold('Tag detail of %s/%s: %s' % (registry, image, exc.message)) from exc

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
                      transform=normalize_tag).items()
        return tags, len(tags)
    except NotFound as exc:
        raise missing(client, exc, registry, image)  # pylint: disable=raise-missing-from  # chained by context


def image_tags(client, selection, registry, image, fetch=fetch_tags, resolve=None):
    """Tag facts for one image: the shape both the module and the lookup return, plus ``warnings`` for them to show.

    ``fetch`` lets the lookup put its per-run cache in front of the API calls. ``resolve`` (_api.manifest_resolver,
    for resolve_manifest) adds the registry's own answer to the tags kept, ``resolve(client, registry, image, tags,
    listed names)``, and returns its warnings; ``resolve.start(registry, image)`` lets it authenticate meanwhile.
    """
    validate_names(registry, image)
    if resolve is not None:
        resolve.start(registry, image)
    tags, total = fetch(client, selection, registry, image)
    selected = selection.apply(tags)
    resolved = resolve(client, registry, image, selected, set(tag['name'] for tag in tags)) if resolve else []
    # Warnings cover the whole listing: a tag with an unreadable time may be dropped by the time filters.
    shown = selection.project(selected)
    result = dict(registry=registry, image=image, registry_host=registry_host(client.settings, registry),
                  total=total, count=len(selected),
                  names=[t['name'] for t in selected], tags=shown,
                  latest=shown[0] if shown else None,
                  warnings=unreadable_warnings('%s/%s' % (registry, image), tags) + resolved)
    if selection.tags:
        result.update(selection.existence(t['name'] for t in tags))
    return result


def _tag_details(client, base, names):
    def detail(name):
        try:
            return client.get_json(base + ['tags', name])
        except NotFound:
            return None

    answers = each(client, detail, names)
    for name, answer in zip(names, answers):
        if answer is not None and answer.get('name') != name:
            raise NcrError('Tag detail for %r answered with a different tag (%s).' % (name, shown(answer.get('name'))))
    return [a for a in answers if a is not None]


class _Kept:
    """The tags the images of one call keep together, at most ``max_tags`` (0: no cap): each image's listing is
    bounded, and a thousand of them must not add up to more than one listing may hold (issue 22.10)."""

    def __init__(self, max_tags, registry, images):
        self.max_tags = max_tags
        self.registry = registry
        self.images = images
        self.lock = threading.Lock()
        self.tags = self.done = 0

    def add(self, tags):
        with self.lock:
            self.tags += tags
            self.done += 1
            total = self.tags
            done = self.done
        if self.max_tags and total > self.max_tags:
            raise NcrError('The images of %s matching the term keep %d selected tags after %d of %d images, more than '
                           'max_tags=%d allows for one term; nothing more was fetched. Narrow the pattern or the selection '
                           '(limit), or raise max_tags (0: no cap).'
                           % (self.registry, total, done, self.images, self.max_tags), option='max_tags')


class _Share:
    """The client with a smaller page concurrency, so images listed side by side keep within ``concurrency`` requests."""

    def __init__(self, client, concurrency):
        self.client = client
        self.settings = client.settings.replace(concurrency=concurrency)

    def get_json(self, *args, **kwargs):
        return self.client.get_json(*args, **kwargs)


def pattern_images(client, registry, pattern, list_images=registry_images):
    """The names of the images of ``registry`` that match the fnmatch ``pattern``, sorted."""
    return matching(pattern, [image['name'] for image in list_images(client, registry)])


def images_tags(client, selection, registry, images, fetch=fetch_tags, resolve=None):
    """:func:`image_tags` for several images of one registry, several at once: ``[(image, result)]`` in order.

    A missing image (a NotFound) gives its error as its result, for the caller to skip or fail; any other failure
    fails the whole call, cancelling the images not started. At most ``concurrency`` requests are in flight:
    ``concurrency`` images at once, each listing its pages with the concurrency left over.
    """
    if not images:
        return []
    workers = max(1, min(client.settings.concurrency, len(images)))
    shared = _Share(client, max(1, client.settings.concurrency // workers))
    kept = _Kept(client.settings.max_tags, registry, len(images))

    def one(image):
        try:
            result = image_tags(shared, selection, registry, image, fetch=fetch, resolve=resolve)
        except NotFound as exc:
            return exc
        kept.add(len(result['tags']))
        return result

    # The threads' pattern matching runs in this thread, where the timeout can stop it (selection.served).
    with ThreadPoolExecutor(max_workers=workers) as executor, selection.served() as serve:
        futures = [executor.submit(one, image) for image in images]
        try:
            serve(futures)
            # The first failure fails the call: the images not started are not listed.
            wait(futures, return_when=FIRST_EXCEPTION)
            for future in futures:
                if future.done() and not future.cancelled() and future.exception() is not None:
                    raise future.exception()
            return [(image, future.result()) for image, future in zip(images, futures)]
        finally:
            for future in futures:
                future.cancel()

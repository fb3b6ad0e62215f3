# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ncr_image_tags' resolve_manifest: what the registry itself resolves each kept tag to.

The registry's challenge and token are asked for while the API lists the tags (they depend on the image only), so
that after the listing only the manifest requests remain. Internal use only: not a public API; the plugins go
through _api.
"""

import threading

from ansible_collections.ncloud.ncr.plugins.module_utils._deadline import Cancel, all_or_cancel
from ansible_collections.ncloud.ncr.plugins.module_utils._digests import signature_tag
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NotFound
from ansible_collections.ncloud.ncr.plugins.module_utils._manifests import head
from ansible_collections.ncloud.ncr.plugins.module_utils._registry_client import RegistryClient, registry_url


class Resolver:
    """``resolve`` for _tag_listing.image_tags: one RegistryClient per registry for the whole task (one challenge, one
    token per image), over the task's transport ``client``.

    ``cache(heads, client, registry, image, names)`` (the lookup's run cache) may answer the HEADs instead; then the
    authentication waits until a HEAD is needed, so that an answer from the cache costs no request at all.
    """

    def __init__(self, client, cache=None):
        self.client = client
        self.cache = cache
        self.registries = {}
        self.warming = {}
        self.lock = threading.Lock()

    def registry(self, name):
        with self.lock:
            if name not in self.registries:
                self.registries[name] = RegistryClient(self.client, registry_url(self.client.settings, name))
            return self.registries[name]

    def start(self, name, image):
        """Begin authenticating to ``name`` for ``image`` (its challenge, its token) in the background, while the
        listing runs; :meth:`__call__` waits for it and raises what it raised."""
        registry = self.registry(name)
        if self.cache is not None:
            return
        outcome = []

        def authenticate():
            try:
                registry.authenticate(image)
            except Exception as exc:  # pylint: disable=broad-except  # raised again by __call__, in the task's thread
                outcome.append(exc)
        # A daemon: a listing that fails leaves it to end within its timeout without holding the task's exit.
        thread = threading.Thread(target=authenticate, name='ncloud.ncr registry auth', daemon=True)
        with self.lock:
            self.warming[(name, image)] = (thread, outcome)
        thread.start()

    def __call__(self, shared, name, image, tags, listed):
        with self.lock:
            thread, outcome = self.warming.pop((name, image), (None, []))
        if thread is not None:
            thread.join()
            if outcome:
                raise outcome[0]
        names = [tag['name'] for tag in tags]
        if not names:
            return []
        registry = self.registry(name)
        # The concurrency of the client image_tags was given: images listed side by side share the task's.
        concurrency = shared.settings.concurrency
        if self.cache is None:
            answers = heads(registry, image, names, concurrency)
        else:
            answers = self.cache(lambda: heads(registry, image, names, concurrency), shared, name, image, names)
        return annotate(registry, image, tags, answers, listed)


def heads(registry, image, names, concurrency):
    """``[{'digest', 'media_type'} or None]``: what each tag of ``names`` resolves to (None: the registry knows no such
    tag), one HEAD each, ``concurrency`` at a time. Any other failure fails the whole call and cuts the requests still
    in flight."""
    cancel = Cancel()

    def one(name):
        try:
            return head(registry, image, name, cancel)
        except NotFound:
            return None

    return all_or_cancel(one, names, max(1, min(concurrency, len(names))), cancel)


def annotate(registry, image, tags, answers, listed):
    """Each of ``tags`` (changed in place) gains ``manifest_digest`` and ``manifest_media_type`` from its answer; its
    ``signed`` also counts a signature tag in ``listed`` (the names of the listing) made on ``manifest_digest``. A tag
    the registry does not know gets None for both, and a warning: the warnings are returned."""
    unknown = []
    for tag, answer in zip(tags, answers):
        if answer is None:
            unknown.append(tag['name'])
            tag['manifest_digest'] = tag['manifest_media_type'] = None
            continue
        tag['manifest_digest'] = answer['digest']
        tag['manifest_media_type'] = answer['media_type']
        if tag.get('signed') is not True and 'signed' in tag and signature_tag(answer['digest']) in listed:
            tag['signed'] = True
    if not unknown:
        return []
    return ['%s/%s: the registry %s knows no manifest for %d tag(s) the API listed (deleted since?): %s; their '
            'manifest_digest and manifest_media_type are null.'
            % (registry.host, image, registry.url, len(unknown), ', '.join(unknown[:5]) + (' ...' if len(unknown) > 5 else ''))]


def resolve_tags(registry, image, tags, listed, concurrency):
    """:func:`heads` and :func:`annotate` for ``tags``: their warnings."""
    if not tags:
        return []
    return annotate(registry, image, tags, heads(registry, image, [tag['name'] for tag in tags], concurrency), listed)

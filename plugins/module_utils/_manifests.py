# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Manifests, image indexes and config blobs read into facts: what ``docker pull`` resolves a reference to.

Every digest is checked before it names anything: a registry's ``Docker-Content-Digest`` must be a digest
(_digests.is_digest) and, whenever the body is read, the digest of that body; a body fetched by digest must be the
content of that digest. Internal use only: not a public API; the plugins go through _api.
"""

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

from ansible_collections.ncloud.ncr.plugins.module_utils._answers import json_object, snippet
from ansible_collections.ncloud.ncr.plugins.module_utils._deadline import Cancel
from ansible_collections.ncloud.ncr.plugins.module_utils._digests import is_digest, matches, sha256_digest, signature_tag
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError, NotFound
from ansible_collections.ncloud.ncr.plugins.module_utils._registry_client import MAX_REGISTRY_BODY
from ansible_collections.ncloud.ncr.plugins.module_utils._times import iso_utc

OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'
OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
INDEX_TYPES = (OCI_INDEX, DOCKER_LIST)
# Without an Accept of all four a registry may convert a manifest (changing its digest) or refuse it.
MANIFEST_HEADERS = {'Accept': ', '.join((OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST)), 'Content-Type': None}
IMAGE_CONFIG_TYPES = ('application/vnd.oci.image.config.v1+json', 'application/vnd.docker.container.image.v1+json')
# BuildKit's provenance and SBOM attestations sit in an index beside the platforms; they are not platforms.
ATTESTATION = ('vnd.docker.reference.type', 'attestation-manifest')


class Manifest:
    """One manifest or index as read: its checked digest, media type, size and decoded body."""

    __slots__ = ('digest', 'media_type', 'size', 'body')

    def __init__(self, digest, media_type, size, body):
        self.digest = digest
        self.media_type = media_type
        self.size = size
        self.body = body

    @property
    def is_index(self):
        return self.media_type in INDEX_TYPES or (self.media_type not in (OCI_MANIFEST, DOCKER_MANIFEST)
                                                  and isinstance(self.body.get('manifests'), list))


def manifest_path(image, reference):
    return '/v2/%s/manifests/%s' % (quote(image, safe='/'), quote(reference, safe=':'))


def _content_type(response):
    return (response.headers.get('Content-Type') or '').split(';')[0].strip() or None


def _header_digest(response, where):
    """The registry's Docker-Content-Digest, or None when it sent none; refused when it is not a digest."""
    value = response.headers.get('Docker-Content-Digest')
    if value is None:
        return None
    value = value.strip()
    if not is_digest(value):
        raise NcrError('%s: the registry\'s Docker-Content-Digest %r is not a digest (<algorithm>:<hex> of sha256 or '
                       'sha512, lower-case hex of the exact length); refused.' % (where, snippet(value)[:150]))
    return value


def head(registry, image, reference, cancel=None):
    """``{'digest', 'media_type'}`` of what ``reference`` names: one HEAD, or a GET when the answer has no digest."""
    path = manifest_path(image, reference)
    response, dummy = registry.get('HEAD', path, image, MANIFEST_HEADERS, cancel)
    digest = _header_digest(response, 'HEAD %s%s' % (registry.url, path))
    if digest is None:
        # Some registries omit it on HEAD: the body tells it (and is checked like any body read).
        manifest = fetch(registry, image, reference, cancel)
        return dict(digest=manifest.digest, media_type=manifest.media_type)
    if is_digest(reference) and digest.partition(':')[0] == reference.partition(':')[0] and digest != reference:
        raise NcrError('HEAD %s%s: the registry answered with the digest %s for the manifest %s; refused.'
                       % (registry.url, path, digest, reference))
    return dict(digest=digest, media_type=_content_type(response))


def fetch(registry, image, reference, cancel=None):
    """The Manifest ``reference`` names, its body read (at most 4 MiB) and its digest checked."""
    path = manifest_path(image, reference)
    where = 'GET %s%s' % (registry.url, path)
    response, data = registry.get('GET', path, image, MANIFEST_HEADERS, cancel)
    digest = _header_digest(response, where)
    if digest is not None and not matches(digest, data):
        raise NcrError('%s: the body read is not the content of the Docker-Content-Digest %s the registry sent with it '
                       '(its sha256 is %s); refused.' % (where, digest, sha256_digest(data)))
    if is_digest(reference):
        if not matches(reference, data):
            raise NcrError('%s: the body read is not the content of the digest asked for (its sha256 is %s); refused.'
                           % (where, sha256_digest(data)))
        digest = digest or reference
    digest = digest or sha256_digest(data)
    body = _json_object(data, where, 'manifest')
    media_type = body.get('mediaType') if isinstance(body.get('mediaType'), str) else _content_type(response)
    return Manifest(digest, media_type, len(data), body)


def _json_object(data, where, what):
    body = json_object(data)
    if body is None:
        raise NcrError('%s: the %s is not a JSON object: %s' % (where, what, snippet(data[:2000].decode('utf-8', 'replace'))))
    return body


def _strings(value):
    """A dict of strings (annotations, labels) as given, else empty."""
    if not isinstance(value, dict):
        return {}
    return dict((key, item) for key, item in value.items() if isinstance(key, str) and isinstance(item, str))


def _text(value):
    return value if isinstance(value, str) and value else None


def platform_entries(manifest, where):
    """The platforms an index lists: ``platform``, ``os``, ``architecture``, ``variant``, ``digest``, ``size``,
    ``media_type``, in its order. Attestations and entries without an os and architecture are not platforms; an entry
    whose digest is not a digest refuses the whole index."""
    entries = manifest.body.get('manifests')
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise NcrError('%s: the index has no list of manifests; refused.' % where)
    platforms = []
    for number, entry in enumerate(entries):
        digest = entry.get('digest')
        if not is_digest(digest):
            raise NcrError('%s: manifests[%d] of the index has a digest that is not <algorithm>:<hex> (%s); refused.'
                           % (where, number, snippet(repr(digest))[:150]))
        platform = entry.get('platform') if isinstance(entry.get('platform'), dict) else {}
        os_name = _text(platform.get('os'))
        arch = _text(platform.get('architecture'))
        variant = _text(platform.get('variant'))
        annotations = _strings(entry.get('annotations'))
        if annotations.get(ATTESTATION[0]) == ATTESTATION[1] or (os_name, arch) == ('unknown', 'unknown') \
                or not (os_name and arch):
            continue
        size = entry.get('size')
        platforms.append(dict(platform='/'.join(part for part in (os_name, arch, variant) if part), os=os_name,
                              architecture=arch, variant=variant, digest=digest,
                              size=size if isinstance(size, int) and not isinstance(size, bool) and size >= 0 else None,
                              media_type=_text(entry.get('mediaType'))))
    return platforms


def config(registry, image, manifest, where, cancel=None):
    """An image manifest's config blob as a dict (None when its config is not an image's), checked by its digest."""
    descriptor = manifest.body.get('config')
    if not isinstance(descriptor, dict):
        return None
    media_type = descriptor.get('mediaType')
    if media_type is not None and media_type not in IMAGE_CONFIG_TYPES:
        # An artifact (a signature, a Helm chart...): no image config to read.
        return None
    digest = descriptor.get('digest')
    size = descriptor.get('size')
    if not is_digest(digest):
        raise NcrError('%s: the config digest is not <algorithm>:<hex> (%s); refused.' % (where, snippet(repr(digest))[:150]))
    if isinstance(size, int) and size > MAX_REGISTRY_BODY:
        raise NcrError('%s: the config blob %s is %d bytes, more than the %d MiB a config blob may have; not read.'
                       % (where, digest, size, MAX_REGISTRY_BODY // (1024 * 1024)))
    data = registry.blob(image, digest, cancel)
    if not matches(digest, data):
        raise NcrError('GET %s/v2/%s/blobs/%s: the blob read is not the content of its digest (its sha256 is %s); '
                       'refused.' % (registry.url, image, digest, sha256_digest(data)))
    return _json_object(data, 'GET %s/v2/%s/blobs/%s' % (registry.url, image, digest), 'config blob')


def _config_facts(body):
    """``created`` (ISO 8601 UTC or None) and ``labels`` of an image config."""
    inner = body.get('config') if isinstance(body.get('config'), dict) else {}
    created = body.get('created')
    return dict(created=iso_utc(created) if isinstance(created, str) else None, labels=_strings(inner.get('Labels')))


def _image_platform(manifest, body):
    """The one platform of an image manifest, from its config (os, architecture, variant), or None."""
    os_name = _text(body.get('os'))
    arch = _text(body.get('architecture'))
    variant = _text(body.get('variant'))
    if not (os_name and arch):
        return None
    return dict(platform='/'.join(part for part in (os_name, arch, variant) if part), os=os_name, architecture=arch,
                variant=variant, digest=manifest.digest, size=manifest.size, media_type=manifest.media_type)


def matching_platform(platforms, wanted):
    """The first platform entry matching ``wanted`` (``(os, architecture, variant or None)``; no variant matches any),
    as ncr_image_tags' ``platform`` matches an image."""
    want_os, want_arch, want_variant = wanted
    for entry in platforms:
        if entry['os'] == want_os and entry['architecture'] == want_arch and \
                (want_variant is None or entry['variant'] == want_variant):
            return entry
    return None


def is_signed(registry, image, digest, cancel=None):
    """Whether cosign's signature tag ``sha256-<hex>.sig`` of ``digest`` exists (one HEAD)."""
    try:
        registry.get('HEAD', manifest_path(image, signature_tag(digest)), image, MANIFEST_HEADERS, cancel)
    except NotFound:
        return False
    return True


def describe(registry, image, reference, labels=False, platform=None, concurrency=1, cancel=None):
    """The facts of one reference (see the ncr_manifest_info module's RETURN); NotFound when it does not exist.

    One GET of the manifest, then at once: the signature tag's HEAD and, for an image manifest, its config blob; for an
    index with ``labels``, each platform's manifest and config blob. ``concurrency`` requests at a time.
    """
    manifest = fetch(registry, image, reference, cancel)
    where = 'GET %s%s' % (registry.url, manifest_path(image, reference))
    executor = ThreadPoolExecutor(max_workers=max(1, concurrency))
    cancel = cancel or Cancel()
    try:
        signed = executor.submit(is_signed, registry, image, manifest.digest, cancel)
        if manifest.is_index:
            platforms = platform_entries(manifest, where)
            if labels:
                details = [executor.submit(_platform_labels, registry, image, entry['digest'], cancel) for entry in platforms]
                for entry, detail in zip(platforms, details):
                    entry.update(detail.result())
        else:
            body = config(registry, image, manifest, where, cancel)
            entry = _image_platform(manifest, body) if body is not None else None
            if entry is not None and labels:
                entry.update(_config_facts(body))
            platforms = [entry] if entry is not None else []
        signed = signed.result()
    except BaseException:
        cancel.set()
        raise
    finally:
        executor.shutdown(wait=True)
    pinned = '%s/%s@%s' % (registry.host, image, manifest.digest)
    facts = dict(reference=reference, digest=manifest.digest, media_type=manifest.media_type, is_index=manifest.is_index,
                 platforms=platforms, annotations=_strings(manifest.body.get('annotations')), signed=signed,
                 signature_tag=signature_tag(manifest.digest), pinned_reference=pinned)
    if platform is not None:
        entry = matching_platform(platforms, platform)
        facts['platform_digest'] = entry['digest'] if entry else None
        facts['platform_pinned_reference'] = '%s/%s@%s' % (registry.host, image, entry['digest']) if entry else None
    return facts


def _platform_labels(registry, image, digest, cancel):
    manifest = fetch(registry, image, digest, cancel)
    body = config(registry, image, manifest, 'GET %s%s' % (registry.url, manifest_path(image, digest)), cancel)
    return _config_facts(body) if body is not None else dict(created=None, labels={})

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turn the API's tag objects into the facts the module and lookup return. Internal use only."""

from ansible_collections.ncloud.ncr.plugins.module_utils._answers import shown
from ansible_collections.ncloud.ncr.plugins.module_utils._digests import is_digest
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._names import TAG_RE
from ansible_collections.ncloud.ncr.plugins.module_utils._times import iso_times

TAG_TIME_FIELDS = ('last_updated',)
IMAGE_TIME_FIELDS = ('created', 'updated', 'latest_pulled')
RENAMED = {'mediaType': 'media_type'}
# Every key a tag of a result may hold: the API's (times and names as normalized), then the collection's own.
TAG_FIELDS = ('name', 'digest', 'full_size', 'id', 'image_id', 'creator', 'last_updated', 'last_updater', 'repository', 'v2',
              'images', 'platforms', 'signed', 'aliases', 'unreadable', 'platform_digest', 'platform_image', 'manifest_digest',
              'manifest_media_type')
# The keys of the API's tag and image objects (ncr-api.md): only these are kept as a page is read. What else a server
# sends is never returned, and a listing of padded tags must not keep the padding (issue 22.10).
API_TAG_KEYS = frozenset(('name', 'digest', 'full_size', 'id', 'image_id', 'creator', 'last_updated', 'last_updater',
                          'repository', 'v2', 'images'))
API_IMAGE_KEYS = frozenset(('architecture', 'os', 'variant', 'os_version', 'os_features', 'features', 'digest', 'mediaType',
                            'size', 'created', 'updated', 'latest_pulled'))
# How much of an invalid tag name a message shows.
TAG_SHOWN = 40


def platform_of(image):
    parts = [image.get('os'), image.get('architecture'), image.get('variant')]
    return '/'.join(str(p) for p in parts if p)


# Values the tags of a listing repeat (who pushed, the image and registry IDs, media type, os, architecture, platform)
# are kept once rather than once per tag: the JSON decoder makes a new object for each.
_SHARED_TAG = ('creator', 'last_updater', 'image_id', 'repository')
_SHARED_IMAGE = ('architecture', 'os', 'variant', 'os_version', 'media_type')
_SHARED = {}
_PLATFORMS = {}


def _share(out, keys):
    for key in keys:
        value = out.get(key)
        if value.__class__ is str or value.__class__ is int:
            out[key] = _SHARED.setdefault(value, value)


def normalize_tag_image(image, unreadable=None, index=None, digest=None, tag_size=None, name=None):
    """One entry of a tag's ``images`` (a platform's image): its times as ISO 8601 UTC, ``platform`` added."""
    out = dict(image) if image.keys() <= API_IMAGE_KEYS else dict((k, v) for k, v in image.items() if k in API_IMAGE_KEYS)
    bad = []
    iso_times(out, IMAGE_TIME_FIELDS, bad)
    if bad and unreadable is not None:
        unreadable.extend('images[%s].%s' % (index, key) for key in bad)
    _rename(out)
    _share(out, _SHARED_IMAGE)
    key = (out.get('os'), out.get('architecture'), out.get('variant'))
    try:
        platform = _PLATFORMS[key]
    except KeyError:
        platform = _PLATFORMS[key] = platform_of(out)
    except TypeError:  # a list or dict where a name belongs
        platform = platform_of(out)
    out['platform'] = platform
    if digest.__class__ is str and out.get('digest') == digest:
        # The usual single-platform tag: its image's digest and size are the tag's (checked with the tag).
        out['digest'] = digest
        if tag_size.__class__ is int and out.get('size').__class__ is int and out['size'] == tag_size:
            out['size'] = tag_size
    elif out.get('digest') is not None and not is_digest(out['digest']):
        check_digest(out['digest'], 'images[%s].digest' % index, name)
    return out


def normalize_tag(tag):
    """The tag's facts. A time that cannot be read becomes None and is named in ``unreadable`` (None from a
    value other than 0, '0', '' or None, which mean "never"); an invalid tag name fails (:func:`check_tag_name`)."""
    name = tag.get('name')
    if name.__class__ is not str or not TAG_RE.match(name):
        check_tag_name(name)
    if len(_SHARED) > 65536 or len(_PLATFORMS) > 1024:
        _SHARED.clear()
        _PLATFORMS.clear()
    out = dict(tag) if tag.keys() <= API_TAG_KEYS else dict((k, v) for k, v in tag.items() if k in API_TAG_KEYS)
    unreadable = []
    images = out.get('images')
    digest = out.get('digest')
    size = out.get('full_size')
    if digest is not None and not is_digest(digest):
        check_digest(digest, 'digest', name)
    out['images'] = [normalize_tag_image(image, unreadable, index, digest, size, name) for index, image in enumerate(images)
                     if isinstance(image, dict)] if isinstance(images, list) else []
    _share(out, _SHARED_TAG)
    iso_times(out, TAG_TIME_FIELDS, unreadable)
    _rename(out)
    out['platforms'] = [i['platform'] for i in out['images'] if i['platform']]
    if unreadable:
        out['unreadable'] = sorted(unreadable)
    return out


def check_tag_name(name):
    """Refuse a tag name from the server that no registry accepts.

    Leaving the tag out would return a partial listing as if complete, and the include/exclude patterns
    must not run over names of any length; so the whole answer is refused, showing only the start of the name.
    """
    if isinstance(name, str) and TAG_RE.match(name):
        return
    shown = repr(name[:TAG_SHOWN]) + ('... (%d characters)' % len(name) if len(name) > TAG_SHOWN else '') \
        if isinstance(name, str) else repr(type(name).__name__)
    raise NcrError('The server answered with a tag name that is not a valid tag name (1 to 128 letters, digits, "_", '
                   '"." and "-", not starting with "." or "-"): %s. The answer is refused as a whole rather than '
                   'returned without that tag.' % shown)


def check_digest(digest, field, name=None):
    """Refuse a digest from the server that is not ``<algorithm>:<hex>`` (see _digests.is_digest): it would end up in
    a pinned reference (``host/image@digest``) or a signature tag name. Like an invalid tag name, the whole answer is
    refused; None (no digest) passes."""
    if digest is None or is_digest(digest):
        return
    raise NcrError('The server answered with a %s that is not a digest (sha256: and 64, or sha512: and 128, lower-case '
                   'hex digits): %s%s. The answer is refused as a whole rather than returned without that tag, and no '
                   'reference is made from it.' % (field, shown(digest), '' if name is None else ' (tag %s)' % shown(name)))


def unreadable_warnings(what, tags):
    """One warning for the tags in ``tags`` that have fields returned as null because they could not be read."""
    odd = [tag for tag in tags if tag.get('unreadable')]
    if not odd:
        return []
    shown = ', '.join('%s (%s)' % (tag['name'], ', '.join(tag['unreadable'])) for tag in odd[:3])
    more = ' and %d more' % (len(odd) - 3) if len(odd) > 3 else ''
    return ['%s: %d tag(s) have times the server sent in a form that cannot be read, returned as null and named in '
            'the tag\'s "unreadable": %s%s. The time filters never select a tag whose last_updated is null.'
            % (what, len(odd), shown, more)]


def _rename(out):
    for old, new in RENAMED.items():
        if old in out:
            out[new] = out.pop(old)

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Images and registries: normalization of the API's objects, image selection, image patterns. Internal use only."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import fnmatch
import re

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError, option_error
from ansible_collections.ncloud.ncr.plugins.module_utils._options import IMAGE_RE, validate_names
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import compile_patterns, parse_time_bound
from ansible_collections.ncloud.ncr.plugins.module_utils._tags import iso_utc, parse_iso

IMAGE_SORTS = ('name', 'updated', 'pull_count')
# The keys every registry gets, whichever documented shape the server answered with (null when absent).
REGISTRY_KEYS = ('name', 'bucket', 'end_point', 'usage', 'created', 'status')
REGISTRY_TIMES = ('created', 'updated', 'last_updated')
SHOWN = 40
_CAMEL_RE = re.compile(r'(?<=[a-z0-9])([A-Z])')
_GLOB_CHARS = '*?['
# The module's argument spec for the options of the ncloud.ncr.image_selection doc fragment (raw include/exclude:
# a string is one pattern, never split at commas).
IMAGE_SELECTION_ARGSPEC = dict(
    include=dict(type='raw', default=[]),
    exclude=dict(type='raw', default=[]),
    newer_than=dict(type='str'),
    older_than=dict(type='str'),
    sort=dict(type='str', default='name', choices=list(IMAGE_SORTS)),
    order=dict(type='str', choices=['asc', 'desc']),
    limit=dict(type='int', default=0),
)


def snake(key):
    return _CAMEL_RE.sub(lambda m: '_' + m.group(1), key).lower() if isinstance(key, str) else key


def _checked_name(item, what):
    name = item.get('name')
    if name.__class__ is str and 1 <= len(name) <= 255 and IMAGE_RE.match(name):
        return name
    shown = repr(name[:SHOWN]) + ('... (%d characters)' % len(name) if len(name) > SHOWN else '') \
        if isinstance(name, str) else repr(type(name).__name__)
    raise NcrError('The server answered with %s name that is not valid: %s. The answer is refused as a whole rather '
                   'than returned without that item.' % (what, shown))


def _times(out, keys, unreadable):
    for key in keys:
        if key in out:
            value = out[key]
            out[key] = iso_utc(value)
            if out[key] is None and value and value != '0':
                unreadable.append(key)


def normalize_image(item):
    """An image of the listing or the image-detail call: snake_case keys, ``last_updated`` as ISO 8601 UTC."""
    _checked_name(item, 'an image')
    out = dict((snake(k), v) for k, v in item.items())
    unreadable = []
    _times(out, ('last_updated',), unreadable)
    if unreadable:
        out['unreadable'] = unreadable
    return out


def normalize_registry(item):
    """A registry in either documented shape; the keys of :data:`REGISTRY_KEYS` always, null when absent."""
    name = item.get('name')
    if name.__class__ is not str or not name:
        raise NcrError('The server answered with a registry without a name (%r); the answer is refused.' % (type(name).__name__,))
    out = dict((snake(k), v) for k, v in item.items())
    for key in REGISTRY_KEYS:
        out.setdefault(key, None)
    unreadable = []
    _times(out, REGISTRY_TIMES, unreadable)
    if unreadable:
        out['unreadable'] = unreadable
    return out


class ImageSelection(object):
    """Validated image selection options; :meth:`apply` runs them over normalized images."""

    def __init__(self, options, now=None):
        now = now or datetime.datetime.now(datetime.timezone.utc)
        self.include = compile_patterns('include', options.get('include'))
        self.exclude = compile_patterns('exclude', options.get('exclude'))
        self.newer_than = parse_time_bound('newer_than', options.get('newer_than'), now)
        self.older_than = parse_time_bound('older_than', options.get('older_than'), now)
        if self.newer_than and self.older_than and self.newer_than >= self.older_than:
            raise option_error('newer_than', 'and older_than select nothing: newer_than is not before older_than')
        self.sort = options.get('sort') or 'name'
        if self.sort not in IMAGE_SORTS:
            raise option_error('sort', 'must be one of %s, got %r' % (', '.join(IMAGE_SORTS), self.sort))
        self.order = options.get('order') or ('asc' if self.sort == 'name' else 'desc')
        if self.order not in ('asc', 'desc'):
            raise option_error('order', 'must be asc or desc, got %r' % (self.order,))
        limit = options.get('limit') or 0
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise option_error('limit', 'must be 0 or a positive integer, got %r' % (limit,))
        self.limit = limit
        names = options.get('name') or []
        if isinstance(names, str):
            names = [names]
        for name in names:
            if not isinstance(name, str) or not 1 <= len(name) <= 255 or not IMAGE_RE.match(name):
                raise option_error('name', '%r is not a valid image name: lower-case letters and digits, separated by '
                                           '".", "_", "__" or "-" runs, with "/" between path components' % (name,))
        # Unique, in the order given: each is one image-detail request.
        self.names = list(dict.fromkeys(names))

    def keep(self, image):
        name = image['name']
        if self.include and not any(p.fullmatch(name) for p in self.include):
            return False
        if any(p.fullmatch(name) for p in self.exclude):
            return False
        if self.newer_than or self.older_than:
            updated = parse_iso(image['last_updated']) if image.get('last_updated') else None
            if updated is None or (self.newer_than and updated <= self.newer_than) or \
                    (self.older_than and updated >= self.older_than):
                return False
        return True

    def sort_key(self, image):
        if self.sort == 'updated':
            return (image.get('last_updated') or '', image['name'])
        if self.sort == 'pull_count':
            count = image.get('pull_count')
            return (count if isinstance(count, int) and not isinstance(count, bool) else -1, image['name'])
        return (image['name'],)

    def apply(self, images):
        kept = sorted((i for i in images if self.keep(i)), key=self.sort_key, reverse=self.order == 'desc')
        return kept[:self.limit] if self.limit else kept

    def existence(self, present_names):
        present = set(present_names)
        missing = [name for name in self.names if name not in present]
        return {'found': not missing, 'missing': missing}


def is_pattern(image):
    return any(c in image for c in _GLOB_CHARS)


def parse_term(term):
    """``(registry, image, pattern)`` from ``REGISTRY/IMAGE`` or ``REGISTRY/PATTERN`` (fnmatch: ``*``, ``?``, ``[...]``).

    Exactly one of ``image`` and ``pattern`` is set. Every check happens before any request.
    """
    if not isinstance(term, str) or not term.strip():
        raise NcrError('term %r: is empty; must be REGISTRY/IMAGE or REGISTRY/PATTERN, such as my-registry/team/app '
                       'or my-registry/team/*' % (term,), option='_terms')
    registry, sep, rest = term.partition('/')
    if not sep:
        raise NcrError('term %r: must be REGISTRY/IMAGE or REGISTRY/PATTERN, such as my-registry/team/app or my-registry/*; '
                       'it has no registry part' % (term,), option='_terms')
    if not rest:
        raise NcrError('term %r: the image part is empty; must be REGISTRY/IMAGE or REGISTRY/PATTERN (my-registry/*)'
                       % (term,), option='image')
    pattern = is_pattern(rest)
    try:
        validate_names(registry, 'x' if pattern else rest)
    except NcrError as exc:
        raise NcrError('term %r: %s' % (term, exc), option=exc.option)
    if not pattern:
        return registry, rest, None
    # What a glob may hold: image name characters, the wildcards, and "!" for negation inside [...].
    if not re.match(r'^[a-z0-9._/*?\[\]!-]{1,255}\Z', rest) or rest.count('[') != rest.count(']'):
        raise NcrError('term %r: image: %r is not an image name pattern: lower-case image name characters and the '
                       'fnmatch wildcards *, ? and [...]' % (term, rest), option='image')
    return registry, None, rest


def matching(pattern, names):
    """The names matching ``pattern`` (fnmatch, case-sensitive; ``*`` also crosses ``/``), sorted."""
    return sorted(name for name in names if fnmatch.fnmatchcase(name, pattern))

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Images and registries: normalization of the API's objects, image selection, image patterns. Internal use only."""

import datetime
import fnmatch
import re

from ansible_collections.ncloud.ncr.plugins.module_utils._criteria import ORDERS, NameAndTime, choice, count
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._names import IMAGE_RE, REGISTRY_RE, validate_image, validate_registry
from ansible_collections.ncloud.ncr.plugins.module_utils._tags import iso_times

IMAGE_SORTS = ('name', 'updated', 'pull_count')
# The keys every registry gets, whichever documented shape the server answered with (null when absent).
REGISTRY_KEYS = ('name', 'bucket', 'end_point', 'usage', 'created', 'status')
REGISTRY_TIMES = ('created', 'updated', 'last_updated')
SHOWN = 40
_CAMEL_RE = re.compile(r'(?<=[a-z0-9])([A-Z])')
_GLOB_CHARS = '*?['


def snake(key):
    return _CAMEL_RE.sub(lambda m: '_' + m.group(1), key).lower() if isinstance(key, str) else key


def _checked_name(item, what, pattern=IMAGE_RE, rule='1-255 lower-case letters and digits, separated by ".", "_", '
                                                     '"__" or "-" runs, with "/" between path components'):
    """The item's name when ``pattern`` (the rule user input is checked by) accepts it; else the answer is refused."""
    name = item.get('name')
    if name.__class__ is str and 1 <= len(name) <= 255 and pattern.match(name):
        return name
    shown = repr(name[:SHOWN]) + ('... (%d characters)' % len(name) if len(name) > SHOWN else '') \
        if isinstance(name, str) else repr(type(name).__name__)
    raise NcrError('The server answered with %s name that is not valid (%s): %s. The answer is refused as a whole '
                   'rather than returned without that item.' % (what, rule, shown))


def normalize_image(item):
    """An image of the listing or the image-detail call: snake_case keys, ``last_updated`` as ISO 8601 UTC."""
    _checked_name(item, 'an image')
    out = dict((snake(k), v) for k, v in item.items())
    unreadable = []
    iso_times(out, ('last_updated',), unreadable)
    if unreadable:
        out['unreadable'] = unreadable
    return out


def normalize_registry(item):
    """A registry in either documented shape; the keys of :data:`REGISTRY_KEYS` always, null when absent."""
    # Checked as a registry option is: the name goes into request paths, messages and pull hosts.
    _checked_name(item, 'a registry', REGISTRY_RE,
                  '3-30 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen')
    out = dict((snake(k), v) for k, v in item.items())
    for key in REGISTRY_KEYS:
        out.setdefault(key, None)
    unreadable = []
    iso_times(out, REGISTRY_TIMES, unreadable)
    if unreadable:
        out['unreadable'] = unreadable
    return out


class ImageSelection:
    """Validated image selection options; :meth:`apply` runs them over normalized images."""

    def __init__(self, options, now=None):
        now = now or datetime.datetime.now(datetime.timezone.utc)
        self.names_and_times = NameAndTime(options, now)
        self.sort = choice(options, 'sort', IMAGE_SORTS, 'name')
        self.order = choice(options, 'order', ORDERS, 'asc' if self.sort == 'name' else 'desc')
        self.limit = count(options, 'limit')
        names = options.get('name') or []
        if isinstance(names, str):
            names = [names]
        for name in names:
            validate_image(name, 'name')
        # Unique, in the order given: each is one image-detail request.
        self.names = list(dict.fromkeys(names))

    def sort_key(self, image):
        if self.sort == 'updated':
            return (image.get('last_updated') or '', image['name'])
        if self.sort == 'pull_count':
            count = image.get('pull_count')
            return (count if isinstance(count, int) and not isinstance(count, bool) else -1, image['name'])
        return (image['name'],)

    def apply(self, images):
        named = self.names_and_times.named(images)
        kept = sorted((i for i in images if self.names_and_times.keeps(i, named)), key=self.sort_key,
                      reverse=self.order == 'desc')
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
        validate_registry(registry)
        if not pattern:
            validate_image(rest)
    except NcrError as exc:
        raise exc.retold('term %r: %s' % (term, exc.message)) from exc
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

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tag selection: filters, sorting, SemVer precedence, exact-tag checks.

Pure functions over normalized tag dicts (see _tags.py). Internal use only: not a public API.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import option_error
from ansible_collections.ncloud.ncr.plugins.module_utils._options import validate_tag_name
from ansible_collections.ncloud.ncr.plugins.module_utils._tags import parse_iso

# SemVer 2.0.0's own regular expression, with an optional leading "v".
SEMVER_RE = re.compile(
    r'^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)'
    r'(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?'
    r'(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?\Z')
DURATION_RE = re.compile(r'^\s*([0-9]+)\s*([smhdw])\s*\Z')  # [0-9]: \d would take any script's digits
DURATION_UNITS = {'s': 1, 'm': 60, 'h': 3600, 'd': 86400, 'w': 604800}
PLATFORM_RE = re.compile(r'^([a-z0-9]+)/([a-z0-9_]+)(?:/([a-z0-9]+))?\Z')
SORTS = ('updated', 'name', 'semver', 'none')
ORDERS = ('desc', 'asc')
# Up to this many exact tags are looked up one by one; more are cheaper to find in the listing.
EXACT_LOOKUP_MAX = 20


def semver_key(name):
    """A sort key giving SemVer 2.0.0 precedence, or None when ``name`` is not a full version.

    Partial versions such as ``1.2`` are not versions. Build metadata is ignored. A release sorts
    above its prereleases; numeric identifiers sort numerically and below alphanumeric ones; a
    longer identifier list wins when all shared identifiers are equal.
    """
    match = SEMVER_RE.match(name)
    if not match:
        return None
    major, minor, patch, pre = int(match.group(1)), int(match.group(2)), int(match.group(3)), match.group(4)
    if pre is None:
        return (major, minor, patch, 1, ())
    ids = tuple((0, int(i), '') if i.isdigit() else (1, 0, i) for i in pre.split('.'))
    return (major, minor, patch, 0, ids)


def is_prerelease(name):
    key = semver_key(name)
    return key is not None and key[3] == 0


def compile_patterns(option, patterns):
    if isinstance(patterns, str):
        patterns = [patterns]
    elif patterns is not None and not isinstance(patterns, (list, tuple)):
        raise option_error(option, 'must be a regular expression or a list of them, got %r' % (patterns,))
    compiled = []
    for pattern in patterns or []:
        if not isinstance(pattern, str):
            raise option_error(option, 'each item must be a regular expression string, got %r' % (pattern,))
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise option_error(option, 'invalid regular expression %r: %s' % (pattern, exc))
    return compiled


def parse_time_bound(option, value, now):
    """A datetime from a duration before ``now`` (``90m``, ``12h``, ``30d``, ``2w``) or an ISO 8601 date/time."""
    if value is None or value == '':
        return None
    text = str(value)
    match = DURATION_RE.match(text)
    try:
        if match:
            return now - datetime.timedelta(seconds=int(match.group(1)) * DURATION_UNITS[match.group(2)])
        when = parse_iso(text)
        if when is None:
            raise option_error(option, '%r is neither a duration (a number and one of s, m, h, d, w: 90m, 12h, 30d, 2w) '
                                       'nor an ISO 8601 date or date/time (2024-05-01, 2024-05-01T12:00:00Z)' % (text,))
        # In UTC now, so that comparing and printing it later cannot overflow.
        return when.astimezone(datetime.timezone.utc)
    except (OverflowError, ValueError):
        # OverflowError: before year 1 or after 9999; ValueError: more digits than int() accepts.
        raise option_error(option, '%r reaches outside the dates Python can represent (years 1 to 9999)' % (text,))


def parse_platform(value):
    if value is None or value == '':
        return None
    match = PLATFORM_RE.match(str(value).strip())
    if not match:
        raise option_error('platform', '%r is not os/arch or os/arch/variant (linux/amd64, linux/arm64/v8)' % (value,))
    return match.groups()


class Selection(object):
    """Validated selection options; :meth:`apply` runs them over a list of tags."""

    def __init__(self, options, now=None):
        now = now or datetime.datetime.now(datetime.timezone.utc)
        self.include = compile_patterns('include', options.get('include'))
        self.exclude = compile_patterns('exclude', options.get('exclude'))
        self.platform = parse_platform(options.get('platform'))
        self.newer_than = parse_time_bound('newer_than', options.get('newer_than'), now)
        self.older_than = parse_time_bound('older_than', options.get('older_than'), now)
        if self.newer_than and self.older_than and self.newer_than >= self.older_than:
            raise option_error('newer_than', 'and older_than select nothing: newer_than resolves to %s, which is not before '
                                             'older_than (%s)' % (_iso(self.newer_than), _iso(self.older_than)))
        self.sort = options.get('sort') or 'updated'
        if self.sort not in SORTS:
            raise option_error('sort', 'must be one of %s, got %r' % (', '.join(SORTS), self.sort))
        self.order = options.get('order') or 'desc'
        if self.order not in ORDERS:
            raise option_error('order', 'must be one of %s, got %r' % (', '.join(ORDERS), self.order))
        self.include_prerelease = options.get('include_prerelease', True) is not False
        limit = options.get('limit') or 0
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise option_error('limit', 'must be 0 (keep all) or a positive integer, got %r' % (limit,))
        self.limit = limit
        self.tags = list(options.get('tag') or [])
        for name in self.tags:
            validate_tag_name('tag', name)
        # Every filter works per tag, so the tag-detail endpoint serves any selection restricted to named tags.
        self.by_detail = 0 < len(self.tags) <= EXACT_LOOKUP_MAX

    def keep(self, tag):
        """The tag as it should be returned, or None when a filter drops it."""
        name = tag['name']
        if self.include and not any(p.fullmatch(name) for p in self.include):
            return None
        if any(p.fullmatch(name) for p in self.exclude):
            return None
        if self.newer_than or self.older_than:
            updated = parse_iso(tag['last_updated']) if tag.get('last_updated') else None
            if updated is None or (self.newer_than and updated <= self.newer_than) or \
                    (self.older_than and updated >= self.older_than):
                return None
        if not self.include_prerelease and is_prerelease(name):
            return None
        if self.sort == 'semver' and semver_key(name) is None:
            return None
        if self.platform:
            image = self.matching_image(tag)
            if image is None:
                return None
            tag = dict(tag, platform_digest=image.get('digest'), platform_image=image)
        return tag

    def matching_image(self, tag):
        want_os, want_arch, want_variant = self.platform
        for image in tag.get('images') or []:
            if image.get('os') == want_os and image.get('architecture') == want_arch and \
                    (want_variant is None or image.get('variant') == want_variant):
                return image
        return None

    def sort_key(self, tag):
        updated = tag.get('last_updated') or ''
        if self.sort == 'semver':
            # Equal precedence (1.0.0, v1.0.0, 1.0.0+b1) falls back to recency, then name.
            return (semver_key(tag['name']), updated, tag['name'])
        if self.sort == 'name':
            return (tag['name'],)
        return (updated, tag['name'])

    def apply(self, tags):
        if self.tags:
            wanted = set(self.tags)
            tags = [t for t in tags if t['name'] in wanted]
        kept = [t for t in (self.keep(tag) for tag in tags) if t is not None]
        if self.sort != 'none':
            kept.sort(key=self.sort_key, reverse=self.order == 'desc')
        if self.limit:
            kept = kept[:self.limit]
        return kept

    def existence(self, present_names):
        present = set(present_names)
        missing = [name for name in self.tags if name not in present]
        return {'found': not missing, 'missing': missing}


def _iso(when):
    return when.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')

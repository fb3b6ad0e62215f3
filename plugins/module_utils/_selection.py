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
from ansible_collections.ncloud.ncr.plugins.module_utils._ranges import Range
from ansible_collections.ncloud.ncr.plugins.module_utils._tags import parse_iso
from ansible_collections.ncloud.ncr.plugins.module_utils._versions import (
    DIGEST_RE, digest_tag, docker_comparable, docker_key, is_compatible, parse_docker, parse_semver, semver_order)

DURATION_RE = re.compile(r'^\s*([0-9]+)\s*([smhdw])\s*\Z')  # [0-9]: \d would take any script's digits
DURATION_UNITS = {'s': 1, 'm': 60, 'h': 3600, 'd': 86400, 'w': 604800}
PLATFORM_RE = re.compile(r'^([a-z0-9]+)/([a-z0-9_]+)(?:/([a-z0-9]+))?\Z')
SORTS = ('updated', 'name', 'semver', 'version', 'none')
ORDERS = ('desc', 'asc')
# Up to this many exact tags are looked up one by one; more are cheaper to find in the listing.
EXACT_LOOKUP_MAX = 20


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


def _count(options, name):
    value = options.get(name) or 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise option_error(name, 'must be 0 or a positive integer, got %r' % (value,))
    return value


class Listing(object):
    """What a tag's facts need from the whole listing: its signatures and the tags sharing its digest."""

    def __init__(self, tags):
        self.digest_tags, self.signatures, by_digest = set(), set(), {}
        for tag in tags:
            name = tag['name']
            found = name.startswith('sha256-') and digest_tag(name)
            if found:
                self.digest_tags.add(name)
                if found[1] == '.sig':
                    self.signatures.add('sha256:' + found[0])
            elif isinstance(tag.get('digest'), str):
                by_digest.setdefault(tag['digest'], []).append(name)
        # Sorted once per digest; most digests have one tag, whose aliases are then empty.
        self.by_digest = dict((digest, sorted(names)) for digest, names in by_digest.items() if len(names) > 1)

    def signed(self, tag):
        return tag.get('digest') in self.signatures

    def aliases(self, tag):
        names = self.by_digest.get(tag.get('digest'))
        return [name for name in names if name != tag['name']] if names else []


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
        self.range = Range(options['version_range']) if _given(options.get('version_range')) else None
        self.compatible_with = _docker_version('compatible_with', options.get('compatible_with'))
        if self.compatible_with and self.sort == 'semver':
            raise option_error('compatible_with', 'reads tags as Docker-style versions; use it with sort=version '
                                                  '(or updated, name, none), not sort=semver')
        self.exclude_digest_tags = options.get('exclude_digest_tags', True) is not False
        self.signed_only = options.get('signed_only') is True
        self.digest = options.get('digest') or None
        if self.digest is not None and (not isinstance(self.digest, str) or not DIGEST_RE.match(self.digest)):
            raise option_error('digest', '%r is not an image digest: sha256: and 64 lower-case hex digits' % (self.digest,))
        self.skip = _count(options, 'skip')
        self.limit = _count(options, 'limit')
        self.tags = list(options.get('tag') or [])
        for name in self.tags:
            validate_tag_name('tag', name)
        # Every filter works per tag, so the tag-detail endpoint serves any selection restricted to named tags.
        self.by_detail = 0 < len(self.tags) <= EXACT_LOOKUP_MAX
        # How tags are read as versions: Docker-style (Renovate) or SemVer; None when no option needs it.
        self.docker = self.sort == 'version' or self.compatible_with is not None
        self.reads_versions = self.docker or self.sort == 'semver' or self.range is not None or not self.include_prerelease
        self.versions_only = self.sort in ('semver', 'version') or self.range is not None or self.compatible_with is not None

    def _version(self, name):
        """``(parsed, prerelease?)`` in the scheme in use, or None when ``name`` is not a version."""
        if self.docker:
            parsed = parse_docker(name)
            return parsed and (parsed, bool(parsed.prerelease))
        parsed = parse_semver(name)
        return parsed and (parsed, bool(parsed[1]))

    def keep(self, tag, listing):
        """``(tag, parsed version or None)`` when the filters keep the tag, else None."""
        name = tag['name']
        if self.exclude_digest_tags and name in listing.digest_tags:
            return None
        if self.include and not any(p.fullmatch(name) for p in self.include):
            return None
        if any(p.fullmatch(name) for p in self.exclude):
            return None
        if self.newer_than or self.older_than:
            updated = parse_iso(tag['last_updated']) if tag.get('last_updated') else None
            if updated is None or (self.newer_than and updated <= self.newer_than) or \
                    (self.older_than and updated >= self.older_than):
                return None
        parsed = None
        if self.reads_versions:
            version = self._version(name)
            if version is None:
                if self.versions_only:
                    return None
            else:
                parsed, prerelease = version
                if (prerelease and not self.include_prerelease) or \
                        (self.compatible_with and not is_compatible(parsed, self.compatible_with)) or \
                        (self.range and not self.range.satisfied_by(docker_comparable(parsed) if self.docker else parsed)):
                    return None
        if self.digest and tag.get('digest') != self.digest and \
                not any(image.get('digest') == self.digest for image in tag.get('images') or ()):
            return None
        if self.signed_only and not listing.signed(tag):
            return None
        if self.platform:
            image = self.matching_image(tag)
            if image is None:
                return None
            tag = dict(tag, platform_digest=image.get('digest'), platform_image=image)
        return tag, parsed

    def matching_image(self, tag):
        want_os, want_arch, want_variant = self.platform
        for image in tag.get('images') or []:
            if image.get('os') == want_os and image.get('architecture') == want_arch and \
                    (want_variant is None or image.get('variant') == want_variant):
                return image
        return None

    def sort_key(self, row):
        tag, parsed = row
        updated = tag.get('last_updated') or ''
        # Equal precedence (1.0.0, v1.0.0, 1.0.0+b1; 18.04, 18.4) falls back to recency, then name.
        if self.sort == 'semver':
            return (semver_order(parsed), updated, tag['name'])
        if self.sort == 'version':
            return (docker_key(parsed), updated, tag['name'])
        if self.sort == 'name':
            return tag['name']
        return (updated, tag['name'])

    def apply(self, tags):
        listing = Listing(tags)
        if self.tags:
            wanted = set(self.tags)
            tags = [t for t in tags if t['name'] in wanted]
        rows = [row for row in (self.keep(tag, listing) for tag in tags) if row is not None]
        if self.sort != 'none':
            rows.sort(key=self.sort_key, reverse=self.order == 'desc')
        rows = rows[self.skip:self.skip + self.limit] if self.limit else rows[self.skip:]
        # The tag-detail path sees only the named tags (and their signatures when signed_only asked for them).
        signed_known, aliases_known = not self.by_detail or self.signed_only, not self.by_detail
        return [tag if tag['name'] in listing.digest_tags else
                dict(tag, signed=listing.signed(tag) if signed_known else None,
                     aliases=listing.aliases(tag) if aliases_known else None)
                for tag, parsed in rows]

    def existence(self, present_names):
        present = set(present_names)
        missing = [name for name in self.tags if name not in present]
        return {'found': not missing, 'missing': missing}


def _given(value):
    return value is not None and value != ''


def _docker_version(option, value):
    if not _given(value):
        return None
    validate_tag_name(option, value)
    parsed = parse_docker(value)
    if parsed is None:
        raise option_error(option, '%r is not a Docker-style version: numbers separated by dots, an optional prerelease '
                                   'and an optional -suffix (1.25.3-alpine, 18.04, 3.7.0b1, v2)' % (value,))
    return parsed


def _iso(when):
    return when.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')

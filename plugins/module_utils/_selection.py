# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tag selection: filters, version ranges and flavours, digests and signatures, sorting, exact-tag checks.

Over normalized tag dicts (see _tags.py), which :meth:`Selection.apply` annotates in place. Internal use only: not a
public API.
"""

import datetime

from ansible_collections.ncloud.ncr.plugins.module_utils._criteria import (
    ORDERS, NameAndTime, choice, count, existence, parse_platform)
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import given, option_error
from ansible_collections.ncloud.ncr.plugins.module_utils._names import validate_tag_name
from ansible_collections.ncloud.ncr.plugins.module_utils._ranges import Range
from ansible_collections.ncloud.ncr.plugins.module_utils._tags import TAG_FIELDS
from ansible_collections.ncloud.ncr.plugins.module_utils._versions import (
    DIGEST_RE, digest_tag, docker_comparable, docker_key, is_compatible, parse_docker, parse_semver, same_release, semver_order)

SORTS = ('updated', 'name', 'semver', 'version', 'none')
# Up to this many exact tags are looked up one by one; more are cheaper to find in the listing.
EXACT_LOOKUP_MAX = 20


class Listing:
    """What a tag's facts need from the whole listing: its signatures and the tags sharing its digest."""

    def __init__(self, tags):
        self.digest_tags = set()
        self.signatures = set()
        first = {}
        shared = {}
        for tag in tags:
            name = tag['name']
            found = name.startswith('sha256-') and digest_tag(name)
            if found:
                self.digest_tags.add(name)
                if found[1] == '.sig':
                    self.signatures.add('sha256:' + found[0])
                continue
            digest = tag.get('digest')
            if digest.__class__ is str:
                # Most digests have one tag: a list only for those with more.
                if digest in first:
                    shared.setdefault(digest, [first[digest]]).append(name)
                else:
                    first[digest] = name
        self.by_digest = dict((digest, sorted(names)) for digest, names in shared.items())

    def signed(self, tag):
        return tag.get('digest') in self.signatures

    def annotate(self, tags, signed_known=True, aliases_known=True):
        """Each tag but the digest tags gains ``signed`` and ``aliases`` (None when not known), in place: the tags are
        the listing's own copies (_tags.normalize_tag), and a copy of each would double a big listing's memory."""
        for tag in tags:
            name = tag['name']
            if name in self.digest_tags:
                continue
            digest = tag.get('digest')
            tag['signed'] = digest in self.signatures if signed_known else None
            if aliases_known:
                names = self.by_digest.get(digest)
                tag['aliases'] = [other for other in names if other != name] if names else []
            else:
                tag['aliases'] = None


class Selection:
    """Validated selection options; :meth:`apply` runs them over a list of tags."""

    def __init__(self, options, now=None):
        now = now or datetime.datetime.now(datetime.timezone.utc)
        self.names_and_times = NameAndTime(options, now)
        self.platform = parse_platform(options.get('platform'))
        self.sort = choice(options, 'sort', SORTS, 'updated')
        self.order = choice(options, 'order', ORDERS, 'desc')
        self.include_prerelease = options.get('include_prerelease', True) is not False
        self.compatible_with = _docker_version('compatible_with', options.get('compatible_with'))
        if self.compatible_with and self.sort == 'semver':
            raise option_error('compatible_with', 'reads tags as Docker-style versions; use it with sort=version '
                                                  '(or updated, name, none), not sort=semver')
        # How tags are read as versions: Docker-style (Renovate) or SemVer.
        self.docker = self.sort == 'version' or self.compatible_with is not None
        self.range = Range(options['version_range'], docker=self.docker) if given(options.get('version_range')) else None
        # From a prerelease Renovate moves only to a release or to a prerelease of the same release (1.2.3b1 to 1.2.3rc1).
        self.unstable_current = self.compatible_with if self.compatible_with and self.compatible_with.prerelease else None
        self.exclude_digest_tags = options.get('exclude_digest_tags', True) is not False
        self.signed_only = options.get('signed_only') is True
        self.digest = options.get('digest') or None
        if self.digest is not None and (not isinstance(self.digest, str) or not DIGEST_RE.match(self.digest)):
            raise option_error('digest', '%r is not an image digest: sha256: and 64 lower-case hex digits' % (self.digest,))
        self.skip = count(options, 'skip')
        self.limit = count(options, 'limit')
        self.tags = list(options.get('tag') or [])
        for name in self.tags:
            validate_tag_name('tag', name)
        self.fields = names_from(options, 'fields', TAG_FIELDS, 'tag key')
        # Every filter works per tag, so the tag-detail endpoint serves any selection restricted to named tags.
        self.by_detail = 0 < len(self.tags) <= EXACT_LOOKUP_MAX
        self.reads_versions = self.docker or self.sort == 'semver' or self.range is not None or not self.include_prerelease
        self.versions_only = self.sort in ('semver', 'version') or self.range is not None or self.compatible_with is not None
        # Both give None for a tag that is no version, else a tuple whose [1] is the prerelease (empty for a release).
        self.parse_version = parse_docker if self.docker else parse_semver
        # No filter but the digest tags': the common listing skips keep() per tag.
        self.plain = not (self.names_and_times.active or self.reads_versions or self.digest or self.signed_only or self.platform)

    def keep(self, tag, listing, named=None):
        """``(tag, parsed version or None)`` when the filters keep the tag, else None; ``named``: the names the
        patterns keep (NameAndTime.named)."""
        name = tag['name']
        if self.exclude_digest_tags and name in listing.digest_tags:
            return None
        if self.names_and_times.active and not self.names_and_times.keeps(tag, named):
            return None
        parsed = None
        if self.reads_versions:
            parsed = self.parse_version(name)
            if parsed is None:
                if self.versions_only:
                    return None
            elif (parsed[1] and not self.include_prerelease) or \
                    (self.compatible_with and not is_compatible(parsed, self.compatible_with)) or \
                    (parsed[1] and self.unstable_current and not same_release(parsed, self.unstable_current)) or \
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

    def sort_key(self):
        """The sort's key function over ``(tag, parsed)`` rows: one flat tuple each, as flat tuples compare fastest.

        Equal precedence (1.0.0, v1.0.0, 1.0.0+b1; 18.04, 18.4) falls back to recency, then name.
        """
        if self.sort == 'semver':
            return lambda row: semver_order(row[1]) + (row[0].get('last_updated') or '', row[0]['name'])
        if self.sort == 'version':
            return lambda row: docker_key(row[1]) + (row[0].get('last_updated') or '', row[0]['name'])
        if self.sort == 'name':
            return lambda row: row[0]['name']
        return lambda row: (row[0].get('last_updated') or '', row[0]['name'])

    def apply(self, tags):
        listing = Listing(tags)
        if self.tags:
            wanted = set(self.tags)
            tags = [t for t in tags if t['name'] in wanted]
        if self.plain:
            rows = [(tag, None) for tag in tags if tag['name'] not in listing.digest_tags or not self.exclude_digest_tags]
        else:
            named = self.names_and_times.named(tags)
            rows = [row for row in (self.keep(tag, listing, named) for tag in tags) if row is not None]
        if self.sort != 'none':
            rows.sort(key=self.sort_key(), reverse=self.order == 'desc')
        rows = rows[self.skip:self.skip + self.limit] if self.limit else rows[self.skip:]
        kept = [tag for tag, parsed in rows]
        if not self.fields or {'signed', 'aliases'} & set(self.fields):
            # The tag-detail path sees only the named tags (and their signatures when signed_only asked for them).
            listing.annotate(kept, signed_known=not self.by_detail or self.signed_only, aliases_known=not self.by_detail)
        return kept

    def fetched(self):
        """What of this selection changes what _tag_listing.fetch_tags reads (a JSON value, for the lookup's run cache):
        the named tags on the tag-detail path (and their signatures with signed_only), else nothing."""
        return [sorted(self.tags), self.signed_only] if self.by_detail else None

    def served(self):
        """For the main thread while other threads apply this selection (a pattern lookup's images): their pattern
        matching runs in the main thread, which alone can stop it at the timeout (_patterns.Patterns.served)."""
        return self.names_and_times.patterns.served()

    def project(self, tags):
        """The tags with only the ``fields`` asked for (every key when none were)."""
        if not self.fields:
            return tags
        fields = self.fields
        return [dict((key, tag[key]) for key in fields if key in tag) for tag in tags]

    def existence(self, present_names):
        return existence(self.tags, present_names)


def names_from(options, name, known, what):
    """A list option of names from ``known`` (``what`` says what they are), each once, in the order given."""
    value = options.get(name) or ()
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise option_error(name, 'must be a list of %ss, got %r' % (what, value))
    unknown = [item for item in value if item not in known]
    if unknown:
        raise option_error(name, 'unknown %s(s) %s; known: %s' % (what, ', '.join(repr(item) for item in unknown), ', '.join(known)))
    return tuple(dict.fromkeys(value))


def _docker_version(option, value):
    if not given(value):
        return None
    validate_tag_name(option, value)
    parsed = parse_docker(value)
    if parsed is None:
        raise option_error(option, '%r is not a Docker-style version: numbers separated by dots, an optional prerelease '
                                   'and an optional -suffix (1.25.3-alpine, 18.04, 3.7.0b1, v2)' % (value,))
    return parsed

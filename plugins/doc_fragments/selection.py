# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Tag selection options shared by the module and the lookup. Filters apply in the order listed here.
    DOCUMENTATION = r'''
options:
  include:
    description:
      - Regular expressions (Python syntax), each matched against the whole tag name, as if anchored with
        C(^...$) (like regctl's C(--include)). A tag is kept when it matches any of them; all tags when empty.
      - A list of patterns, or one pattern as a string. A string is never split at commas, so
        C(v\d{1,3}\.\d+) is one pattern.
    type: raw
    default: []
  exclude:
    description:
      - Regular expressions matched against the whole tag name; a tag matching any of them is dropped.
        Applied after O(include).
      - A list of patterns, or one pattern as a string (never split at commas).
    type: raw
    default: []
  platform:
    description:
      - Keep only tags that have an image for this platform, written C(os/arch) or C(os/arch/variant)
        (V(linux/amd64), V(linux/arm64), V(linux/arm64/v8)). Without a variant any variant matches.
      - Each kept tag gains C(platform_digest) (the digest of that platform's image) and C(platform_image).
    type: str
  newer_than:
    description:
      - Keep tags whose C(last_updated) is later than this, given as a duration before now (V(90m), V(12h), V(30d), V(2w);
        units s, m, h, d, w) or an ISO 8601 date or date/time (V(2024-05-01), V(2024-05-01T12:00:00Z); no zone means UTC).
    type: str
  older_than:
    description:
      - Keep tags whose C(last_updated) is earlier than this; same forms as O(newer_than).
      - Tags with no C(last_updated) are dropped by O(newer_than) and O(older_than) alike.
    type: str
  sort:
    description:
      - V(updated) orders by C(last_updated), ties by name.
      - V(name) orders by name (code point order).
      - V(semver) keeps only tags that are SemVer 2.0.0 versions (an optional leading C(v) accepted, so V(v1.4.2)
        is a version) and orders them by SemVer precedence, where numeric prerelease identifiers compare numerically and
        below alphanumeric ones, a release above its prereleases, build metadata ignored. Partial versions such as
        V(1.2) or V(1) are not versions and are dropped. Tags of equal precedence (V(1.0.0), V(v1.0.0),
        V(1.0.0+build.5)) are ordered by C(last_updated), then by name, so the result is deterministic.
      - V(none) keeps the order the API returned, and ignores O(order).
    type: str
    choices: [updated, name, semver, none]
    default: updated
  order:
    description:
      - V(desc) puts the newest, highest or last name first; V(asc) the reverse.
    type: str
    choices: [desc, asc]
    default: desc
  include_prerelease:
    description:
      - V(false) drops tags that are SemVer prereleases (V(1.2.0-rc.1), V(v2.0.0-beta.2)). Tags that are not
        versions are not prereleases and stay unless O(sort=semver).
    type: bool
    default: true
  limit:
    description:
      - Keep only the first N tags after sorting. V(0) keeps all.
    type: int
    default: 0
  tag:
    description:
      - Exact tag names to check. The result gains C(found) (true when every one exists) and C(missing) (those
        that do not), and the selection is restricted to these tags; the other options still filter and sort them.
      - Up to 20 names are looked up one by one on the tag-detail endpoint (one request each, no listing); a name
        that does not exist is reported in C(missing), not as an error. More names are checked against the listing.
    type: list
    elements: str
    default: []
'''

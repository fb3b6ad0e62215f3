# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


class ModuleDocFragment:

    # Tag selection options shared by the module and the lookup. Each filter keeps or drops a tag on its own, so
    # their order does not change the result; then come sort, skip and limit.
    DOCUMENTATION = r'''
options:
  include:
    description:
      - Regular expressions (Python syntax), each matched against the whole tag name, as if anchored with
        C(^...$) (like regctl's C(--include)). A tag is kept when it matches any of them; all tags when empty.
      - A list of patterns, or one pattern as a string. A string is never split at commas, so
        C(v\d{1,3}\.\d+) is one pattern.
      - Patterns are never refused for being slow; instead their matching may take at most O(timeout) seconds in all,
        for the whole task. A pattern that backtracks without end on some name (nested repeats such as (a+)+,
        overlapping alternatives such as (a|aa)+) is stopped there, and the task fails with a message naming this
        option and the pattern.
    type: raw
    default: []
  exclude:
    description:
      - Regular expressions matched against the whole tag name; a tag matching any of them is dropped.
        Applied after O(include).
      - A list of patterns, or one pattern as a string (never split at commas).
      - Shares O(include)'s time limit; a pattern stopped there is named with this option.
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
  exclude_digest_tags:
    description:
      - Drop digest tags, C(sha256-<64 hex>) with an optional suffix such as C(.sig), C(.att) or C(.sbom), which hold the signatures,
        attestations and SBOMs that cosign and other tools store next to an image. They are never images to deploy, so they
        are dropped by default; set V(false) to see them, for example to clean up signatures of deleted images.
      - Signatures are still read for C(signed) and O(signed_only) when they are dropped.
    type: bool
    default: true
  version_range:
    description:
      - Keep only tags that are versions and satisfy this range, written in node-semver's range grammar and meaning
        (its C(satisfies()) with default options), for example V(^1.4), V(~1.25.3), V(>=1.2.3 <2), V(1.x || 3.x),
        V(1.2.3 - 2.3).
      - Comparators C(<), C(<=), C(>), C(>=), C(=) (a space between them means and, C(||) means or), hyphen ranges,
        X-ranges (V(1.x), V(1.2.*), V(*)), tilde (C(~)) and caret (C(^)) ranges and partial versions (V(1.2) is
        C(>=1.2.0 <1.3.0-0)).
      - A prerelease (V(1.3.0-rc.1)) satisfies a range only when a comparator of the same C(||) part names the same
        C(major.minor.patch) with a prerelease itself, so V(>=1.0.0) never admits V(2.0.0-beta.1), while V(>=2.0.0-0)
        does. O(include_prerelease=false) can then drop prereleases; it never widens the range.
      - Tags are read as SemVer (a leading C(v) accepted) or, with O(sort=version) or O(compatible_with), as Docker-style
        versions matched on their release parts (missing parts read as 0, so V(1.25) is C(1.25.0)); a Docker-style
        suffix such as C(-alpine) is not a prerelease.
      - Parsed once, before any request; an invalid range fails naming this option and the character where it went wrong.
    type: str
  compatible_with:
    description:
      - Keep only tags of the same flavour as this tag, as Renovate's C(docker) versioning decides (its C(isCompatible)),
        that is the same suffix after the first hyphen and the same number of release parts. V(1.25.3-alpine) admits
        V(1.26.0-alpine), never V(1.26.0) nor V(1.26-alpine).
      - Must itself be a Docker-style version. Tags are then read as Docker-style versions; not with O(sort=semver).
      - When this tag is a prerelease (V(7.4.0RC6-fpm-buster), V(3.13.0b1-slim)), the other prereleases kept are those
        of the same release (the same first three numbers), as Renovate moves an unstable version only to a release
        or to a prerelease of its own release; V(7.4.0RC6-fpm-buster) admits V(7.4.0-fpm-buster) and
        V(7.4.0RC5-fpm-buster), never V(8.0.0alpha1-fpm-buster).
      - With O(sort=version), O(version_range) above this tag (V(>1.25.3) for V(1.25.3-alpine), V(>7.4.0-RC6) for
        V(7.4.0RC6-fpm-buster)) and O(limit=1) this is the upgrade Renovate would propose, for a release and a
        prerelease alike; none when Renovate would stay put.
    type: str
  digest:
    description:
      - Keep only tags whose digest, or the digest of one of their platform images, equals this (C(sha256:<64 hex>)),
        to find which tags point at an image already deployed.
    type: str
  signed_only:
    description:
      - Keep only tags whose C(signed) is true, that is tags whose digest has a cosign signature tag C(sha256-<hex>.sig)
        in the listing.
      - With O(tag) answered from the tag-detail endpoint, each found tag's signature is looked up by name, one more
        request per tag.
    type: bool
    default: false
  sort:
    description:
      - V(updated) orders by C(last_updated), ties by name.
      - V(name) orders by name (code point order).
      - V(semver) keeps only tags that are SemVer 2.0.0 versions (an optional leading C(v) accepted, so V(v1.4.2)
        is a version) and orders them by SemVer precedence, where numeric prerelease identifiers compare numerically and
        below alphanumeric ones, a release above its prereleases, build metadata ignored. Partial versions such as
        V(1.2) or V(1) are not versions and are dropped. Tags of equal precedence (V(1.0.0), V(v1.0.0),
        V(1.0.0+build.5)) are ordered by C(last_updated), then by name, so the result is deterministic.
      - V(version) keeps only Docker-style versions, read the way Renovate's C(docker) versioning reads them, and orders
        them the way Renovate does. A version is numbers separated by dots (any count, as in V(3), V(18.04), V(1.2.3.4)), an
        optional leading C(v), an optional prerelease right after the numbers (V(3.7.0b1)) and an optional suffix after the
        first hyphen (V(1.25.3-alpine), V(1.25-slim-bookworm)); tags that look like commit hashes (7 to 40 lower-case hex
        characters) are not versions. Release parts compare numerically (V(18.04) equals V(18.4)); when one release is
        a prefix of the other the shorter is higher (V(1.25) above V(1.25.3)); a prerelease is below its release; then
        the tag without a suffix is highest and suffixes compare in reverse. Prereleases and suffixes compare as Renovate's
        C(localeCompare) does, letters regardless of case first (V(7.4.0RC6) above V(7.4.0beta4)), punctuation below
        digits below letters, digits one by one (V(rc10) below V(rc9)), and lower case below upper case only when all
        else is equal. Ties by C(last_updated), then name.
      - V(none) keeps the order the API returned, and ignores O(order).
    type: str
    choices: [updated, name, semver, version, none]
    default: updated
  order:
    description:
      - V(desc) puts the newest, highest or last name first; V(asc) the reverse.
    type: str
    choices: [desc, asc]
    default: desc
  include_prerelease:
    description:
      - V(false) drops prereleases, that is SemVer prereleases (V(1.2.0-rc.1), V(v2.0.0-beta.2)), or, when tags are read as
        Docker-style versions (O(sort=version), O(compatible_with)), Docker-style ones (V(3.7.0b1)), whose C(-suffix) is
        a flavour, not a prerelease. Tags that are not versions are not prereleases and stay unless a version option
        drops them.
      - Prereleases are in by default here, in the module and the lookup alike; the role C(ncloud.ncr.resolve_image)
        leaves them out by default (its C(resolve_image_include_prerelease) is V(false)).
    type: bool
    default: true
  skip:
    description:
      - Drop the first N tags after sorting, before O(limit). With O(sort=updated), O(skip=10) keeps every tag but the ten
        newest (the ECR lifecycle rule "image count more than 10").
    type: int
    default: 0
  limit:
    description:
      - Keep only the first N tags after sorting (and O(skip)). V(0) keeps all.
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
  fields:
    description:
      - Keep only these keys in each tag dict returned (the module's C(tags) and C(latest), the lookup's tags with
        C(output=tags), which still gain C(registry) and C(image)), for a lean result. A big
        listing's time in C(ansible-playbook) goes mostly into carrying every key of every tag from the module to the
        controller and through its callbacks (see the collection's performance notes). C(names), C(count), C(total),
        C(found) and C(missing) do not change.
      - A key a tag does not have (C(unreadable), C(platform_digest) without O(platform), C(manifest_digest) without
        C(resolve_manifest)) is left out, as in the
        complete result. V([]) keeps every key.
    type: list
    elements: str
    default: []
    choices: [name, digest, full_size, id, image_id, creator, last_updated, last_updater, repository, v2, images, platforms,
              signed, aliases, unreadable, platform_digest, platform_image, manifest_digest, manifest_media_type]
'''

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading tag names as versions: SemVer 2.0.0 and Renovate's Docker-style tags. Internal use only.

Numbers are exact whatever their length (:func:`num`), and ``[0-9]``, not ``\\d``, keeps other
scripts' digits out of a version.

A *comparable* version is ``(release, prerelease)``: ``release`` a tuple of ints, ``prerelease`` a
tuple of :func:`identifier` keys (empty for a release). Ranges (_ranges.py) match
both schemes through it.
"""

import re
from collections import namedtuple

_NUMERIC = r'(?:0|[1-9][0-9]*)'
_IDENT = r'(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)'
# SemVer 2.0.0's own regular expression, with an optional leading "v".
SEMVER_RE = re.compile(
    r'v?(%s)\.(%s)\.(%s)(?:-(%s(?:\.%s)*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?\Z'
    % (_NUMERIC, _NUMERIC, _NUMERIC, _IDENT, _IDENT))
# Renovate's docker versioning: the part before the first hyphen is numbers and dots, then at once an
# optional prerelease of word characters; the rest is the compatibility suffix.
DOCKER_RE = re.compile(r'v?([0-9]+(?:\.[0-9]+)*)([A-Za-z0-9_]*)(?:-(.*))?\Z', re.S)
COMMIT_HASH_RE = re.compile(r'[a-f0-9]{7,40}\Z')
# cosign stores signatures, attestations and SBOMs of sha256:<hex> under sha256-<hex>.sig/.att/.sbom.
DIGEST_TAG_RE = re.compile(r'sha256-([0-9a-f]{64})(\.[A-Za-z0-9_.-]+)?\Z')
DIGEST_RE = re.compile(r'sha256:[0-9a-f]{64}\Z')

DockerVersion = namedtuple('DockerVersion', 'release prerelease suffix')
# The namedtuple's own __new__ is a Python function: one frame per tag of a listing saved.
_new_docker = tuple.__new__

# Above every release part: Renovate ranks 1.2 above 1.2.3 when one release is a prefix of the other.
_INF = float('inf')

# Renovate compares prereleases and suffixes with JavaScript's String.localeCompare, that is ICU's collation of the
# root/en locale: punctuation below digits below letters, letters case-insensitively first (RC6 sorts after beta4),
# and only when everything else is equal lower case before upper case. The printable ASCII characters (all a tag name
# may hold) in ICU's primary order, as Node's localeCompare sorts them; the digits compare one by one, not as numbers.
COLLATION_ORDER = '_-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz'
# A string whose code point order is the primary order; one whose order is the case (tertiary) order.
_PRIMARY = dict((ord(c), chr(0x100 + i)) for i, c in enumerate(COLLATION_ORDER))
_PRIMARY.update((ord(c.upper()), chr(0x100 + COLLATION_ORDER.index(c))) for c in 'abcdefghijklmnopqrstuvwxyz')
_CASE = dict((code, '1' if chr(code).isupper() else '0') for code in _PRIMARY)
# The same, reversed, for suffixes (Renovate ranks them in reverse): each string ends in a character above every
# other, so that a suffix ranks above the longer suffixes it begins (alpine above alpine3.19), and no suffix above all.
_PRIMARY_REVERSED = dict((code, chr(0x1000 - (ord(weight) - 0x100))) for code, weight in _PRIMARY.items())
_CASE_REVERSED = dict((code, '1' if case == '0' else '0') for code, case in _CASE.items())
_NO_PRERELEASE = (1, '', '')
_NO_SUFFIX = '\u1001' + '2'
# A range's -0 (as in <2.0.0-0): below every prerelease, as in SemVer.
LOWEST_PRERELEASE = (0, '', '')
_COLLATED = {}
_SUFFIX_KEYS = {}


def num(digits):
    """A decimal number of any length as an int (``int()`` alone refuses more than 4,300 digits)."""
    if len(digits) <= 4000:
        return int(digits)
    value = 0
    for start in range(0, len(digits), 4000):
        chunk = digits[start:start + 4000]
        value = value * 10 ** len(chunk) + int(chunk)
    return value


def identifier(text):
    """A SemVer prerelease identifier's key: numeric ones numerically and below alphanumeric ones."""
    if text.isdigit():  # only ASCII reaches here: the regular expressions admit [0-9a-zA-Z-]
        return (0, num(text))
    return (1, text)


def parse_semver(name):
    """``(release, prerelease)`` of a full SemVer version (build metadata dropped), or None."""
    match = SEMVER_RE.match(name)
    if not match:
        return None
    pre = match.group(4)
    return ((num(match.group(1)), num(match.group(2)), num(match.group(3))),
            tuple(identifier(i) for i in pre.split('.')) if pre else ())


def semver_key(name):
    """A sort key giving SemVer 2.0.0 precedence, or None when ``name`` is not a full version.

    Partial versions such as ``1.2`` are not versions. A release sorts above its prereleases; a
    longer identifier list wins when all shared identifiers are equal.
    """
    parsed = parse_semver(name)
    return None if parsed is None else semver_order(parsed)


def semver_order(parsed):
    release, pre = parsed
    return release + ((0, pre) if pre else (1, ()),)


def is_prerelease(name):
    parsed = parse_semver(name)
    return parsed is not None and bool(parsed[1])


def parse_docker(name):
    """A :class:`DockerVersion` the way Renovate's ``docker`` versioning reads a tag, or None.

    A tag that looks like a commit hash is not a version; ``1.2.3-rc1`` is release 1.2.3 with the
    suffix ``rc1`` (a hyphen never starts a prerelease); ``3.7.0b1`` has the prerelease ``b1``.
    """
    match = DOCKER_RE.match(name)
    if not match:
        return None
    release, prerelease, suffix = match.groups()
    # A hash has no dot or hyphen, so it matches as digits and a "prerelease": only then is it worth checking.
    if prerelease and suffix is None and COMMIT_HASH_RE.match(name):
        return None
    # int() directly while it can (the common case: this runs once per tag of a listing).
    parts = release.split('.')
    return _new_docker(DockerVersion, (tuple(map(int if len(release) <= 4000 else num, parts)), prerelease, suffix or ''))


def docker_key(version):
    """Renovate's order: release parts pairwise (the shorter wins on a prefix), a prerelease below none, then
    suffixes reversed (no suffix highest); prereleases and suffixes compare as Renovate's localeCompare does."""
    # One flat tuple (two tuples compare fastest when flat): the release parts, then at the same place in both keys
    # when the releases are equal, the prerelease and the suffix. Types line up wherever a comparison can land.
    suffix = version.suffix
    return version.release + (_INF,) + ((0,) + collation_key(version.prerelease) if version.prerelease else _NO_PRERELEASE) + \
        ((_suffix_key(suffix) if suffix else _NO_SUFFIX),)


def collation_key(text):
    """``(primary, case)``: comparing these is JavaScript's ``localeCompare`` (ICU, root/en) of printable ASCII texts:
    the primary order first, the case only on a tie."""
    # Memoized and bounded, like the suffixes: a listing repeats a few prereleases (rc1, beta2) over many tags.
    key = _COLLATED.get(text)
    if key is None:
        key = (text.translate(_PRIMARY), text.translate(_CASE))
        if len(_COLLATED) < 4096:
            _COLLATED[text] = key
    return key


def _suffix_key(suffix):
    # Memoized: a listing has a handful of suffixes (-alpine, -slim) over thousands of tags; bounded all the same.
    key = _SUFFIX_KEYS.get(suffix)
    if key is None:
        key = suffix.translate(_PRIMARY_REVERSED) + '\u1001' + suffix.translate(_CASE_REVERSED) + '2'
        if len(_SUFFIX_KEYS) < 1024:
            _SUFFIX_KEYS[suffix] = key
    return key


def docker_comparable(version):
    """Under ranges a Docker-style version is its release and its prerelease; its suffix is not a prerelease."""
    return version.release, ((1,) + collation_key(version.prerelease)) if version.prerelease else ()


def docker_range_prerelease(text):
    """A range's prerelease (``>=7.4.0-RC1``) keyed like :func:`docker_comparable`'s; ``0`` is the lowest."""
    return LOWEST_PRERELEASE if text == '0' else (1,) + collation_key(text)


def same_release(version, current):
    """Renovate's test for a prerelease it may move to from the prerelease ``current``: the same major, minor and
    patch (its getMajor, getMinor, getPatch: the first three release parts)."""
    return version.release[:3] == current.release[:3]


def is_compatible(version, current):
    """Renovate's ``isCompatible``: the same suffix and the same number of release parts."""
    return version.suffix == current.suffix and len(version.release) == len(current.release)


def digest_tag(name):
    """``(hex, suffix)`` of a cosign-style digest tag (``sha256-<hex>.sig``), or None."""
    match = DIGEST_TAG_RE.match(name)
    return match.groups() if match else None

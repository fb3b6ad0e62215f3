# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Names: the rules for registry, image and tag names and for references, and the grammar of the lookups' terms
(``REGISTRY/IMAGE``, ``REGISTRY/PATTERN``, ``REGISTRY/IMAGE:TAG``), all checked before any request; the same rules
refuse a name the server answers with. Internal use only: not a public API.
"""

import fnmatch
import re

from ansible_collections.ncloud.ncr.plugins.module_utils._digests import is_digest
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError, option_error

# \Z, not $: $ also matches before a trailing newline, which would let "web\n" through.
REGISTRY_RE = re.compile(r'^[a-z][a-z0-9-]{1,28}[a-z0-9]\Z')
IMAGE_RE = re.compile(r'^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*\Z')
TAG_RE = re.compile(r'^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}\Z')
IMAGE_RULE = '1-255 lower-case letters and digits, separated by ".", "_", "__" or "-" runs, with "/" between path components'
REGISTRY_RULE = '3-30 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen'
# How much of a name the server answered with a message shows.
SHOWN = 40
_GLOB_CHARS = '*?['


def validate_registry(registry, option='registry'):
    if not isinstance(registry, str) or not REGISTRY_RE.match(registry):
        raise option_error(option, '%r is not a valid registry name: 3-30 characters, lower-case letters, digits and '
                                   'hyphens, starting with a letter and not ending with a hyphen' % (registry,))


def validate_image(image, option='image'):
    if not isinstance(image, str) or not 1 <= len(image) <= 255 or not IMAGE_RE.match(image):
        raise option_error(option, '%r is not a valid image name: 1-255 characters of lower-case letters and digits, '
                                   'separated by ".", "_", "__" or "-" runs, with "/" between path components' % (image,))


def validate_names(registry, image):
    validate_registry(registry)
    validate_image(image)


def validate_tag_name(option, name):
    if not isinstance(name, str) or not TAG_RE.match(name):
        raise option_error(option, '%r is not a valid tag name: up to 128 letters, digits, "_", "." and "-", '
                                   'not starting with "." or "-"' % (name,))


def answered_name(item, what, pattern=IMAGE_RE, rule=IMAGE_RULE):
    """The item's name when ``pattern`` (the rule user input is checked by) accepts it; else the answer is refused."""
    name = item.get('name')
    if name.__class__ is str and 1 <= len(name) <= 255 and pattern.match(name):
        return name
    shown = repr(name[:SHOWN]) + ('... (%d characters)' % len(name) if len(name) > SHOWN else '') \
        if isinstance(name, str) else repr(type(name).__name__)
    raise NcrError('The server answered with %s name that is not valid (%s): %s. The answer is refused as a whole '
                   'rather than returned without that item.' % (what, rule, shown))


def check_reference(reference, option='reference'):
    """A tag, or a digest ``<algorithm>:<hex>`` (checked by _digests.is_digest)."""
    if isinstance(reference, str) and (TAG_RE.match(reference) or is_digest(reference)):
        return reference
    shown = repr(reference)[:80]
    if isinstance(reference, str) and ':' in reference:
        raise option_error(option, '%s is not a digest: sha256: and 64 lower-case hex digits (or sha512: and 128)' % shown)
    raise option_error(option, '%s is neither a tag (up to 128 letters, digits, "_", "." and "-", not starting with "." '
                               'or "-") nor a digest (sha256:<64 hex>)' % shown)


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


def parse_registry_term(term):
    """``(registry, pattern or None)`` from ``REGISTRY`` or ``REGISTRY/PATTERN`` (a plain image name is a pattern
    matching that image only)."""
    if isinstance(term, str) and term and '/' not in term:
        try:
            validate_registry(term)
        except NcrError as exc:
            raise exc.retold('term %r: %s' % (term, exc.message)) from exc
        return term, None
    registry, image, pattern = parse_term(term)
    return registry, pattern if pattern is not None else image


def parse_reference_term(term):
    """``(registry, image, reference)`` from ``REGISTRY/IMAGE:TAG`` or ``REGISTRY/IMAGE@<algorithm>:<hex>``, checked
    before any request."""
    usage = 'must be REGISTRY/IMAGE:TAG or REGISTRY/IMAGE@sha256:<hex>, such as my-registry/team/app:1.4.2'
    if not isinstance(term, str) or not term.strip():
        raise NcrError('term %r: is empty; %s' % (term, usage), option='_terms')
    registry, sep, rest = term.partition('/')
    if not sep or not rest:
        raise NcrError('term %r: %s; it has no %s part' % (term, usage, 'image' if sep else 'registry'), option='_terms')
    if '@' in rest:
        image, dummy, reference = rest.partition('@')
    elif ':' in rest.rpartition('/')[2]:
        image, dummy, reference = rest.rpartition(':')
    else:
        raise NcrError('term %r: %s; it names no tag or digest (a pin is never of an implied "latest")' % (term, usage),
                       option='_terms')
    try:
        validate_names(registry, image)
        check_reference(reference)
    except NcrError as exc:
        raise exc.retold('term %r: %s' % (term, exc.message)) from exc
    return registry, image, reference


def matching(pattern, names):
    """The names matching ``pattern`` (fnmatch, case-sensitive; ``*`` also crosses ``/``), sorted."""
    return sorted(name for name in names if fnmatch.fnmatchcase(name, pattern))

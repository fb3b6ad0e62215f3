# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Content digests (``<algorithm>:<hex>``): the one check every digest from a server or a user passes before it
names anything, and the digest of bytes read. Internal use only: not a public API.

A digest ends up in pinned references (``host/image@digest``) and in cosign tag names (``sha256-<hex>.sig``): text
that is not exactly a known algorithm and the hex of its length must never get there.
"""

import hashlib
import re

# The algorithms the OCI image spec registers, with the length of their hex.
HEX_LENGTHS = {'sha256': 64, 'sha512': 128}
DIGEST_RE = re.compile(r'(sha256):([0-9a-f]{64})\Z|(sha512):([0-9a-f]{128})\Z')


def is_digest(value):
    """Whether ``value`` is a digest of a known algorithm with the hex of the right length (lower case)."""
    return value.__class__ is str and DIGEST_RE.match(value) is not None


def sha256_digest(data):
    """The digest of ``data`` (bytes) as a registry names it."""
    return 'sha256:' + hashlib.sha256(data).hexdigest()


def matches(digest, data):
    """Whether ``data`` is the content ``digest`` names (either known algorithm)."""
    algorithm, dummy, hexpart = digest.partition(':')
    return hashlib.new(algorithm, data).hexdigest() == hexpart


def signature_tag(digest):
    """cosign's tag for the signature of ``digest``: ``sha256-<hex>.sig``."""
    algorithm, dummy, hexpart = digest.partition(':')
    return '%s-%s.sig' % (algorithm, hexpart)

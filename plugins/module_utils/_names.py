# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The rules for registry, image and tag names, checked before any request. Internal use only: not a public API."""

import re

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import option_error

# \Z, not $: $ also matches before a trailing newline, which would let "web\n" through.
REGISTRY_RE = re.compile(r'^[a-z][a-z0-9-]{1,28}[a-z0-9]\Z')
IMAGE_RE = re.compile(r'^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*\Z')
TAG_RE = re.compile(r'^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}\Z')


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

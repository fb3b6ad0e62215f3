# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The API's image objects (of a registry's listing and of the image-detail call) as the facts returned.

Internal use only: not a public API.
"""

import re

from ansible_collections.ncloud.ncr.plugins.module_utils._names import answered_name
from ansible_collections.ncloud.ncr.plugins.module_utils._times import iso_times

_CAMEL_RE = re.compile(r'(?<=[a-z0-9])([A-Z])')


def snake(key):
    """An API key in snake_case (``pullCount``: ``pull_count``); the API's image and registry objects mix both."""
    return _CAMEL_RE.sub(lambda m: '_' + m.group(1), key).lower() if isinstance(key, str) else key


def normalize_image(item):
    """An image of the listing or the image-detail call: snake_case keys, ``last_updated`` as ISO 8601 UTC."""
    answered_name(item, 'an image')
    out = dict((snake(k), v) for k, v in item.items())
    unreadable = []
    iso_times(out, ('last_updated',), unreadable)
    if unreadable:
        out['unreadable'] = unreadable
    return out

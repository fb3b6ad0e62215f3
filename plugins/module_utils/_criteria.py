# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The selection options tags and images share: name patterns, time bounds, platform, counts.

Internal use only: not a public API.
"""

import re

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import option_error
from ansible_collections.ncloud.ncr.plugins.module_utils._patterns import Patterns
from ansible_collections.ncloud.ncr.plugins.module_utils._times import iso, parse_iso, parse_time_bound

PLATFORM_RE = re.compile(r'^([a-z0-9]+)/([a-z0-9_]+)(?:/([a-z0-9]+))?\Z')
ORDERS = ('desc', 'asc')


def parse_platform(value):
    if value is None or value == '':
        return None
    match = PLATFORM_RE.match(str(value).strip())
    if not match:
        raise option_error('platform', '%r is not os/arch or os/arch/variant (linux/amd64, linux/arm64/v8)' % (value,))
    return match.groups()


def count(options, name):
    """A count option (``skip``, ``limit``): 0 when unset."""
    value = options.get(name) or 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise option_error(name, 'must be 0 or a positive integer, got %r' % (value,))
    return value


def existence(wanted, present_names):
    """``found`` and ``missing`` of a result: which of the names asked for (``wanted``, in order) are not present."""
    present = set(present_names)
    missing = [name for name in wanted if name not in present]
    return {'found': not missing, 'missing': missing}


def choice(options, name, choices, default):
    value = options.get(name) or default
    if value not in choices:
        raise option_error(name, 'must be one of %s, got %r' % (', '.join(choices), value))
    return value


class NameAndTime:
    """``include`` / ``exclude`` patterns over a name and ``newer_than`` / ``older_than`` over ``last_updated``."""

    def __init__(self, options, now):
        self.patterns = Patterns(options)
        self.newer_than = parse_time_bound('newer_than', options.get('newer_than'), now)
        self.older_than = parse_time_bound('older_than', options.get('older_than'), now)
        if self.newer_than and self.older_than and self.newer_than >= self.older_than:
            raise option_error('newer_than', 'and older_than select nothing: newer_than resolves to %s, which is not before '
                                             'older_than (%s)' % (iso(self.newer_than), iso(self.older_than)))
        self.active = bool(self.patterns.active or self.newer_than or self.older_than)

    def named(self, items):
        """The names of ``items`` the patterns keep, for :meth:`keeps` (None when there are no patterns): matched all
        at once, within the task's timeout (_patterns.py)."""
        return self.patterns.kept([item['name'] for item in items]) if self.patterns.active else None

    def keeps(self, item, named=None):
        if named is not None and item['name'] not in named:
            return False
        if self.newer_than or self.older_than:
            updated = parse_iso(item['last_updated']) if item.get('last_updated') else None
            if updated is None or (self.newer_than and updated <= self.newer_than) or \
                    (self.older_than and updated >= self.older_than):
                return False
        return True

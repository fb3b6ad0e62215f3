# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Times: the API's times read and returned as ISO 8601 UTC, and the time bounds the selection options give.

Internal use only: not a public API.
"""

import datetime
import re
import time

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import option_error

DURATION_RE = re.compile(r'^\s*([0-9]+)\s*([smhdw])\s*\Z')  # [0-9]: \d would take any script's digits
DURATION_UNITS = {'s': 1, 'm': 60, 'h': 3600, 'd': 86400, 'w': 604800}
# Epoch milliseconds of 0001-01-01 and 10000-01-01: the times datetime (and so the time filters) can hold.
_MS_MIN = -62135596800000
_MS_MAX = 253402300800000
# Epoch milliseconds -> text. A tag repeats its instants (created == updated == last_updated); kept small, as most
# tags of a listing have times of their own and a memo of them all cost megabytes in a big listing.
_ISO_MEMO = {}


def iso_utc(value):
    """An API time (epoch milliseconds as number or string, or ISO 8601) as ``YYYY-MM-DDTHH:MM:SSZ``.

    ``0``, empty and absent mean "never" and give None; so does anything unreadable or outside the years
    1 to 9999, rather than failing a whole listing over one odd field (:func:`iso_times` tells them apart).
    """
    if value.__class__ is int and 0 < value < _MS_MAX:
        # The API's usual form, millions of times in a big listing: skip the checks below.
        text = _ISO_MEMO.get(value)
        if text is None:
            if len(_ISO_MEMO) > 1024:
                _ISO_MEMO.clear()
            text = _ISO_MEMO[value] = _iso_from_seconds(value // 1000)
        return text
    if value is None or isinstance(value, bool) or value in ('', 0, '0'):
        return None
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().lstrip('-').isdigit()
                                           and value.isascii()):
        try:
            millis = int(value)
        except (OverflowError, ValueError):  # inf, nan, more digits than int() takes
            return None
        return _iso_from_seconds(millis // 1000) if _MS_MIN <= millis < _MS_MAX else None
    if isinstance(value, str):
        when = parse_iso(value)
        if when is not None:
            try:
                return '%04d-%02d-%02dT%02d:%02d:%02dZ' % when.astimezone(datetime.timezone.utc).timetuple()[:6]
            except (OverflowError, ValueError):  # an offset that moves it out of the years 1 to 9999
                return None
    return None


def _iso_from_seconds(seconds):
    # gmtime plus %-formatting is several times cheaper than datetime.strftime.
    return '%04d-%02d-%02dT%02d:%02d:%02dZ' % time.gmtime(seconds)[:6]


def iso_times(out, keys, unreadable, prefix=''):
    """The time fields ``keys`` of ``out`` as ISO 8601 UTC. One that cannot be read becomes None and is named in
    ``unreadable`` (with ``prefix``); 0, '0', '' and None mean "never" and are not unreadable."""
    for key in keys:
        if key in out:
            value = out[key]
            text = _ISO_MEMO.get(value) if value.__class__ is int else None
            if text is None:
                text = iso_utc(value)
                if text is None and value and value != '0':
                    unreadable.append(prefix + key)
            out[key] = text


def parse_iso(text):
    """An aware datetime from ISO 8601 text (``Z`` or an offset; naive means UTC), or None."""
    text = text.strip()
    if text.endswith(('Z', 'z')):
        text = text[:-1] + '+00:00'
    try:
        when = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return when


def iso(when):
    """An aware datetime as ISO 8601 UTC text, for messages."""
    return when.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


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
    except (OverflowError, ValueError) as exc:
        # OverflowError: before year 1 or after 9999; ValueError: more digits than int() accepts.
        raise option_error(option, '%r reaches outside the dates Python can represent (years 1 to 9999)' % (text,)) from exc

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turn the API's tag objects into the facts the module and lookup return. Internal use only."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import time

TAG_TIME_FIELDS = ('last_updated',)
IMAGE_TIME_FIELDS = ('created', 'updated', 'latest_pulled')
RENAMED = {'mediaType': 'media_type'}


def iso_utc(value):
    """An API time (epoch milliseconds as number or string, or ISO 8601) as ``YYYY-MM-DDTHH:MM:SSZ``.

    ``0``, empty and absent mean "never" and give None; so does anything unreadable, rather than
    failing a whole listing over one odd field.
    """
    if value.__class__ is int and value > 0:
        # The API's usual form, millions of times in a big listing: skip the checks below.
        return _iso_from_seconds(value // 1000)
    if value is None or isinstance(value, bool) or value in ('', 0, '0'):
        return None
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().lstrip('-').isdigit()):
        try:
            return _iso_from_seconds(int(value) // 1000)
        except (OverflowError, ValueError, OSError):
            return None
    if isinstance(value, str):
        when = parse_iso(value)
        if when is not None:
            return when.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    return None


_ISO_MEMO = {}


def _iso_from_seconds(seconds):
    # A listing repeats the same few instants (created == updated == last_updated), and
    # gmtime plus %-formatting is several times cheaper than datetime.strftime.
    text = _ISO_MEMO.get(seconds)
    if text is None:
        if len(_ISO_MEMO) > 65536:
            _ISO_MEMO.clear()
        text = _ISO_MEMO[seconds] = '%04d-%02d-%02dT%02d:%02d:%02dZ' % time.gmtime(seconds)[:6]
    return text


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


def platform_of(image):
    parts = [image.get('os'), image.get('architecture'), image.get('variant')]
    return '/'.join(str(p) for p in parts if p)


def normalize_image(image):
    out = dict(image)
    for key in IMAGE_TIME_FIELDS:
        if key in out:
            out[key] = iso_utc(out[key])
    _rename(out)
    out['platform'] = platform_of(image)
    return out


def normalize_tag(tag):
    out = dict(tag)
    images = out.get('images')
    out['images'] = [normalize_image(i) for i in images if isinstance(i, dict)] if isinstance(images, list) else []
    for key in TAG_TIME_FIELDS:
        if key in out:
            out[key] = iso_utc(out[key])
    _rename(out)
    out['platforms'] = [i['platform'] for i in out['images'] if i['platform']]
    return out


def _rename(out):
    for old, new in RENAMED.items():
        if old in out:
            out[new] = out.pop(old)

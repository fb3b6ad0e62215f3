# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


class ModuleDocFragment:

    # Image selection options shared by the ncr_image_info module and the ncr_images lookup. include, exclude,
    # newer_than and older_than mean for images what they mean for tags (selection.py), told in their own words.
    DOCUMENTATION = r'''
options:
  include:
    description:
      - Regular expressions (Python syntax), each matched against the whole image name (C(team/app), without the
        registry), as if anchored with C(^...$). An image is kept when it matches any of them; all images when empty.
      - A list of patterns, or one pattern as a string. A string is never split at commas.
      - Patterns are never refused for being slow; instead their matching may take at most O(timeout) seconds in all,
        for the whole task. A pattern that backtracks without end on some name (nested repeats such as (a+)+,
        overlapping alternatives such as (a|aa)+) is stopped there, and the task fails with a message naming this
        option and the pattern.
    type: raw
    default: []
  exclude:
    description:
      - Regular expressions matched against the whole image name; an image matching any of them is dropped.
      - A list of patterns, or one pattern as a string (never split at commas).
      - Shares O(include)'s time limit; a pattern stopped there is named with this option.
    type: raw
    default: []
  newer_than:
    description:
      - Keep images whose C(last_updated) (the last push to any of its tags) is later than this, given as a duration
        before now (V(90m), V(12h), V(30d), V(2w); units s, m, h, d, w) or an ISO 8601 date or date/time
        (V(2024-05-01), V(2024-05-01T12:00:00Z); no zone means UTC).
    type: str
  older_than:
    description:
      - Keep images whose C(last_updated) is earlier than this; same forms as O(newer_than). V(90d) gives the images
        not pushed for 90 days.
      - Images with no C(last_updated) are dropped by O(newer_than) and O(older_than) alike.
    type: str
  sort:
    description:
      - V(name) sorts by image name, V(updated) by C(last_updated), V(pull_count) by C(pull_count); ties by name.
    type: str
    choices: [name, updated, pull_count]
    default: name
  order:
    description:
      - V(asc) or V(desc). When not set, V(asc) for O(sort=name) and V(desc) (newest, most pulled first) otherwise.
    type: str
    choices: [desc, asc]
  limit:
    description:
      - Return at most this many images, after sorting. V(0) returns all.
    type: int
    default: 0
'''

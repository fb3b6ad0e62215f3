# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Image selection: names, patterns, time bounds, sort and limit over normalized images (see _images.py).

Internal use only: not a public API.
"""

import datetime

from ansible_collections.ncloud.ncr.plugins.module_utils._criteria import ORDERS, NameAndTime, choice, count, existence
from ansible_collections.ncloud.ncr.plugins.module_utils._names import validate_image

IMAGE_SORTS = ('name', 'updated', 'pull_count')


class ImageSelection:
    """Validated image selection options; :meth:`apply` runs them over normalized images."""

    def __init__(self, options, now=None):
        now = now or datetime.datetime.now(datetime.timezone.utc)
        self.names_and_times = NameAndTime(options, now)
        self.sort = choice(options, 'sort', IMAGE_SORTS, 'name')
        self.order = choice(options, 'order', ORDERS, 'asc' if self.sort == 'name' else 'desc')
        self.limit = count(options, 'limit')
        names = options.get('name') or []
        if isinstance(names, str):
            names = [names]
        for name in names:
            validate_image(name, 'name')
        # Unique, in the order given: each is one image-detail request.
        self.names = list(dict.fromkeys(names))

    def sort_key(self, image):
        if self.sort == 'updated':
            return (image.get('last_updated') or '', image['name'])
        if self.sort == 'pull_count':
            count = image.get('pull_count')
            return (count if isinstance(count, int) and not isinstance(count, bool) else -1, image['name'])
        return (image['name'],)

    def apply(self, images):
        named = self.names_and_times.named(images)
        kept = sorted((i for i in images if self.names_and_times.keeps(i, named)), key=self.sort_key,
                      reverse=self.order == 'desc')
        return kept[:self.limit] if self.limit else kept

    def existence(self, present_names):
        return existence(self.names, present_names)

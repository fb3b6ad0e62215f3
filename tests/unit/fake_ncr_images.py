# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""fake_ncr.FakeNcr with the registry list, full image items and image details, for the image and registry tests."""

from urllib.parse import parse_qsl, unquote, urlsplit

from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import (  # pylint: disable=unused-import
    PREFIX, FakeNcr, current_registry, image_detail, image_item, old_registry, response)

DAY_MS = 86400000
NOW_MS = 1735689600000  # 2025-01-01T00:00:00Z


class FakeImages(FakeNcr):
    """``meta[registry][image]`` holds the image item fields; ``registries_answer`` (a callable of the query) answers
    GET /repositories, paged over ``registries`` by default."""

    def __init__(self, *args, **kwargs):
        FakeNcr.__init__(self, *args, **kwargs)
        self.meta = {}
        self.registries = []
        self.registries_answer = None

    def add_full_image(self, registry, name, updated_ms, pull_count=0, tags=()):
        self.add_image(registry, name, tags)
        self.meta.setdefault(registry, {})[name] = image_item(registry, name, updated_ms, pull_count)

    def handle(self, prepared):
        faulted = bool(self.faults)
        answer = FakeNcr.handle(self, prepared)
        if faulted or answer.status_code != 200 and not (answer.status_code == 404 and prepared.path_url.split('?')[0] == PREFIX + '/repositories'):
            return answer
        parts = urlsplit(prepared.url)
        segments = [unquote(s) for s in parts.path[len(PREFIX) + 1:].split('/')]
        query = dict(parse_qsl(parts.query))
        if segments == ['repositories']:
            if self.registries_answer is not None:
                return response(200, self.registries_answer(query), request=prepared)
            return self.page(prepared, self.registries, query)
        meta = self.meta.get(segments[1], {})
        if len(segments) == 2:
            return self.page(prepared, [meta.get(n, {'name': n}) for n in self.data[segments[1]]], query)
        if len(segments) == 3 and segments[2] in meta:
            return response(200, image_detail(meta[segments[2]]), request=prepared)
        return answer

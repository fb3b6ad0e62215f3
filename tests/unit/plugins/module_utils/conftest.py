# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures the core's unit tests share."""

import pytest

from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import make_tag
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr_images import DAY_MS, NOW_MS, FakeImages, current_registry
from ansible_collections.ncloud.ncr.tests.unit.fake_registry import FakeRegistry


@pytest.fixture
def ncr():
    """A fake NCR of three registries, five images in ``reg`` (listed two a page), each with tags of its own; a test
    file's own ``ncr`` fixture takes its place there."""
    fake = FakeImages(max_page_size=2)
    specs = (('web', 1, 50), ('api', 200, 900), ('team/backend', 100, 10), ('team/tools/linter', 10, 0), ('empty', 300, 0))
    for index, (name, days, pulls) in enumerate(specs):
        fake.add_full_image('reg', name, NOW_MS - days * DAY_MS, pulls,
                            tags=[make_tag('t%d' % i, NOW_MS - i * DAY_MS, index=i + 10 * index) for i in range(index + 1)])
    fake.registries = [current_registry('reg'), current_registry('other-reg'), current_registry('third-reg')]
    return fake


@pytest.fixture
def fake():
    """A fake registry holding team/app: the signed two-platform index 1.4.2 and the single image ``single``."""
    registry = FakeRegistry()
    registry.index = registry.put_index('team/app', '1.4.2', [('linux', 'amd64', None), ('linux', 'arm64', 'v8')],
                                        labels={'org.opencontainers.image.version': '1.4.2'})
    registry.single, dummy = registry.put_image('team/app', tag='single', platform=('linux', 'arm', 'v7'),
                                                labels={'org.opencontainers.image.revision': 'abc'})
    registry.sign('team/app', registry.index)
    return registry

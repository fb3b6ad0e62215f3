# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue 22.10: what a listing and a pattern keep is bounded. Padding a server adds to its tags is dropped as the
page is read, the pages of one listing may not come to more than 16 MiB and 16 KiB per item, and the images of one
pattern term keep at most max_tags tags together. The fault matrix measures the module's memory against a server."""

import time

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils import _pagination
from ansible_collections.ncloud.ncr.plugins.module_utils._api import image_tags, images_tags, registry_info
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.plugins.module_utils._tags import TAG_FIELDS, normalize_tag
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import FakeNcr, client_for, make_tag, response

MIB = 1024 * 1024


def padded(tag, size):
    return dict(tag, junk=' ' * size)


def test_fields_the_api_does_not_have_are_dropped_as_the_page_is_read():
    tag = dict(make_tag('v1', platforms=('linux/amd64', 'linux/arm64')), junk='x' * 1000, signed=True, unreadable=['x'],
               aliases=['forged'])
    tag['images'][0]['junk'] = 'y' * 1000
    out = normalize_tag(tag)
    assert set(out) <= set(TAG_FIELDS)
    assert 'junk' not in out and 'signed' not in out and 'aliases' not in out and 'unreadable' not in out
    assert 'junk' not in out['images'][0]
    assert out['images'][0]['media_type'] == 'application/vnd.docker.container.image.v1+json'
    # What the API does have is all there.
    assert set(out) == {'name', 'digest', 'full_size', 'id', 'image_id', 'creator', 'last_updated', 'last_updater',
                        'repository', 'v2', 'images', 'platforms'}


def junk_pages(count, size, per_page=1):
    """Pages of ``per_page`` tags each, the first tag of each page padded with ``size`` bytes."""
    def page(prepared):
        number = int(prepared.url.split('page=')[1].split('&')[0])
        tags = [make_tag('t%d' % n, index=n) for n in range((number - 1) * per_page, min(count, number * per_page))]
        tags[0] = padded(tags[0], size)
        return response(200, {'count': count, 'next': number + 1 if number * per_page < count else None, 'results': tags},
                        request=prepared)
    return page


@pytest.mark.parametrize('concurrency', [1, 4])
def test_a_listing_of_padded_pages_stops_at_its_byte_bound(concurrency):
    fake = FakeNcr()
    fake.add_image('my-registry', 'app', [])
    fake.faults = [junk_pages(100000, 6 * MIB)] * 100
    client, dummy = client_for(fake, retries=0, concurrency=concurrency, page_size=1)
    with pytest.raises(NcrError) as err:
        image_tags(client, Selection({}), 'my-registry', 'app')
    message = str(err.value)
    assert message.startswith('Listing tags of my-registry/app stopped at page '), message
    assert 'more than the bound on what a listing may read (16 MiB, and 16 KiB per item); nothing more was fetched' in message
    # Page 3 of 6 MiB is the first past the bound; pages in flight beside it at most.
    assert len(fake.requests) <= 3 + concurrency


def test_a_listing_within_its_byte_bound_is_read():
    fake = FakeNcr()
    fake.add_image('my-registry', 'app', [])
    # 40 tags of 12 KiB of padding each, 480 KiB in all: within 16 MiB whatever their number.
    fake.faults = [junk_pages(40, 12 * 1024, per_page=10)] * 4
    client, dummy = client_for(fake, retries=0, concurrency=1, page_size=10)
    assert image_tags(client, Selection({}), 'my-registry', 'app')['total'] == 40


def test_the_bound_grows_with_the_items(monkeypatch):
    monkeypatch.setattr(_pagination, 'MAX_BODY', 64 * 1024)
    fake = FakeNcr()
    fake.add_image('my-registry', 'app', [])
    # 8 KiB per tag over 100 tags: within 64 KiB + 16 KiB per item at every page.
    fake.faults = [junk_pages(100, 8 * 1024, per_page=1)] * 100
    client, dummy = client_for(fake, retries=0, concurrency=1, page_size=1)
    assert image_tags(client, Selection({}), 'my-registry', 'app')['total'] == 100
    # 40 KiB per tag: past it at the third page.
    fake.faults = [junk_pages(100, 40 * 1024, per_page=1)] * 100
    fake.requests = []
    with pytest.raises(NcrError, match='stopped at page 3: its pages came to 0.1 MiB for 3 items'):
        image_tags(client, Selection({}), 'my-registry', 'app')


def test_the_registry_listing_counts_its_first_page_too(monkeypatch):
    monkeypatch.setattr(_pagination, 'MAX_BODY', 64 * 1024)
    fake = FakeNcr()
    registry = {'name': 'my-registry', 'junk': ' ' * (100 * 1024)}
    fake.faults = [lambda prepared: response(200, {'count': 1, 'next': None, 'results': [registry]}, request=prepared)]
    client, dummy = client_for(fake, retries=0)
    with pytest.raises(NcrError, match='^Listing registries stopped at page 1: its pages came to 0.1 MiB for 1 items'):
        registry_info(client)


def test_a_pattern_keeps_at_most_max_tags_over_all_its_images():
    fake = FakeNcr()
    images = ['app%d' % n for n in range(10)]
    for image in images:
        fake.add_image('my-registry', image, [make_tag('v%d' % n, index=n) for n in range(30)])
    handle = fake.handle

    def slow(prepared):
        time.sleep(0.05)
        return handle(prepared)
    fake.handle = slow
    client, dummy = client_for(fake, retries=0, concurrency=2, max_tags=100)
    with pytest.raises(NcrError) as err:
        images_tags(client, Selection({}), 'my-registry', images)
    assert err.value.option == 'max_tags'
    message = str(err.value)
    assert message.startswith('The images of my-registry matching the term keep 1'), message
    assert 'more than max_tags=100 allows for one term; nothing more was fetched' in message
    # Images not started when it failed are never listed.
    assert len(fake.requests) < 10


def test_a_pattern_within_max_tags_is_listed():
    fake = FakeNcr()
    images = ['app%d' % n for n in range(10)]
    for image in images:
        fake.add_image('my-registry', image, [make_tag('v%d' % n, index=n) for n in range(30)])
    client, dummy = client_for(fake, retries=0, concurrency=2, max_tags=100)
    # limit keeps one tag per image: 10 in all, though 300 were listed.
    answers = images_tags(client, Selection({'limit': 1}), 'my-registry', images)
    assert [len(result['tags']) for image, result in answers] == [1] * 10

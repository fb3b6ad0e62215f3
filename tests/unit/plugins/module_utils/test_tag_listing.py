# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import threading
import time

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils import _api
from ansible_collections.ncloud.ncr.plugins.module_utils._api import images_tags
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import FakeNcr, client_for, make_tag, response
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr_images import NOW_MS


def test_images_tags_of_a_pattern_one_listing_per_image(ncr):
    client, dummy = client_for(ncr, page_size=100)
    names = _api.pattern_images(client, 'reg', 'team/*')
    assert names == ['team/backend', 'team/tools/linter']
    answers = _api.images_tags(client, Selection({}), 'reg', names)
    assert [(image, result['count']) for image, result in answers] == [('team/backend', 3), ('team/tools/linter', 4)]
    # The registry listed once; each image listed once (pages of 2: 2 pages each), nothing else.
    assert len([r for r in ncr.requests if r.startswith('/ncr/api/v2/repositories/reg?page=1&')]) == 1
    tag_requests = sorted(r for r in ncr.requests if '/tags?' in r)
    assert tag_requests == ['/ncr/api/v2/repositories/reg/%s/tags?page=%d&pagesize=100' % (image, page)
                            for image in ('team%2Fbackend', 'team%2Ftools%2Flinter') for page in (1, 2)]
    assert len(ncr.requests) == 3 + len(tag_requests)


def test_images_tags_404_for_one_image_is_its_result(ncr):
    client, dummy = client_for(ncr)
    del ncr.data['reg']['api']
    answers = dict(_api.images_tags(client, Selection({}), 'reg', ['api', 'web']))
    assert isinstance(answers['api'], NcrError) and answers['api'].status == 404
    assert "Image 'api' does not exist" in str(answers['api'])
    assert answers['web']['count'] == 1


def test_images_tags_other_failure_fails_the_whole_call(ncr):
    client, dummy = client_for(ncr, retries=0)
    ncr.faults = [lambda prepared: response(500, {'error': {'errorCode': '900', 'message': 'boom'}}, request=prepared)]
    with pytest.raises(NcrError, match='HTTP 500'):
        _api.images_tags(client, Selection({}), 'reg', ['api', 'web', 'empty', 'team/backend'])


def test_images_side_by_side_keep_within_concurrency(ncr):
    """At most `concurrency` requests in flight in all, however many images and pages."""
    for index in range(12):
        ncr.add_full_image('reg', 'many-%02d' % index, NOW_MS, tags=[make_tag('t%d' % i, NOW_MS, index=i) for i in range(7)])
    lock, state = threading.Lock(), {'now': 0, 'peak': 0}
    original = ncr.page

    def slow(prepared, items, query):
        with lock:
            state['now'] += 1
            state['peak'] = max(state['peak'], state['now'])
        time.sleep(0.01)
        with lock:
            state['now'] -= 1
        return original(prepared, items, query)
    ncr.page = slow
    client, dummy = client_for(ncr, concurrency=4, page_size=2)
    names = _api.pattern_images(client, 'reg', 'many-*')
    answers = _api.images_tags(client, Selection({}), 'reg', names)
    assert len(answers) == 12 and all(result['count'] == 7 for _image, result in answers)
    assert 2 <= state['peak'] <= 4


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

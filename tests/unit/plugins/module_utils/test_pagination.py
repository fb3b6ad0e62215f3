# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import threading
import time

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils import _pagination
from ansible_collections.ncloud.ncr.plugins.module_utils._api import image_tags, registry_info
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.plugins.module_utils._transport import Client
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import FakeNcr, FakeSession, client_for, make_tag, response


def listing(ncr, image='big', **options):
    client, _sleeps = client_for(ncr, **options)
    return image_tags(client, Selection({'sort': 'none'}), 'my-registry', image)


def intercept(ncr, handler):
    """Send every request through ``handler(req, original)``; it may answer itself or call ``original(req)``."""
    original = ncr.handle
    ncr.handle = lambda req: handler(req, original)


def big(count, **kwargs):
    ncr = FakeNcr(**kwargs)
    ncr.add_image('my-registry', 'big', [make_tag('t%04d' % i, index=i) for i in range(count)])
    return ncr


def page_of(path_url):
    return int(path_url.split('page=')[1].split('&')[0])


def pages_asked(ncr):
    return sorted(page_of(r) for r in ncr.requests)


@pytest.mark.parametrize('concurrency', [1, 4])
def test_several_pages_complete_in_api_order(concurrency):
    ncr = big(250)
    result = listing(ncr, page_size=100, concurrency=concurrency)
    assert result['total'] == 250 and result['count'] == 250
    assert result['names'] == ['t%04d' % i for i in range(250)]
    assert pages_asked(ncr) == [1, 2, 3]


def test_server_returning_fewer_items_than_asked_is_followed():
    ncr = big(95, max_page_size=10)
    result = listing(ncr, page_size=1000, concurrency=4)
    assert result['names'] == ['t%04d' % i for i in range(95)]
    assert pages_asked(ncr) == list(range(1, 11))
    assert all('pagesize=1000' in r for r in ncr.requests)


def test_sequential_follows_next_with_clamped_pages():
    ncr = big(95, max_page_size=10)
    result = listing(ncr, page_size=1000, concurrency=1)
    assert len(result['names']) == 95 and len(ncr.requests) == 10


def test_concurrent_fetch_really_overlaps():
    ncr = big(500)
    barrier = threading.Barrier(4, timeout=5)

    def handle(req, original):
        if 'page=1&' not in req.path_url:
            barrier.wait()  # pages 2-5 pass only when all four are in flight at once
        return original(req)
    intercept(ncr, handle)
    result = listing(ncr, page_size=100, concurrency=4)
    assert result['names'] == ['t%04d' % i for i in range(500)]
    assert len(ncr.requests) == 5


def test_a_page_that_fails_for_good_stops_the_listing_without_waiting_for_earlier_pages():
    ncr = big(2000)
    page3_failed = threading.Event()

    def handle(req, original):
        page = page_of(req.path_url)
        if page == 2:
            # Page 2 answers a second after page 3 has failed; reading pages in order would wait for it.
            page3_failed.wait(5)
            threading.Event().wait(1.0)
        elif page == 3:
            page3_failed.set()
            return response(404, {'error': {'errorCode': '404', 'message': 'Not Found'}}, request=req)
        elif page > 3:
            threading.Event().wait(0.1)
        return original(req)
    intercept(ncr, handle)
    with pytest.raises(NcrError) as err:
        listing(ncr, page_size=10, concurrency=2)
    assert 'page=3&' in str(err.value) and err.value.status == 404
    # Waiting for page 2 first would have let the other worker fetch about ten more pages (0.1 s each) in that second.
    assert max(pages_asked(ncr)) <= 6, pages_asked(ncr)


def test_next_that_never_ends_is_an_error():
    ncr = big(30)

    def endless(req):
        page = page_of(req.path_url)
        return response(200, {'count': 30, 'next': page + 1, 'previous': None,
                              'results': [make_tag('same')]}, request=req)
    ncr.faults = [endless] * 100
    with pytest.raises(NcrError, match='did not converge.*No partial result'):
        listing(ncr, page_size=10, concurrency=1)
    assert len(ncr.requests) <= 3


def test_next_pointing_back_is_an_error():
    ncr = big(30)

    def loop(req):
        page = page_of(req.path_url)
        return response(200, {'count': 30, 'next': 1, 'previous': None,
                              'results': [make_tag('x%d' % page)]}, request=req)
    ncr.faults = [loop] * 10
    with pytest.raises(NcrError, match='page 1 points back to page 1'):
        listing(ncr, concurrency=1)


def test_pages_that_repeat_fall_back_and_never_double():
    ncr = big(300)

    def repeat_page_two(req, original):
        if 'page=3&' in req.path_url:
            return response(200, dict(
                count=300, next=4, previous=2, results=[make_tag('t%04d' % i, index=i) for i in range(100, 200)]), request=req)
        return original(req)
    intercept(ncr, repeat_page_two)
    with pytest.raises(NcrError, match='did not converge'):
        listing(ncr, page_size=100, concurrency=4)


def test_count_shrinking_under_us_is_not_returned_as_complete():
    ncr = big(300)

    def short_last_page(req, original):
        resp = original(req)
        if 'page=3&' in req.path_url:
            body = resp.json()
            body['results'] = body['results'][:50]
            return response(200, body, request=req)
        return resp
    intercept(ncr, short_last_page)
    with pytest.raises(NcrError, match='incomplete: the server reported 300 items but the pages held 250'):
        listing(ncr, page_size=100, concurrency=4)


def test_count_change_mid_listing_falls_back_to_next_and_fails():
    ncr = big(300)
    state = {'pushed': False}

    def push_during_listing(req, original):
        if 'page=2&' in req.path_url and not state['pushed']:
            state['pushed'] = True
            # A new tag lands at the front: every later page shifts by one.
            ncr.data['my-registry']['big'].insert(0, make_tag('new', index=999))
        return original(req)
    intercept(ncr, push_during_listing)
    with pytest.raises(NcrError, match='changed while it was read: the server reported 300 items, then 301 on page 2'):
        listing(ncr, page_size=100, concurrency=4)


@pytest.mark.parametrize('body, fragment', [
    ({'results': []}, 'no valid "count"'),
    ({'count': -1, 'results': []}, 'no valid "count"'),
    ({'count': 1, 'results': 'x'}, 'no valid "results"'),
    ({'count': 1, 'results': [{'noname': 1}]}, 'no valid "results"'),
    ({'count': 1, 'results': [{'name': 'a'}], 'next': 'two'}, 'invalid "next"'),
])
def test_malformed_envelopes(body, fragment):
    ncr = big(1)
    ncr.faults = [lambda req: response(200, body, request=req)]
    with pytest.raises(NcrError, match=fragment):
        listing(ncr)


def test_string_numbers_in_envelope_are_accepted():
    ncr = big(1)
    ncr.faults = [lambda req: response(200, {'count': '1', 'next': None, 'results': [make_tag('a')]}, request=req)]
    assert listing(ncr)['names'] == ['a']


def test_empty_image():
    ncr = big(0)
    result = listing(ncr)
    assert (result['total'], result['names'], result['latest']) == (0, [], None)


def test_failed_page_fails_the_listing():
    ncr = big(500)
    intercept(ncr, lambda req, original: response(500, {}, request=req) if 'page=3&' in req.path_url else original(req))
    with pytest.raises(NcrError, match='HTTP 500'):
        listing(ncr, page_size=100, concurrency=4)


def test_count_changing_between_pages_in_sequential_listing_is_an_error():
    ncr = big(30, max_page_size=10)
    state = {'deleted': False}

    def delete_during_listing(req, original):
        if 'page=2&' in req.path_url and not state['deleted']:
            state['deleted'] = True
            del ncr.data['my-registry']['big'][25]
        return original(req)
    intercept(ncr, delete_during_listing)
    with pytest.raises(NcrError, match='changed while it was read: the server reported 30 items, then 29 on page 2'):
        listing(ncr, page_size=10, concurrency=1)


# Issue 13: bounded listings.

def claims(count, items_per_page=1):
    """A server whose every page claims ``count`` items and brings new ones, ``next`` always set."""
    def answer(req):
        page = page_of(req.path_url)
        return response(200, {'count': count, 'next': page + 1, 'previous': None,
                              'results': [make_tag('p%d-%d' % (page, n)) for n in range(items_per_page)]}, request=req)
    return answer


def test_a_huge_count_fails_after_page_one_naming_max_tags():
    ncr = big(1)
    ncr.faults = [claims(10 ** 12)] * 10
    with pytest.raises(NcrError) as err:
        listing(ncr, page_size=5, concurrency=4)
    assert str(err.value).startswith('Listing tags of my-registry/big stopped at page 1: the server reports '
                                     '1000000000000 items, more than max_tags=100000 allows')
    assert err.value.option == 'max_tags' and len(ncr.requests) == 1


def test_a_listing_of_exactly_max_tags_is_complete_and_one_more_is_refused():
    assert listing(big(250), page_size=100, max_tags=250)['total'] == 250
    ncr = big(251)
    with pytest.raises(NcrError, match='reports 251 items, more than max_tags=250'):
        listing(ncr, page_size=100, max_tags=250)
    assert len(ncr.requests) == 1


def test_without_a_cap_pages_go_out_in_a_window_of_concurrency():
    ncr = big(1)
    lock = threading.Lock()
    state = {'in_flight': 0, 'most': 0}

    def handle(req):
        with lock:
            state['in_flight'] += 1
            state['most'] = max(state['most'], state['in_flight'])
        threading.Event().wait(0.01)
        with lock:
            state['in_flight'] -= 1
        if page_of(req.path_url) == 40:
            return response(500, {}, request=req)
        return claims(10 ** 12)(req)
    ncr.faults = [handle] * 1000
    with pytest.raises(NcrError, match='page=40&'):
        listing(ncr, page_size=1, concurrency=4, max_tags=0)
    # Submitting every page at once queued 10**12 futures; a window never has more than 4 pages out, and stops
    # within a window or two of the failure: on a loaded machine the pages that finish while the failure waits to
    # be read move the window on once more (46 seen under load; the old behaviour sends thousands).
    assert state['most'] <= 4
    assert 40 <= len(ncr.requests) <= 40 + 2 * 4, len(ncr.requests)


def test_next_following_stops_at_the_cap_when_pages_keep_bringing_new_items():
    ncr = big(1)
    ncr.faults = [claims(30, items_per_page=10)] * 100
    with pytest.raises(NcrError) as err:
        listing(ncr, page_size=10, concurrency=1, max_tags=30)
    assert 'stopped at page 4: its pages hold 40 items, more than max_tags=30' in str(err.value)
    assert len(ncr.requests) == 4


def test_a_failed_page_ends_the_listing_without_waiting_for_the_others_back_off():
    ncr = big(2000)
    asked = []

    def handle(req, original):
        page = page_of(req.path_url)
        asked.append(page)
        if page == 2:
            return response(429, {}, headers={'Retry-After': '30'}, request=req)
        if page == 3:
            threading.Event().wait(0.2)  # page 2 is in its back-off wait by now
            return response(500, {}, request=req)
        return original(req)
    intercept(ncr, handle)
    settings = client_for(ncr, page_size=10, concurrency=2)[0].settings
    client = Client(settings, session=FakeSession(ncr))  # the real wait, which a failure elsewhere cuts short
    start = time.time()
    with pytest.raises(NcrError, match='page=3&'):
        image_tags(client, Selection({'sort': 'none'}), 'my-registry', 'big')
    assert time.time() - start < 5
    assert sorted(asked) == [1, 2, 3]


MIB = 1024 * 1024


def padded(tag, size):
    return dict(tag, junk=' ' * size)


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

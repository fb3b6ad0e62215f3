# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Complete listings from NCR v2's page-number pagination. Internal use only: not a public API.

The server may clamp the page size, and ``count`` may change while we read, so a listing is only
returned when it is provably complete: otherwise an NcrError, never a partial list.
"""

import itertools
import threading
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

from ansible_collections.ncloud.ncr.plugins.module_utils._answers import MAX_BODY, decimal, shown
from ansible_collections.ncloud.ncr.plugins.module_utils._deadline import Cancel
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError


# What the pages of one listing may come to, together: one answer's worth (MAX_BODY) and ITEM_BYTES for each item they
# brought. An NCR tag is 1-10 KB of JSON (one to a few dozen platforms), an image less; pages past this carry what the
# collection never returns, and reading on would cost the host its memory or the task hours (issue 22.10: 8 MB of
# junk on each of 100,000 pages of one tag).
ITEM_BYTES = 16 * 1024
MIB = 1024 * 1024
# A count or page number past this is no listing's (JSON's largest exact integer): refused, not computed with.
_INT_MAX = 2 ** 53


def _as_int(value):
    """A count or page number: a JSON integer, or a string of ASCII digits (never "²", never thousands of digits)."""
    if value.__class__ is not int:
        value = decimal(value)
    return value if value is not None and 0 <= value < _INT_MAX else None


def parse_page(body, page, what):
    """``(count, next, results)`` from one page's envelope, or an NcrError saying what is wrong."""
    count = _as_int(body.get('count'))
    results = body.get('results')
    nxt = body.get('next')
    if count is None or count < 0:
        raise NcrError('Listing %s: page %d has no valid "count" (got %s); the answer is not an NCR v2 listing.'
                       % (what, page, shown(body.get('count'))))
    if not isinstance(results, list) or not all(isinstance(r, dict) and isinstance(r.get('name'), str) for r in results):
        raise NcrError('Listing %s: page %d has no valid "results" list of named items.' % (what, page))
    if nxt is not None:
        nxt = _as_int(nxt)
        if nxt is None:
            raise NcrError('Listing %s: page %d has an invalid "next" (got %s).' % (what, page, shown(body.get('next'))))
    return count, nxt, results


class Lister:
    """Lists every item of one paginated collection (``segments`` relative to the endpoint).

    At most ``client.settings.max_tags`` items (0: no cap): a listing that claims or brings more fails
    before it costs more requests and memory.
    """

    def __init__(self, client, segments, what, page_size, concurrency, transform=None):
        self.client = client
        self.segments = segments
        self.what = what
        self.page_size = page_size
        self.concurrency = concurrency
        self.max_items = client.settings.max_tags
        # Applied to each page as it arrives, so the work overlaps the other requests in flight.
        self.transform = transform
        # The bytes and items of the pages read so far (pages arrive in several threads).
        self.lock = threading.Lock()
        self.bytes_read = self.items_read = 0

    def fetch(self, page, cancel=None):
        body, size = self.client.get_json(self.segments, {'page': page, 'pagesize': self.page_size}, cancel=cancel,
                                          sized=True)
        return self.read_page(body, page, size)

    def read_page(self, body, page, size=0):
        """``(count, next, results)`` of one page's answer (``size`` bytes), each result transformed."""
        count, nxt, results = parse_page(body, page, self.what)
        self.check_bytes(page, size, len(results))
        if self.transform is not None:
            try:
                results = [self.transform(item) for item in results]
            except NcrError as exc:
                # Which request brought the refused value.
                raise exc.retold('Listing %s, page %d: %s' % (self.what, page, exc.message)) from exc
        return count, nxt, results

    def check_bytes(self, page, size, items):
        """Fail once the pages read so far come to more than MAX_BODY plus ITEM_BYTES per item they brought."""
        with self.lock:
            self.bytes_read += size
            self.items_read += items
            read = self.bytes_read
            brought = self.items_read
        if read > MAX_BODY + ITEM_BYTES * brought:
            raise NcrError('Listing %s stopped at page %d: its pages came to %.1f MiB for %d items, more than the bound on '
                           'what a listing may read (%d MiB, and %d KiB per item); nothing more was fetched. The answers '
                           'carry far more than NCR\'s tags and images. No partial result returned.'
                           % (self.what, page, read / float(MIB), brought, MAX_BODY // MIB, ITEM_BYTES // 1024))

    def check_cap(self, items, page, how):
        if self.max_items and items > self.max_items:
            raise NcrError('Listing %s stopped at page %d: %s %d items, more than max_tags=%d allows; nothing more was '
                           'fetched. Raise max_tags (0: no cap) to list it.' % (self.what, page, how, items, self.max_items),
                           option='max_tags')

    def items(self):
        first = self.fetch(1)
        count, nxt, results = first
        self.check_cap(count, 1, 'the server reports')
        per_page = len(results)
        # Concurrency is only safe when page 1 tells exactly which pages remain.
        if self.concurrency > 1 and nxt == 2 and per_page and count > per_page:
            pages = -(-count // per_page)
            listed = self._concurrent(pages, per_page, first)
            if listed is not None:
                return listed
        return self._follow_next(first)

    def _concurrent(self, pages, per_page, first):
        count = first[0]
        answers = {1: first}
        remaining = iter(range(2, pages + 1))
        running = {}
        cancel = Cancel()
        executor = ThreadPoolExecutor(max_workers=min(self.concurrency, pages - 1))
        try:
            while True:
                # A sliding window: at most `concurrency` pages queued or in flight, so a page count of any size
                # costs requests only as fast as they are answered, and a failure leaves nothing queued.
                for page in itertools.islice(remaining, self.concurrency - len(running)):
                    running[executor.submit(self.fetch, page, cancel)] = page
                if not running:
                    break
                done, dummy = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    page = running.pop(future)
                    # The first page that fails for good, in whatever order pages finish, fails the listing.
                    page_count, nxt, results = answers[page] = future.result()
                    expected = per_page if page < pages else count - per_page * (pages - 1)
                    if page_count != count or len(results) != expected or nxt != (page + 1 if page < pages else None):
                        return None
        finally:
            # Nothing more is sent; the pages in flight are cut rather than waited for.
            cancel.set()
            executor.shutdown(wait=True)
        items = []
        names = set()
        for page in range(1, pages + 1):
            for item in answers[page][2]:
                if item['name'] in names:
                    return None
                names.add(item['name'])
                items.append(item)
        return items

    def _follow_next(self, first):
        """Follow ``next`` from page 1, de-duplicating by name, failing on loops and shortfalls."""
        seen = {}
        page = 1
        count, nxt, results = first
        visited = set()
        while True:
            visited.add(page)
            added = 0
            for item in results:
                if item['name'] not in seen:
                    seen[item['name']] = item
                    added += 1
            self.check_cap(len(seen), page, 'its pages hold')
            if nxt is None:
                break
            if nxt in visited or nxt < page:
                raise NcrError('Listing %s did not converge: page %d points back to page %d. No partial result returned.'
                               % (self.what, page, nxt))
            if not added or len(visited) > count + 1:
                raise NcrError('Listing %s did not converge: page %d brought no new items but "next" is %d '
                               '(server reports %d items). No partial result returned.' % (self.what, page, nxt, count))
            page = nxt
            first_count = count
            count, nxt, results = self.fetch(page)
            if count != first_count:
                raise NcrError('Listing %s changed while it was read: the server reported %d items, then %d on page %d '
                               '(run again). No partial result returned.' % (self.what, first_count, count, page))
        if len(seen) != count:
            raise NcrError('Listing %s is incomplete: the server reported %d items but the pages held %d distinct ones '
                           '(the image may have changed during the listing; run again). No partial result returned.'
                           % (self.what, count, len(seen)))
        return list(seen.values())


def each(client, function, items):
    """``[function(item) for item in items]``, ``concurrency`` at a time: one request per named tag or image."""
    workers = max(1, min(client.settings.concurrency, len(items)))
    with ThreadPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(function, items))

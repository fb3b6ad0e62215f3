# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import multiprocessing
import os
import stat
import time

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.plugins.plugin_utils._cache import RunCache


class Settings:
    endpoint = 'https://ncr.example.test/ncr/api/v2'
    access_key = 'AKSECRETISH'
    secret_key = 'SKVERYSECRET'
    verify = True
    max_tags = 100000
    registry_url = None
    site = 'public'
    region = 'KR'
    registry_username = None
    registry_password = None

    def __init__(self, **kwargs):
        for name, value in kwargs.items():
            setattr(self, name, value)


def counting_fetch(counter_file):
    def fetch():
        with open(counter_file, 'a') as handle:
            handle.write('x')
        time.sleep(0.3)
        return [{'name': 'v1'}], 1
    return fetch


def worker(directory, counter_file):
    RunCache(60, Settings(), directory).get(['tags', 'my-registry', 'web', None], counting_fetch(counter_file))


def test_forks_of_one_run_list_once(tmp_path):
    counter = str(tmp_path / 'count')
    directory = str(tmp_path / 'cache')
    context = multiprocessing.get_context('fork')
    procs = [context.Process(target=worker, args=(directory, counter)) for dummy in range(5)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(30)
    assert [p.exitcode for p in procs] == [0] * 5
    with open(counter) as handle:
        assert handle.read() == 'x'
    files = [f for f in os.listdir(directory) if f.endswith('.json')]
    assert len(files) == 1
    mode = stat.S_IMODE(os.stat(os.path.join(directory, files[0])).st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    with open(os.path.join(directory, files[0])) as handle:
        text = handle.read()
    assert 'AKSECRETISH' not in text and 'SKVERYSECRET' not in text


def test_ttl_expiry_and_zero(tmp_path):
    counter = str(tmp_path / 'count')
    fetch = counting_fetch(counter)
    cache = RunCache(60, Settings(), str(tmp_path / 'c'))
    parts = ['tags', 'my-registry', 'web', None]
    # The fetch's answer, then the same as JSON keeps it.
    assert cache.get(parts, fetch) == ([{'name': 'v1'}], 1)
    assert cache.get(parts, fetch) == [[{'name': 'v1'}], 1]
    assert open(counter).read() == 'x'
    cache.ttl = 0.0001
    time.sleep(0.01)
    cache.get(parts, fetch)
    assert open(counter).read() == 'xx'
    # Without a ttl, the fetch itself answers, every time.
    assert RunCache(0, Settings(), str(tmp_path / 'c')).get(parts, fetch) == ([{'name': 'v1'}], 1)
    assert open(counter).read() == 'xxx'


def test_keys_differ_by_what_is_asked(tmp_path):
    cache = RunCache(60, Settings(), str(tmp_path))
    keys = {cache.key(['tags', 'my-registry', 'web', Selection({}).fetched()]),
            cache.key(['tags', 'my-registry', 'api', Selection({}).fetched()]),
            cache.key(['tags', 'other-registry', 'web', Selection({}).fetched()]),
            cache.key(['tags', 'my-registry', 'web', Selection({'tag': ['v1']}).fetched()])}
    assert len(keys) == 4
    # Selection options applied after the fetch share the entry.
    assert Selection({'sort': 'semver'}).fetched() == Selection({}).fetched()


def test_keys_differ_by_secret_tls_and_bound_settings(tmp_path):
    parts = ['tags', 'my-registry', 'web', None]
    keys = {RunCache(60, Settings(**settings), str(tmp_path)).key(parts)
            for settings in ({}, {'secret_key': 'SKWRONG'}, {'access_key': 'AKOTHER'}, {'verify': False},
                             {'verify': '/etc/ssl/ca.pem'}, {'endpoint': 'https://other.example.test/ncr/api/v2'},
                             # A listing that max_tags refuses must not be answered from a cache filled without it.
                             {'max_tags': 10})}
    assert len(keys) == 7
    assert not any(secret in key for key in keys for secret in ('SKVERYSECRET', 'AKSECRETISH'))


def failing_fetch(counter_file, error):
    def fetch():
        with open(counter_file, 'a') as handle:
            handle.write('x')
        time.sleep(1)
        raise error
    return fetch


def failing_worker(directory, counter_file, out_file):
    error = NcrError('GET /x failed: HTTP 401 Authentication Failed', status=401, error_code='200',
                     api_message='Authentication Failed', details='Invalid authentication information.', hint='Hint: keys.')
    try:
        RunCache(60, Settings(), directory).get(['tags', 'my-registry', 'web', None], failing_fetch(counter_file, error))
    except NcrError as exc:
        with open(out_file, 'w') as handle:
            handle.write(repr((str(exc), exc.status, exc.error_code, exc.api_message, exc.details, exc.hint)))


def test_forks_waiting_on_a_failed_fetch_fail_at_once_with_its_error(tmp_path):
    counter = str(tmp_path / 'count')
    directory = str(tmp_path / 'cache')
    context = multiprocessing.get_context('fork')
    outs = [str(tmp_path / ('out%d' % n)) for n in range(5)]
    started = time.time()
    procs = [context.Process(target=failing_worker, args=(directory, counter, out)) for out in outs]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(30)
    elapsed = time.time() - started
    assert [p.exitcode for p in procs] == [0] * 5
    # One fetch (1 s) for all five: before, each waiter repeated it behind the lock (5 s or more).
    assert open(counter).read() == 'x'
    assert elapsed < 4, elapsed
    answers = set(open(out).read() for out in outs)
    assert answers == {repr(('GET /x failed: HTTP 401 Authentication Failed Hint: keys.', 401, '200', 'Authentication Failed',
                             'Invalid authentication information.', 'Hint: keys.'))}
    for name in os.listdir(directory):
        with open(os.path.join(directory, name)) as handle:
            text = handle.read()
        assert 'SKVERYSECRET' not in text and 'AKSECRETISH' not in text


def test_a_failure_is_kept_briefly_and_other_exceptions_not_at_all(tmp_path):
    calls = []

    def fetch():
        calls.append(1)
        if len(calls) == 1:
            raise NcrError('GET /x failed: HTTP 503', status=503)
        if len(calls) == 3:
            raise KeyError('a bug, not an answer')
        return [{'name': 'v1'}], 1

    cache = RunCache(60, Settings(), str(tmp_path))
    assert cache.failure_ttl == 10
    web, other = ['tags', 'my-registry', 'web', None], ['tags', 'other-registry', 'web', None]
    for dummy in range(2):
        with pytest.raises(NcrError, match='HTTP 503') as err:
            cache.get(web, fetch)
        assert err.value.status == 503
    assert len(calls) == 1
    cache.failure_ttl = 0.0001
    time.sleep(0.01)
    assert cache.get(web, fetch) == ([{'name': 'v1'}], 1)
    assert cache.get(web, fetch) == [[{'name': 'v1'}], 1]
    assert len(calls) == 2
    with pytest.raises(KeyError):
        cache.get(other, fetch)
    assert cache.get(other, fetch) == ([{'name': 'v1'}], 1)
    assert len(calls) == 4
    assert RunCache(3, Settings(), str(tmp_path)).failure_ttl == 3

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import multiprocessing
import os
import stat
import time

from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.plugins.plugin_utils._cache import RunCache


class Settings(object):
    endpoint = 'https://ncr.example.test/ncr/api/v2'
    access_key = 'AKSECRETISH'


class Client(object):
    settings = Settings()


def counting_fetch(counter_file):
    def fetch(client, selection, registry, image):
        with open(counter_file, 'a') as handle:
            handle.write('x')
        time.sleep(0.3)
        return [{'name': 'v1'}], 1
    return fetch


def worker(directory, counter_file):
    RunCache(60, directory).wrap(counting_fetch(counter_file))(Client(), Selection({}), 'my-registry', 'web')


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
        assert 'AKSECRETISH' not in handle.read()


def test_ttl_expiry_and_zero(tmp_path):
    counter = str(tmp_path / 'count')
    fetch = counting_fetch(counter)
    cache = RunCache(60, str(tmp_path / 'c'))
    cached = cache.wrap(fetch)
    assert cached(Client(), Selection({}), 'my-registry', 'web') == ([{'name': 'v1'}], 1)
    cached(Client(), Selection({}), 'my-registry', 'web')
    assert open(counter).read() == 'x'
    cache.ttl = 0.0001
    time.sleep(0.01)
    cached(Client(), Selection({}), 'my-registry', 'web')
    assert open(counter).read() == 'xx'
    assert RunCache(0, str(tmp_path / 'c')).wrap(fetch) is fetch


def test_keys_differ_by_what_is_asked(tmp_path):
    cache = RunCache(60, str(tmp_path))
    keys = {cache.key(Client(), Selection({}), 'my-registry', 'web'),
            cache.key(Client(), Selection({}), 'my-registry', 'api'),
            cache.key(Client(), Selection({}), 'other-registry', 'web'),
            cache.key(Client(), Selection({'tag': ['v1']}), 'my-registry', 'web')}
    assert len(keys) == 4
    # Selection options applied after the fetch share the entry.
    assert cache.key(Client(), Selection({'sort': 'semver'}), 'my-registry', 'web') == \
        cache.key(Client(), Selection({}), 'my-registry', 'web')

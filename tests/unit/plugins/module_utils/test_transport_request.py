# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The transport's generic request (what the registry client shares with the API): any method and URL, signing as a
layer of its own, one set of proxies and CA bundle per origin, a body cap given by the caller."""

import functools

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._answers import read_body
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import FakeNcr, client_for, response


@pytest.fixture
def ncr():
    return FakeNcr()


def test_a_request_without_sign_carries_no_signature_and_keeps_its_method(ncr):
    ncr.faults = [lambda req: response(200, text='', headers={'Docker-Content-Digest': 'x'}, request=req)]
    client, dummy = client_for(ncr)
    answer, data, retries = client.request('https://registry.example.test/v2/web/manifests/1.0', method='HEAD',
                                           headers={'Accept': 'a/b', 'Content-Type': None})
    headers = ncr.headers_seen[0]
    assert not [name for name in headers if name.lower().startswith('x-ncp-')]
    assert headers['Accept'] == 'a/b' and 'Content-Type' not in headers
    assert (answer.status_code, data, retries) == (200, b'', 0)
    assert client.session.send_kwargs[0]['allow_redirects'] is False


def test_retry_after_applies_to_any_request(ncr):
    ncr.faults = [lambda req: response(503, text='busy', headers={'Retry-After': '3'}, request=req),
                  lambda req: response(200, text='ok', headers={}, request=req)]
    client, sleeps = client_for(ncr)
    answer, data, retries = client.request('https://registry.example.test/v2/')
    assert (answer.status_code, data, retries, sleeps) == (200, b'ok', 1, [3.0])


def test_proxies_are_chosen_per_origin_once(ncr, monkeypatch):
    monkeypatch.setenv('HTTPS_PROXY', 'http://proxy.example.test:3128')
    monkeypatch.setenv('NO_PROXY', 'registry.example.test')
    ncr.faults = [lambda req: response(200, text='', headers={}, request=req)] * 3
    client, dummy = client_for(ncr)
    monkeypatch.setenv('HTTPS_PROXY', 'http://changed.example.test:1')
    client.request('https://registry.example.test/v2/')
    client.request('https://auth.example.test/token')
    client.request('http://127.0.0.1:5000/v2/')
    registry, auth, loopback = [kwargs['proxies'] for kwargs in client.session.send_kwargs]
    assert 'https' not in registry
    # Read when the origin was first used, then kept: the change above reached the new origin only.
    assert auth['https'] == 'http://changed.example.test:1'
    assert loopback == {}


def test_the_caller_gives_the_body_cap_and_its_reason(ncr):
    ncr.faults = [lambda req: response(200, text='x' * 5000, headers={}, request=req)]
    client, dummy = client_for(ncr)
    capped = functools.partial(read_body, limit=4096, kind='a test answer')
    with pytest.raises(NcrError, match=r'^Request to https://registry\.example\.test:443/v2/big refused: the answer '
                                       r'\(decompressed\) grew past the 0 MiB a test answer may have'):
        client.request('https://registry.example.test/v2/big', read=capped)

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible.errors import AnsibleLookupError
from ansible.plugins.loader import lookup_loader

from ansible_collections.ncloud.ncr.plugins.plugin_utils import _cache
from ansible_collections.ncloud.ncr.tests.unit.fake_registry import PASSWORD, USER, FakeRegistry

HOST = 'my-registry.kr.ncr.ntruss.com'


@pytest.fixture
def fake(serve_fake_ncr):
    registry = FakeRegistry()
    registry.index = registry.put_index('team/app', '1.4.2', [('linux', 'amd64', None), ('linux', 'arm64', 'v8')])
    registry.single, dummy = registry.put_image('web', tag='2.0')
    return serve_fake_ncr(registry)


def lookup(terms, variables=None, **kwargs):
    plugin = lookup_loader.get('ncloud.ncr.ncr_manifest')
    options = dict(registry_username=USER, registry_password=PASSWORD, cache_ttl=0)
    options.update(kwargs)
    return plugin.run(terms, variables=variables or {}, **options)


def test_pinned_references_one_per_term_over_one_session_and_one_challenge(fake):
    assert lookup(['my-registry/team/app:1.4.2', 'my-registry/web:2.0', 'my-registry/team/app@' + fake.index]) == [
        '%s/team/app@%s' % (HOST, fake.index), '%s/web@%s' % (HOST, fake.single), '%s/team/app@%s' % (HOST, fake.index)]
    assert len(fake.sessions) == 1
    assert [url for dummy, url, dummy in fake.seen if url.endswith('/v2/')] == ['https://%s/v2/' % HOST]
    # One token per image, reused by its second term.
    assert fake.tokens_issued == 2


def test_digest_and_facts_outputs(fake):
    assert lookup(['my-registry/team/app:1.4.2'], output='digest') == [fake.index]
    facts, = lookup(['my-registry/team/app:1.4.2'], output='facts', labels=True)
    assert facts['is_index'] is True and [p['platform'] for p in facts['platforms']] == ['linux/amd64', 'linux/arm64/v8']
    assert facts['platforms'][0]['labels'] == {'arch': 'amd64'}


def test_a_platform_gives_that_platform_s_image(fake):
    arm, = lookup(['my-registry/team/app:1.4.2'], output='facts', platform='linux/arm64')
    assert lookup(['my-registry/team/app:1.4.2'], platform='linux/arm64') == [arm['platform_pinned_reference']]
    assert lookup(['my-registry/team/app:1.4.2'], platform='linux/arm64', output='digest') == [arm['platform_digest']]
    assert arm['platform_digest'] == arm['platforms'][1]['digest']


def test_a_missing_platform_is_missing(fake):
    with pytest.raises(AnsibleLookupError, match=r'has no platform linux/s390x \(its platforms: linux/amd64, linux/arm64/v8\)'):
        lookup(['my-registry/team/app:1.4.2'], platform='linux/s390x')
    assert lookup(['my-registry/team/app:1.4.2', 'my-registry/web:2.0'], platform='linux/s390x', on_missing='skip') == \
        [None, None]


def test_a_missing_reference_fails_by_default_naming_the_request(fake):
    with pytest.raises(AnsibleLookupError, match=r'^GET https://%s/v2/web/manifests/9\.9: HTTP 404' % HOST):
        lookup(['my-registry/web:9.9'])


@pytest.mark.parametrize('on_missing', ['warn', 'skip'])
def test_on_missing_gives_null_in_place(fake, on_missing):
    assert lookup(['my-registry/web:9.9', 'my-registry/web:2.0'], on_missing=on_missing) == [None, '%s/web@%s' % (HOST, fake.single)]


@pytest.mark.parametrize('term, problem', [
    ('my-registry/web', 'names no tag or digest'),
    ('my-registry/web@sha256:abc', 'is not a digest'),
    ('web:1.0', 'has no registry part'),
    ('my-registry/:1.0', 'is not a valid image name'),
    ('My-Registry/web:1.0', 'is not a valid registry name'),
    ('', 'is empty'),
])
def test_a_bad_term_fails_before_any_request(fake, term, problem):
    with pytest.raises(AnsibleLookupError) as err:
        lookup([term])
    assert problem in str(err.value) and fake.seen == []


def test_bad_registry_url_fails_before_any_request(fake):
    with pytest.raises(AnsibleLookupError, match='^registry_url: plain http:// is only allowed to a loopback address'):
        lookup(['my-registry/web:2.0'], registry_url='http://registry.example.test')
    assert fake.seen == []


def test_registry_options_from_variables(fake):
    variables = dict(ncloud_ncr_registry_url='https://other-registry.example.test:5000')
    fake.url, fake.host = 'https://other-registry.example.test:5000', 'other-registry.example.test:5000'
    assert lookup(['my-registry/web:2.0'], variables=variables) == ['other-registry.example.test:5000/web@' + fake.single]


def test_the_run_cache_answers_again_without_requests(fake, monkeypatch, tmp_path):
    monkeypatch.setattr(_cache.C, 'DEFAULT_LOCAL_TMP', str(tmp_path), raising=False)
    first = lookup(['my-registry/team/app:1.4.2'], cache_ttl=60)
    seen = len(fake.seen)
    assert lookup(['my-registry/team/app:1.4.2'], cache_ttl=60) == first
    # A ping only: the registry client of the task exists, the manifest is the cache's.
    assert len(fake.seen) == seen
    # Other options, other answers.
    assert lookup(['my-registry/team/app:1.4.2'], cache_ttl=60, output='digest', platform='linux/arm64') != [first[0].split('@')[1]]
    assert len(fake.seen) > seen
    with pytest.raises(AnsibleLookupError, match='HTTP 401'):
        lookup(['my-registry/team/app:1.4.2'], cache_ttl=60, registry_password='not-the-password')

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ncr_image_tags lookup with resolve_manifest (controller-side: ansible-test runs module_utils tests without
ansible's controller code)."""

import pytest

from ansible.errors import AnsibleLookupError
from ansible.plugins.loader import lookup_loader

from ansible_collections.ncloud.ncr.plugins.plugin_utils import _cache
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, ENDPOINT, SECRET, make_tag
from ansible_collections.ncloud.ncr.tests.unit.fake_registry import PASSWORD, USER

HOST = 'my-registry.kr.ncr.ntruss.com'


@pytest.fixture
def fake(resolving_ncr):
    return resolving_ncr


def test_the_lookup_resolves_too(fake):
    plugin = lookup_loader.get('ncloud.ncr.ncr_image_tags')
    tags = plugin.run(['my-registry/web'], endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET, cache_ttl=0,
                      registry_username=USER, registry_password=PASSWORD, output='tags', sort='semver', limit=1,
                      resolve_manifest=True)
    assert [(tag['name'], tag['manifest_digest'], tag['signed']) for tag in tags] == [('v2.0.0', fake.digests['v2.0.0'], True)]
    assert fake.count('HEAD') == 1


def test_a_pattern_term_resolves_the_tags_of_each_image(fake):
    api_digest = fake.put_index('api', 'v1.0.0', [('linux', 'amd64', None)], labels={'image': 'api'})
    fake.api.add_image('my-registry', 'api', [make_tag('v1.0.0', 1700000000000, index=20)])
    plugin = lookup_loader.get('ncloud.ncr.ncr_image_tags')
    tags = plugin.run(['my-registry/*'], endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET, cache_ttl=0,
                      registry_username=USER, registry_password=PASSWORD, output='tags', sort='semver', limit=1,
                      resolve_manifest=True)
    assert [(tag['image'], tag['name'], tag['manifest_digest']) for tag in tags] == [
        ('api', 'v1.0.0', api_digest), ('web', 'v2.0.0', fake.digests['v2.0.0'])]
    # One challenge for the registry, one token per image, one HEAD per kept tag.
    assert [url for dummy, url, dummy in fake.seen if url.endswith('/v2/')] == ['https://%s/v2/' % HOST]
    assert fake.tokens_issued == 2 and fake.count('HEAD') == 2


def test_the_lookup_keeps_the_registry_s_answers_in_the_run_cache(fake, monkeypatch, tmp_path):
    monkeypatch.setattr(_cache.C, 'DEFAULT_LOCAL_TMP', str(tmp_path), raising=False)
    plugin = lookup_loader.get('ncloud.ncr.ncr_image_tags')

    def run(**more):
        return plugin.run(['my-registry/web'], endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET, cache_ttl=60,
                          registry_username=USER, registry_password=PASSWORD, output='tags', sort='semver',
                          resolve_manifest=True, **more)
    first = run(limit=2)
    assert [tag['manifest_digest'] for tag in first] == [fake.digests['v2.0.0'], fake.digests['v1.1.0']]
    seen = len(fake.seen)
    # Another host's evaluation: the listing and the manifests from the cache, not even a challenge.
    assert run(limit=2) == first and len(fake.seen) == seen
    # Other tags kept: asked again.
    assert [tag['name'] for tag in run(limit=1)] == ['v2.0.0'] and fake.count('HEAD') == 3
    # Other registry credentials: not the cache's answer.
    with pytest.raises(AnsibleLookupError, match='HTTP 401'):
        plugin.run(['my-registry/web'], endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET, cache_ttl=60,
                   registry_username=USER, registry_password='other-password', sort='semver', limit=2, resolve_manifest=True)

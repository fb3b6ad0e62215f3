# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ncr_image_tags' resolve_manifest: the registry's answer for the kept tags only, and nothing without the option."""

import time

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._api import image_tags, manifest_resolver, prepare, session
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._manifest_resolution import resolve_tags
from ansible_collections.ncloud.ncr.plugins.modules import ncr_image_tags
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, ENDPOINT, SECRET
from ansible_collections.ncloud.ncr.tests.unit.fake_registry import OCI_INDEX, PASSWORD, USER, registry_client_for

HOST = 'my-registry.kr.ncr.ntruss.com'


@pytest.fixture
def fake(resolving_ncr):
    return resolving_ncr


def args(**more):
    given = dict(registry='my-registry', image='web', endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET,
                 registry_username=USER, registry_password=PASSWORD)
    given.update(more)
    return given


def test_without_the_option_nothing_changes_and_the_registry_is_never_asked(fake, run_main):
    code, result, dummy = run_main(ncr_image_tags, **args(registry_url='not even a url'))
    assert code == 0, result
    assert fake.seen == []
    assert all('manifest_digest' not in tag for tag in result['tags'])


def test_kept_tags_gain_the_manifest_digest_with_one_head_each(fake, run_main):
    code, result, dummy = run_main(ncr_image_tags, **args(resolve_manifest=True, sort='semver', limit=2))
    assert code == 0, result
    assert result['names'] == ['v2.0.0', 'v1.1.0']
    for tag in result['tags']:
        assert tag['manifest_digest'] == fake.digests[tag['name']] != tag['digest']
        assert tag['manifest_media_type'] == 'application/vnd.oci.image.index.v1+json'
    # Exactly: the challenge, one token, one HEAD per kept tag.
    assert [method for method, dummy, dummy in fake.seen] == ['GET', 'GET', 'HEAD', 'HEAD']
    assert fake.count('HEAD') == 2 and fake.tokens_issued == 1


def test_signed_counts_a_signature_of_the_manifest_digest(fake, run_main):
    code, result, dummy = run_main(ncr_image_tags, **args(sort='semver', limit=1))
    assert result['tags'][0]['signed'] is False
    code, result, dummy = run_main(ncr_image_tags, **args(sort='semver', limit=1, resolve_manifest=True))
    assert code == 0 and result['tags'][0]['name'] == 'v2.0.0' and result['tags'][0]['signed'] is True
    code, result, dummy = run_main(ncr_image_tags, **args(include=['v1.1.0'], resolve_manifest=True))
    assert result['tags'][0]['signed'] is False


def test_a_tag_the_registry_does_not_know_is_null_with_a_warning(fake, run_main):
    code, result, out = run_main(ncr_image_tags, **args(include=['gone', 'latest'], resolve_manifest=True))
    assert code == 0, out
    gone = [tag for tag in result['tags'] if tag['name'] == 'gone'][0]
    assert gone['manifest_digest'] is None and gone['manifest_media_type'] is None
    tags = [dict(name='gone', signed=False), dict(name='latest')]
    client, dummy = registry_client_for(fake)
    warnings = resolve_tags(client, 'web', tags, set(['gone', 'latest']), 4)
    assert warnings == ['%s/web: the registry https://%s knows no manifest for 1 tag(s) the API listed (deleted since?): gone; '
                        'their manifest_digest and manifest_media_type are null.' % (HOST, HOST)]
    assert tags == [dict(name='gone', signed=False, manifest_digest=None, manifest_media_type=None),
                    dict(name='latest', manifest_digest=fake.digests['latest'], manifest_media_type=OCI_INDEX)]


def test_fields_keep_the_manifest_keys_asked_for(fake, run_main):
    given = args(resolve_manifest=True, sort='semver', limit=1, fields=['name', 'manifest_digest'])
    code, result, dummy = run_main(ncr_image_tags, **given)
    assert result['tags'] == [dict(name='v2.0.0', manifest_digest=fake.digests['v2.0.0'])]


def test_a_lying_registry_fails_the_task(fake, run_main):
    def lie(prepared):
        answer = fake.registry(prepared, __import__('urllib.parse').parse.urlsplit(prepared.url))
        answer.headers['Docker-Content-Digest'] = 'sha256:not-hex'
        return answer
    fake.faults = [None, None, lie]
    code, result, dummy = run_main(ncr_image_tags, **args(resolve_manifest=True, sort='semver', limit=1))
    assert code == 1 and 'is not a digest' in result['msg'] and PASSWORD not in result['msg']


def test_bad_registry_options_fail_before_any_request_with_the_option(fake, run_main):
    code, result, dummy = run_main(ncr_image_tags, **args(resolve_manifest=True, registry_url='https://h.example/v2'))
    assert code == 1 and result['msg'].startswith('registry_url: ') and fake.seen == [] and fake.api.requests == []


def test_without_credentials_for_the_registry_the_key_pair_is_used(fake):
    settings, dummy = prepare(dict(args(resolve_manifest=True), registry_username=None, registry_password=None,
                                   page_size=100, concurrency=8, retries=1, timeout=5), environ={})
    assert (settings.registry_username, settings.registry_password) == (ACCESS, SECRET)
    with pytest.raises(NcrError, match='^registry_password: is required'):
        prepare(dict(args(resolve_manifest=True), registry_password=None, page_size=100, concurrency=8, retries=1, timeout=5),
                environ={})


def test_a_failed_challenge_during_the_listing_fails_the_task_once(fake, run_main):
    fake.realm = 'http://auth.example.test/token'
    code, result, dummy = run_main(ncr_image_tags, **args(resolve_manifest=True, limit=1))
    assert code == 1 and 'which is refused: it is plain http:// to a host that is not loopback' in result['msg']
    # The challenge was asked once (during the listing), the realm never, no manifest either.
    assert [url for dummy, url, dummy in fake.seen] == ['https://%s/v2/' % HOST]


def test_the_challenge_and_token_go_while_the_api_lists(fake):
    settings, selection = prepare(dict(args(resolve_manifest=True, limit=1), page_size=100, concurrency=8, retries=1,
                                       timeout=5), environ={})
    with session(settings, lambda warning: None) as client:
        resolve = manifest_resolver(client)
        tokens_when_listed = []
        answer_api = fake.api.handle

        def slow_listing(prepared):
            time.sleep(0.3)
            # The token is there before the listing answers: the authentication ran beside it.
            tokens_when_listed.append(fake.tokens_issued)
            return answer_api(prepared)
        fake.api.handle = slow_listing
        result = image_tags(client, selection, 'my-registry', 'web', resolve=resolve)
    assert result['tags'][0]['manifest_digest'] == fake.digests[result['tags'][0]['name']]
    assert tokens_when_listed == [1]

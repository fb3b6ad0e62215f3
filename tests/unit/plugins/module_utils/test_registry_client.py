# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The registry client: its URL and credentials checked, each auth flow, which host sees which credential, blob
redirects, and its answers told as errors naming the host and the request."""

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._connection import connection_settings
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError, NotFound
from ansible_collections.ncloud.ncr.plugins.module_utils._manifests import config, fetch, head
from ansible_collections.ncloud.ncr.plugins.module_utils._registry_client import registry_url
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import response
from ansible_collections.ncloud.ncr.tests.unit.fake_registry import (
    PASSWORD, REALM, REGISTRY, STORAGE, TOKEN, USER, FakeRegistry, basic, registry_client_for)

HOST = 'my-registry.kr.ncr.ntruss.com'
KEYS = dict(access_key='AKTESTACCESSKEY00001', secret_key='sEcReT-never-printed-0123456789', timeout=7, page_size=100,
            concurrency=4, retries=2)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def image_registry(auth='bearer', **kwargs):
    fake = FakeRegistry(auth=auth, **kwargs)
    digest, dummy = fake.put_image('team/app', tag='1.0')
    return fake, digest


def authorizations(fake, host):
    return [auth for dummy, url, auth in fake.seen if url.split('/')[2] == host]


# Settings ------------------------------------------------------------------------------------------------------

def settings(environ=None, **options):
    return connection_settings(dict(KEYS, **options), environ=environ or {}, registry=True)


def test_registry_url_defaults_to_the_pull_host_of_site_and_region():
    assert registry_url(settings(), 'my-registry') == 'https://my-registry.kr.ncr.ntruss.com'
    assert registry_url(settings(region='SGN'), 'my-registry') == 'https://my-registry.sg.ncr.ntruss.com'
    assert registry_url(settings(site='gov'), 'my-registry') == 'https://my-registry.ncr.gov-ntruss.com'
    given = settings(registry_url='https://abcd.kr.private-ncr.ntruss.com/')
    assert registry_url(given, 'my-registry') == 'https://abcd.kr.private-ncr.ntruss.com'


def test_a_region_without_a_pull_host_needs_registry_url():
    with pytest.raises(NcrError, match=r"^registry_url: is needed: site 'public', region 'XX'") as err:
        registry_url(settings(region='XX', endpoint='https://ncr.example.test/ncr/api/v2'), 'my-registry')
    assert err.value.option == 'registry_url'


@pytest.mark.parametrize('url, problem', [
    ('https://registry.example.test/v2', 'without a path'),
    ('http://registry.example.test', 'only allowed to a loopback address'),
    ('https://registry.example.test/?x=1', 'a query or a fragment'),
    ('https://user:pw@registry.example.test', 'credentials'),
    ('ftp://registry.example.test', 'https://host[:port]'),
    ('https://registry.exa\nmple.test', 'control characters'),
])
def test_a_bad_registry_url_is_refused_naming_the_option(url, problem):
    with pytest.raises(NcrError) as err:
        settings(registry_url=url)
    assert err.value.option == 'registry_url' and str(err.value).startswith('registry_url: ')
    assert problem in str(err.value)
    assert 'pw' not in str(err.value)


def test_registry_url_from_the_environment_names_the_variable():
    assert settings({'ANSIBLE_NCLOUD_NCR_REGISTRY_URL': 'http://127.0.0.1:5000'}).registry_url == 'http://127.0.0.1:5000'
    with pytest.raises(NcrError, match='from the environment variable ANSIBLE_NCLOUD_NCR_REGISTRY_URL'):
        settings({'ANSIBLE_NCLOUD_NCR_REGISTRY_URL': 'http://registry.example.test'})


def test_registry_options_are_not_read_by_tasks_that_do_not_use_the_registry():
    plain = connection_settings(dict(KEYS, registry_url='not a url'), environ={})
    assert plain.registry_url is None and plain.registry_password is None


def test_registry_credentials_default_to_the_key_pair():
    found = settings()
    assert (found.registry_username, found.registry_password) == (KEYS['access_key'], KEYS['secret_key'])
    assert found.registry_credentials_source == 'the NCP key pair (options)'
    assert 'sEcReT' not in repr(found)


def test_registry_credentials_need_no_key_pair_and_come_in_pairs():
    options = dict(timeout=7, page_size=100, concurrency=4, retries=2)
    found = connection_settings(dict(options, registry_username='u', registry_password='p'), environ={}, registry=True)
    assert (found.access_key, found.registry_username, found.registry_password) == (None, 'u', 'p')
    env = {'ANSIBLE_NCLOUD_NCR_REGISTRY_USERNAME': 'u', 'ANSIBLE_NCLOUD_NCR_REGISTRY_PASSWORD': 'p'}
    assert connection_settings(options, environ=env, registry=True).registry_password == 'p'
    with pytest.raises(NcrError, match='^registry_password: is required when registry_username is given'):
        connection_settings(dict(options, registry_username='u'), environ={}, registry=True)
    with pytest.raises(NcrError, match='^No NCP API credentials found'):
        connection_settings(options, environ={}, registry=True, configure_file='/nonexistent')
    with pytest.raises(NcrError, match='^registry_username: must be printable text without ":"'):
        connection_settings(dict(options, registry_username='a:b', registry_password='p'), environ={}, registry=True)


# Challenges ----------------------------------------------------------------------------------------------------


# Auth flows ----------------------------------------------------------------------------------------------------

def test_basic_auth_sends_the_credentials_to_the_registry_only():
    fake, digest = image_registry('basic')
    client, dummy = registry_client_for(fake)
    assert head(client, 'team/app', '1.0')['digest'] == digest
    assert [(m, url) for m, url, dummy in fake.seen] == [('GET', REGISTRY + '/v2/'), ('HEAD', REGISTRY + '/v2/team/app/manifests/1.0')]
    assert authorizations(fake, HOST) == [None, basic(USER, PASSWORD)]
    assert fake.tokens_issued == 0


@pytest.mark.parametrize('key', ['token', 'access_token'])
def test_bearer_token_from_the_realm_with_service_and_scope(key):
    fake, digest = image_registry(token_key=key)
    client, dummy = registry_client_for(fake)
    assert head(client, 'team/app', '1.0')['digest'] == digest
    methods_urls = [(m, url) for m, url, dummy in fake.seen]
    assert methods_urls == [
        ('GET', REGISTRY + '/v2/'),
        ('GET', REALM + '?service=%s&scope=repository%%3Ateam%%2Fapp%%3Apull' % HOST),
        ('HEAD', REGISTRY + '/v2/team/app/manifests/1.0')]
    # The realm (another host) gets the Basic credentials, the registry only the token.
    assert authorizations(fake, 'auth.example.test') == [basic(USER, PASSWORD)]
    assert authorizations(fake, HOST) == [None, 'Bearer %s:team/app:1' % TOKEN]


def test_a_token_is_reused_for_its_lifetime_then_fetched_again():
    fake, dummy = image_registry(expires_in=300)
    clock = Clock()
    client, dummy = registry_client_for(fake, clock=clock)
    for dummy in range(3):
        head(client, 'team/app', '1.0')
    clock.now += 290
    head(client, 'team/app', '1.0')
    assert fake.tokens_issued == 1 and fake.count('GET', '/v2/', HOST) == 1
    clock.now += 10
    head(client, 'team/app', '1.0')
    assert fake.tokens_issued == 2


def test_a_token_without_expires_in_is_reused_for_60_seconds():
    fake, dummy = image_registry()
    clock = Clock()
    client, dummy = registry_client_for(fake, clock=clock)
    head(client, 'team/app', '1.0')
    clock.now += 50
    head(client, 'team/app', '1.0')
    assert fake.tokens_issued == 1
    clock.now += 10
    head(client, 'team/app', '1.0')
    assert fake.tokens_issued == 2


def test_each_image_gets_a_token_of_its_own_scope():
    fake, dummy = image_registry()
    fake.put_image('web', tag='2.0')
    client, dummy = registry_client_for(fake)
    head(client, 'team/app', '1.0')
    head(client, 'web', '2.0')
    head(client, 'team/app', '1.0')
    scopes = [url.split('scope=')[1] for dummy, url, dummy in fake.seen if url.startswith(REALM)]
    assert scopes == ['repository%3Ateam%2Fapp%3Apull', 'repository%3Aweb%3Apull']


def test_a_token_the_registry_refuses_before_its_time_is_replaced_once():
    fake, digest = image_registry()
    client, dummy = registry_client_for(fake)
    head(client, 'team/app', '1.0')
    fake.valid_tokens.clear()
    assert head(client, 'team/app', '1.0')['digest'] == digest
    assert fake.tokens_issued == 2


def test_a_token_refused_as_soon_as_issued_fails_at_once():
    fake, dummy = image_registry()
    client, dummy = registry_client_for(fake)
    fake.faults = [None, None] + [lambda req: fake.challenge(req, 'repository:team/app:pull')] * 10
    with pytest.raises(NcrError) as err:
        head(client, 'team/app', '1.0')
    message = str(err.value)
    assert message.startswith('HEAD %s/v2/team/app/manifests/1.0: HTTP 401' % REGISTRY)
    assert 'refused the credentials' in message and 'registry_username' in message
    assert TOKEN not in message and PASSWORD not in message
    assert len(fake.seen) == 3 and fake.tokens_issued == 1


def test_a_challenge_loop_fails_after_one_new_token():
    fake, dummy = image_registry()
    client, dummy = registry_client_for(fake)
    head(client, 'team/app', '1.0')
    fake.faults = [lambda req: fake.challenge(req, 'repository:team/app:pull'), None,
                   lambda req: fake.challenge(req, 'repository:team/app:pull')] + [None] * 10
    with pytest.raises(NcrError, match='HTTP 401'):
        head(client, 'team/app', '1.0')
    # The reused token refused, one new token, refused too: then no more requests.
    assert fake.tokens_issued == 2 and fake.count('HEAD') == 3 and len(fake.seen) == 6


def test_a_realm_on_another_host_gets_no_token_and_the_registry_no_password():
    fake, dummy = image_registry()
    client, dummy = registry_client_for(fake)
    fetch(client, 'team/app', '1.0')
    for method, url, auth in fake.seen:
        if url.startswith(REALM):
            assert auth == basic(USER, PASSWORD)
        else:
            assert auth is None or auth.startswith('Bearer ')


def test_a_realm_on_plain_http_off_loopback_is_refused_before_any_request_to_it():
    fake, dummy = image_registry(realm='http://auth.example.test/token')
    client, dummy = registry_client_for(fake)
    with pytest.raises(NcrError) as err:
        head(client, 'team/app', '1.0')
    assert 'the realm http://auth.example.test/token, which is refused: it is plain http:// to a host that is not loopback' in str(err.value)
    assert [url for dummy, url, dummy in fake.seen] == [REGISTRY + '/v2/']


def test_a_realm_on_plain_http_on_loopback_is_used_without_a_proxy(monkeypatch):
    monkeypatch.setenv('HTTP_PROXY', 'http://proxy.example.test:3128')
    fake, digest = image_registry(realm='http://127.0.0.1:5001/token')
    client, dummy = registry_client_for(fake)
    assert head(client, 'team/app', '1.0')['digest'] == digest
    realm_send = [kwargs for kwargs, (dummy, url, dummy) in zip(client.transport.session.send_kwargs, fake.seen)
                  if url.startswith('http://127.0.0.1')]
    assert len(realm_send) == 1 and realm_send[0]['proxies'] == {}


def test_wrong_credentials_at_the_realm_name_the_options_not_the_values():
    fake, dummy = image_registry()
    client, dummy = registry_client_for(fake, registry_username=USER, registry_password='wrong-password-value')
    with pytest.raises(NcrError) as err:
        head(client, 'team/app', '1.0')
    message = str(err.value)
    assert message.startswith('GET %s (token for repository:team/app:pull): HTTP 401' % REALM)
    assert 'registry_username and registry_password' in message and 'wrong-password-value' not in message


def test_wrong_basic_credentials_name_their_source():
    fake, dummy = image_registry('basic')
    client, dummy = registry_client_for(fake, registry_username=None, registry_password=None)
    with pytest.raises(NcrError) as err:
        head(client, 'team/app', '1.0')
    assert 'refused the credentials (from the NCP key pair (options))' in str(err.value)
    assert err.value.status == 401 and 'sEcReT' not in str(err.value)


def test_a_token_answer_without_a_token_is_refused_without_showing_the_body():
    fake, dummy = image_registry()
    fake.faults = [None, lambda req: response(200, {'tokn': 'secret-looking-value'}, request=req)]
    client, dummy = registry_client_for(fake)
    with pytest.raises(NcrError, match='holds no usable "token" or "access_token"') as err:
        head(client, 'team/app', '1.0')
    assert 'secret-looking-value' not in str(err.value)


def test_an_unknown_challenge_is_an_error():
    fake, dummy = image_registry()
    fake.faults = [lambda req: response(401, {}, headers={'WWW-Authenticate': 'Negotiate'}, request=req)]
    client, dummy = registry_client_for(fake)
    with pytest.raises(NcrError, match='supports Basic and Bearer'):
        head(client, 'team/app', '1.0')


def test_no_auth_at_all_sends_no_authorization():
    fake, digest = image_registry(None)
    client, dummy = registry_client_for(fake)
    assert head(client, 'team/app', '1.0')['digest'] == digest
    assert authorizations(fake, HOST) == [None, None]


# Blobs and redirects -------------------------------------------------------------------------------------------

def test_a_blob_redirected_to_storage_is_read_without_authorization():
    fake, dummy = image_registry()
    client, dummy = registry_client_for(fake)
    manifest = fetch(client, 'team/app', '1.0')
    assert config(client, 'team/app', manifest, 'here')['os'] == 'linux'
    storage = [(url, auth) for dummy, url, auth in fake.seen if url.startswith(STORAGE)]
    assert len(storage) == 1 and storage[0][1] is None


@pytest.mark.parametrize('location, problem', [
    ('http://storage.example.test/blob?X-Signature=presigned-secret', 'plain http:// to a host that is not loopback'),
    ('ftp://storage.example.test/blob?X-Signature=presigned-secret', 'not an http(s) URL'),
])
def test_a_redirect_that_must_not_be_followed_is_refused_with_its_query_masked(location, problem):
    fake, dummy = image_registry()
    client, dummy = registry_client_for(fake)
    manifest = fetch(client, 'team/app', '1.0')
    fake.faults = [lambda req: response(307, text='', headers={'Location': location}, request=req)]
    with pytest.raises(NcrError) as err:
        config(client, 'team/app', manifest, 'here')
    assert problem in str(err.value) and 'presigned-secret' not in str(err.value)
    assert not [url for dummy, url, dummy in fake.seen if 'storage' in url]


def test_a_storage_failure_names_the_storage_request_with_its_query_masked():
    fake, dummy = image_registry()
    client, dummy = registry_client_for(fake)
    manifest = fetch(client, 'team/app', '1.0')
    fake.faults = [None, lambda req: response(403, text='<Error>AccessDenied</Error>', headers={}, request=req)]
    with pytest.raises(NcrError) as err:
        config(client, 'team/app', manifest, 'here')
    assert str(err.value).startswith('GET %s/blobs/' % STORAGE) and '?***' in str(err.value)
    assert 'HTTP 403' in str(err.value) and 'presigned-secret' not in str(err.value)


def test_a_manifest_redirect_is_not_followed():
    fake, dummy = image_registry()
    client, dummy = registry_client_for(fake)
    fake.faults = [None, None, lambda req: response(307, text='', headers={'Location': 'https://elsewhere.example/x?sig=1'},
                                                    request=req)]
    with pytest.raises(NcrError) as err:
        fetch(client, 'team/app', '1.0')
    assert 'redirect to https://elsewhere.example/x?*** not followed' in str(err.value)
    assert not [url for dummy, url, dummy in fake.seen if 'elsewhere' in url]


# Answers -------------------------------------------------------------------------------------------------------

def test_retry_after_is_honoured_for_registry_requests():
    fake, digest = image_registry()
    client, sleeps = registry_client_for(fake)
    fake.faults = [None, None, lambda req: response(503, text='', headers={'Retry-After': '2'}, request=req)]
    assert head(client, 'team/app', '1.0')['digest'] == digest
    assert sleeps == [2.0]


def test_a_missing_manifest_is_a_not_found_naming_host_and_request():
    fake, dummy = image_registry()
    client, dummy = registry_client_for(fake)
    with pytest.raises(NotFound) as err:
        fetch(client, 'team/app', 'nope')
    assert str(err.value) == 'GET %s/v2/team/app/manifests/nope: HTTP 404 Not Found (MANIFEST_UNKNOWN: manifest unknown)' % REGISTRY


def test_no_registry_api_at_the_url_names_registry_url():
    fake, dummy = image_registry()
    fake.faults = [lambda req: response(404, text='<html>nothing here</html>', headers={}, request=req)]
    client, dummy = registry_client_for(fake)
    with pytest.raises(NcrError) as err:
        head(client, 'team/app', '1.0')
    assert not isinstance(err.value, NotFound) and err.value.option == 'registry_url'
    assert str(err.value).startswith('GET %s/v2/: HTTP 404' % REGISTRY) and 'serves no registry API' in str(err.value)


def test_validate_certs_false_warns_about_the_registry_too():
    warning, = settings(validate_certs=False, registry_url='https://registry.example.test').warnings()
    assert 'the registry at https://registry.example.test' in warning
    warning, = settings(validate_certs=False).warnings()
    assert 'the registry at its pull host' in warning

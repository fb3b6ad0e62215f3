# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._endpoints import ENDPOINTS, endpoint_secrets, resolve_endpoint
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError


@pytest.mark.parametrize('site, region, url', [
    ('public', 'KR', 'https://ncr.apigw.ntruss.com/ncr/api/v2'),
    ('public', 'sgn', 'https://ncr.apigw.ntruss.com/ncr/sgn-api/v2'),
    ('public', 'JPN', 'https://ncr.apigw.ntruss.com/ncr/jpn-api/v2'),
    ('gov', 'KR', 'https://gov-ncr.apigw.gov-ntruss.com/ncr/kr/v2'),
    ('gov', 'KRS', 'https://gov-ncr.apigw.gov-ntruss.com/ncr/krs/v2'),
    ('fin', 'KR', 'https://ncr.apigw.fin-ntruss.com/ncr/api/v2'),
])
def test_endpoint_table(site, region, url):
    assert resolve_endpoint({'site': site, 'region': region}, {}) == url


def test_endpoint_defaults_and_environment():
    assert resolve_endpoint({}, {}) == ENDPOINTS[('public', 'KR')]
    assert resolve_endpoint({}, {'NCLOUD_SITE': 'gov', 'NCLOUD_REGION': 'KRS'}) == ENDPOINTS[('gov', 'KRS')]
    # Options beat the environment.
    assert resolve_endpoint({'region': 'JPN'}, {'NCLOUD_REGION': 'SGN'}) == ENDPOINTS[('public', 'JPN')]


def test_endpoint_overrides_site_and_region():
    assert resolve_endpoint({'endpoint': 'https://proxy.example/ncr/api/v2/', 'site': 'gov', 'region': 'XX'}, {}) == \
        'https://proxy.example/ncr/api/v2'


@pytest.mark.parametrize('site, region, option, fragment', [
    ('public', 'KRS', 'region', "unknown region 'KRS' for site 'public'"),
    ('gov', 'SGN', 'region', 'known regions for that site: KR, KRS'),
    ('moon', 'KR', 'site', 'must be one of public, gov, fin'),
])
def test_unknown_site_region(site, region, option, fragment):
    with pytest.raises(NcrError) as err:
        resolve_endpoint({'site': site, 'region': region}, {})
    assert err.value.option == option
    assert str(err.value).startswith(option + ':')
    assert fragment in str(err.value)


@pytest.mark.parametrize('endpoint, fragment', [
    ('ncr.apigw.ntruss.com/ncr/api/v2', 'must be an http(s) URL'),
    ('ftp://127.0.0.1/ncr/api/v2', 'must be an http(s) URL'),
    ('http://ncr.apigw.ntruss.com/ncr/api/v2', 'only allowed to a loopback address'),
    ('http://10.0.0.5:8080/ncr/api/v2', 'only allowed to a loopback address'),
    ('https://user:pw@host/ncr/api/v2', 'must not contain credentials'),
    ('https://host/ncr/api/v2?x=1', 'must not contain credentials, a query'),
    ('https://host:99999/ncr/api/v2', 'is not a valid URL'),
])
def test_bad_endpoints(endpoint, fragment):
    with pytest.raises(NcrError) as err:
        resolve_endpoint({'endpoint': endpoint}, {})
    assert str(err.value).startswith('endpoint:')
    assert fragment in str(err.value)


@pytest.mark.parametrize('endpoint', [
    'https://ak-user:s3cr3t-pw@host/ncr/api/v2',
    'ftp://ak-user:s3cr3t-pw@host/ncr/api/v2',
    'http://ak-user:s3cr3t-pw@10.0.0.5/ncr/api/v2',
    'https://ak-user:s3cr3t-pw@host:99999/ncr/api/v2',
    'https://host/ncr/api/v2?token=s3cr3t-pw',
    'https://host/ncr/api/v2#s3cr3t-pw',
])
def test_bad_endpoint_messages_hide_credentials_and_queries(endpoint):
    with pytest.raises(NcrError) as err:
        resolve_endpoint({'endpoint': endpoint}, {})
    assert str(err.value).startswith('endpoint:')
    assert 's3cr3t-pw' not in str(err.value)
    assert 'ak-user' not in str(err.value)
    assert '***' in str(err.value)


@pytest.mark.parametrize('endpoint', ['http://127.0.0.1:8080/ncr/api/v2', 'http://localhost/ncr/api/v2', 'http://[::1]:80/ncr/api/v2',
                                      'http://127.5.6.7/ncr/api/v2', 'http://LOCALHOST:80/ncr/api/v2'])
def test_plain_http_allowed_on_loopback(endpoint):
    assert resolve_endpoint({'endpoint': endpoint}, {}) == endpoint


@pytest.mark.parametrize('endpoint, fragment', [
    # urlsplit's host is evil.example\.localhost, but urllib3 (and so requests) connects to evil.example.
    ('http://evil.example\\.localhost/ncr/api/v2', 'plain DNS name or IP address'),
    ('http://evil.example\\@localhost/ncr/api/v2', 'must not contain credentials'),
    ('https://evil.example\\.localhost/ncr/api/v2', 'plain DNS name or IP address'),
    ('http://127.0.0.1%2f.evil.example/ncr/api/v2', 'plain DNS name or IP address'),
    ('http://l\u043ecalhost/ncr/api/v2', 'plain DNS name or IP address'),
    ('HTTP://ncr.example.com/ncr/api/v2', 'only allowed to a loopback address'),
    # Issue 22.16: a name under .localhost is not loopback by its name: a resolver may send it anywhere.
    ('http://evil.localhost/ncr/api/v2', 'only allowed to a loopback address'),
    ('http://a.b.localhost:8080/ncr/api/v2', 'only allowed to a loopback address'),
    ('http://localhost.evil.example/ncr/api/v2', 'only allowed to a loopback address'),
    ('http://127.0.0.1:/ncr/api/v2', 'plain DNS name or IP address'),
    ('http://[fe80::1%25eth0]/ncr/api/v2', 'plain DNS name or IP address'),
    # urlsplit drops tabs and newlines (127.0.0.1.evil.example), http.client refuses them: refused here.
    ('http://127.0.0.1\n.evil.example/ncr/api/v2', 'control characters'),
    ('https://ncr.example\r\nX-Injected: 1/ncr/api/v2', 'control characters'),
    ('https://ncr.exa\tmple/ncr/api/v2', 'control characters'),
    ('https://ncr.example\x00/ncr/api/v2', 'control characters'),
    ('https://ncr.example\x85/ncr/api/v2', 'control characters'),
    ('https://ncr example/ncr/api/v2', 'control characters'),
])
def test_endpoint_host_is_judged_as_urllib3_connects(endpoint, fragment):
    with pytest.raises(NcrError) as err:
        resolve_endpoint({'endpoint': endpoint}, {})
    assert err.value.option == 'endpoint'
    assert str(err.value).startswith('endpoint:')
    assert fragment in str(err.value)
    assert '\n' not in str(err.value) and '\r' not in str(err.value)


def test_the_host_urllib3_connects_to_is_the_one_judged():
    from urllib3.util import parse_url
    for endpoint in ('http://127.0.0.1:8080/ncr/api/v2', 'https://ncr.apigw.ntruss.com/ncr/api/v2', 'http://[::1]/x',
                     'https://ncr_internal.corp:8443/ncr/api/v2', 'HTTPS://NCR.example/ncr/api/v2'):
        assert resolve_endpoint({'endpoint': endpoint}, {}) == endpoint
        assert parse_url(endpoint).host.strip('[]').lower() in endpoint.lower()


@pytest.mark.parametrize('password', ['Sec1/Sec2', 'Sec1#Sec2', 'Sec1?Sec2', 'Sec1@Sec2', 'Sec1/Sec2#Sec3?Sec4@Sec5',
                                      'Sec1%2FSec2', 'Sec1:Sec2'])
@pytest.mark.parametrize('form', ['https://ak-user:{0}@ncr.example/ncr/api/v2', 'http://ak-user:{0}@10.0.0.5/ncr/api/v2',
                                  'https://{0}@ncr.example/ncr/api/v2', 'ak-user:{0}@ncr.example/ncr/api/v2',
                                  'https://ak-user:{0}@ncr.example:99999/ncr/api/v2',
                                  'https://ak-user:{0}@ncr.example/ncr/api/v2?token=Tok1'])
def test_an_endpoint_password_is_masked_whatever_it_holds(form, password):
    endpoint = form.format(password)
    with pytest.raises(NcrError) as err:
        resolve_endpoint({'endpoint': endpoint}, {})
    message = str(err.value)
    assert message.startswith('endpoint:')
    for piece in ['Sec1', 'Sec2', 'Sec3', 'Sec4', 'Sec5', 'Tok1', 'ak-user']:
        assert piece not in message
    assert '***' in message
    # The module adds these to no_log_values, which Ansible masks wherever they appear (invocation too).
    secrets = endpoint_secrets(endpoint)
    assert secrets and all(s for s in secrets)
    masked = endpoint
    for secret in secrets:
        masked = masked.replace(secret, '********')
    userinfo = form.split('{0}')[0].rpartition('//')[2] + password
    # What follows the first ":" is the password; a userinfo without one is a token, all of it secret.
    hidden = userinfo.partition(':')[2] or userinfo
    for piece in ['Sec1', 'Sec2', 'Sec3', 'Sec4', 'Sec5', 'Tok1']:
        assert piece not in hidden + '?token=Tok1' or piece not in masked


@pytest.mark.parametrize('endpoint', [None, '', 'https://ncr.example/ncr/api/v2', 'http://127.0.0.1:8080/ncr/api/v2'])
def test_an_endpoint_without_secrets_masks_nothing(endpoint):
    assert endpoint_secrets(endpoint) == set()

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._argspec import CONNECTION_ARGSPEC
from ansible_collections.ncloud.ncr.plugins.module_utils._connection import connection_settings
from ansible_collections.ncloud.ncr.plugins.module_utils._credentials import resolve_credentials
from ansible_collections.ncloud.ncr.plugins.module_utils._endpoints import ENDPOINTS, endpoint_secrets, resolve_endpoint
from ansible_collections.ncloud.ncr.plugins.module_utils._names import validate_names, validate_tag_name

# The module's defaults, so that an option added to the argspec needs no change here.
BASE = dict((name, spec['default']) for name, spec in CONNECTION_ARGSPEC.items() if 'default' in spec)


def settings(environ=None, configure_file='/nonexistent/configure', **options):
    opts = dict(BASE, access_key='ak', secret_key='sk')
    opts.update(options)
    return connection_settings(opts, environ=environ or {}, configure_file=configure_file)


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


def write(tmp_path, text):
    path = tmp_path / 'configure'
    path.write_text(text)
    return str(path)


def test_credentials_precedence(tmp_path):
    conf = write(tmp_path, '[DEFAULT]\nncloud_access_key_id = FILEAK\nncloud_secret_access_key = FILESK\n')
    env = {'NCLOUD_ACCESS_KEY': 'ENVAK', 'NCLOUD_SECRET_KEY': 'ENVSK'}
    assert resolve_credentials({'access_key': 'OPTAK', 'secret_key': 'OPTSK'}, env, conf) == ('OPTAK', 'OPTSK', 'options')
    assert resolve_credentials({}, env, conf) == ('ENVAK', 'ENVSK', 'environment')
    assert resolve_credentials({}, {}, conf)[:2] == ('FILEAK', 'FILESK')


def test_credentials_from_sdk_style_environment():
    env = {'NCLOUD_ACCESS_KEY_ID': 'A2', 'NCLOUD_SECRET_ACCESS_KEY': 'S2'}
    assert resolve_credentials({}, env, '/nonexistent')[:2] == ('A2', 'S2')
    # The Terraform-style names win when both are set.
    env.update(NCLOUD_ACCESS_KEY='A1', NCLOUD_SECRET_KEY='S1')
    assert resolve_credentials({}, env, '/nonexistent')[:2] == ('A1', 'S1')


def test_profiles_in_sectioned_file(tmp_path):
    conf = write(tmp_path, '# written by ncloud configure\n[DEFAULT]\nncloud_access_key_id = D1\nncloud_secret_access_key = D2\n'
                           'ncloud_api_url = https://ncloud.apigw.ntruss.com\n\n[prod]\nncloud_access_key_id=P1\n'
                           'ncloud_secret_access_key=P2\n')
    assert resolve_credentials({'profile': 'prod'}, {}, conf)[:2] == ('P1', 'P2')
    assert resolve_credentials({}, {'NCLOUD_PROFILE': 'prod'}, conf)[:2] == ('P1', 'P2')
    assert resolve_credentials({}, {}, conf)[2] == 'file %s [DEFAULT]' % conf
    with pytest.raises(NcrError) as err:
        resolve_credentials({'profile': 'nope'}, {}, conf)
    assert "profile: 'nope' not found" in str(err.value)
    assert 'DEFAULT, prod' in str(err.value)


def test_section_less_file_is_the_default_profile(tmp_path):
    conf = write(tmp_path, 'ncloud_access_key_id = OLD1\nncloud_secret_access_key = OLD2\n')
    assert resolve_credentials({}, {}, conf)[:2] == ('OLD1', 'OLD2')


def test_missing_credentials_lists_every_place_looked():
    with pytest.raises(NcrError) as err:
        resolve_credentials({}, {}, '/nonexistent/configure')
    message = str(err.value)
    for place in ('access_key and secret_key options', 'NCLOUD_ACCESS_KEY / NCLOUD_ACCESS_KEY_ID',
                  'NCLOUD_SECRET_KEY / NCLOUD_SECRET_ACCESS_KEY', '/nonexistent/configure', "profile 'DEFAULT'"):
        assert place in message


@pytest.mark.parametrize('options, environ, option', [
    ({'access_key': 'ak'}, {}, 'secret_key'),
    ({'secret_key': 'sk'}, {}, 'access_key'),
    ({}, {'NCLOUD_ACCESS_KEY': 'ak'}, 'secret_key'),
    ({}, {'NCLOUD_SECRET_ACCESS_KEY': 'sk'}, 'access_key'),
])
def test_half_a_key_pair_is_an_error(options, environ, option):
    with pytest.raises(NcrError) as err:
        resolve_credentials(options, environ, '/nonexistent')
    assert err.value.option == option


@pytest.mark.parametrize('option, value, fragment', [
    ('page_size', 0, 'between 1 and 1000, got 0'),
    ('page_size', -5, 'between 1 and 1000, got -5'),
    ('page_size', 10 ** 9, 'between 1 and 1000'),
    ('page_size', 'many', 'must be an integer'),
    ('concurrency', 0, 'between 1 and 32'),
    ('retries', 11, 'between 0 and 10'),
    ('timeout', 0, 'more than 0'),
    ('timeout', 'soon', 'must be a number of seconds'),
])
def test_numeric_bounds(option, value, fragment):
    with pytest.raises(NcrError) as err:
        settings(**{option: value})
    assert str(err.value).startswith(option + ':')
    assert fragment in str(err.value)


def test_ca_cert(tmp_path):
    bundle = tmp_path / 'ca.pem'
    bundle.write_text('-----BEGIN CERTIFICATE-----\n')
    assert settings(ca_cert=str(bundle)).verify == str(bundle)
    assert settings(validate_certs=False).verify is False
    assert settings().verify is True
    with pytest.raises(NcrError, match='^ca_cert: contradicts validate_certs=false'):
        settings(ca_cert=str(bundle), validate_certs=False)
    with pytest.raises(NcrError, match='^ca_cert: file not found'):
        settings(ca_cert=str(tmp_path / 'missing.pem'))


def test_only_an_unverified_https_endpoint_warns(tmp_path):
    bundle = tmp_path / 'ca.pem'
    bundle.write_text('-----BEGIN CERTIFICATE-----\n')
    warnings = settings(validate_certs=False).warnings()
    assert len(warnings) == 1
    assert warnings[0].startswith('validate_certs=false: ') and 'ca_cert' in warnings[0]
    assert settings().warnings() == []
    assert settings(ca_cert=str(bundle)).warnings() == []
    # Nothing to verify over plain http (loopback only), so nothing to warn about.
    assert settings(validate_certs=False, endpoint='http://127.0.0.1:8080/ncr/api/v2').warnings() == []


def test_settings_repr_hides_the_secret():
    assert 'sk-very-secret' not in repr(settings(secret_key='sk-very-secret'))


@pytest.mark.parametrize('registry', ['ab', 'A-reg', '1reg', 'reg-', 'reg_x', 'r' * 31, '', None, 'reg/x', 'reg name',
                                      'my-registry\n'])
def test_invalid_registry_names(registry):
    with pytest.raises(NcrError) as err:
        validate_names(registry, 'app')
    assert str(err.value).startswith('registry:')


@pytest.mark.parametrize('image', ['', 'App', 'app ', ' app', 'a..b', '../etc', 'app?x', 'app#1', 'app%2F', 'a//b', '/app',
                                   'app/', '-app', 'a' * 256, None, 'app\n', 'team/app\n'])
def test_invalid_image_names(image):
    with pytest.raises(NcrError) as err:
        validate_names('my-registry', image)
    assert str(err.value).startswith('image:')


@pytest.mark.parametrize('image', ['app', 'team/app', 'a/b/c', 'my_app', 'my__app', 'my---app', 'v1.2', 'a' * 255])
def test_valid_image_names(image):
    validate_names('my-registry', image)


@pytest.mark.parametrize('name', ['', '.hidden', '-x', 'a' * 129, 'a b', 'a/b', 'a:b', 'v1.0.0\n'])
def test_invalid_tag_names(name):
    with pytest.raises(NcrError, match='^tag:'):
        validate_tag_name('tag', name)


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


def test_an_upper_case_https_endpoint_still_warns_without_verification():
    warnings = settings(validate_certs=False, endpoint='HTTPS://ncr.example/ncr/api/v2').warnings()
    assert len(warnings) == 1 and warnings[0].startswith('validate_certs=false: ')


BAD_ACCESS_KEYS = ['AKIDX\r\nX-Injected: 1', 'AKIDX\n', 'AKIDX\tKEY', 'AKIDX KEY', ' AKIDX', 'AKIDX\x00', 'AKIDX\x7f',
                   'AKIDX\u00e9', 'AKIDX\ud55c\uae00', 'AKIDX\udcff']


def assert_access_key_refused_unshown(err, source):
    message = str(err.value)
    assert err.value.option == 'access_key' and message.startswith('access_key:')
    assert 'is not shown' in message and source in message
    assert 'AKIDX' not in message and 'sk-secret' not in message


@pytest.mark.parametrize('access', BAD_ACCESS_KEYS)
def test_an_access_key_that_cannot_go_into_a_header_is_refused_unshown(access):
    with pytest.raises(NcrError) as err:
        settings(access_key=access, secret_key='sk-secret')
    assert_access_key_refused_unshown(err, 'options')
    with pytest.raises(NcrError) as err:
        settings(environ={'NCLOUD_ACCESS_KEY': access, 'NCLOUD_SECRET_KEY': 'sk-secret'}, access_key=None, secret_key=None)
    assert_access_key_refused_unshown(err, 'environment')


@pytest.mark.parametrize('access', ['AKIDX\tKEY', 'AKIDX KEY', 'AKIDX\x7f', 'AKIDX\u00e9', 'AKIDX\ud55c\uae00'])
def test_an_access_key_from_the_configure_file_is_checked_too(tmp_path, access):
    conf = write(tmp_path, '[DEFAULT]\nncloud_access_key_id = %s\nncloud_secret_access_key = sk-secret\n' % access)
    with pytest.raises(NcrError) as err:
        settings(configure_file=conf, access_key=None, secret_key=None)
    assert_access_key_refused_unshown(err, 'file ' + conf)


def test_a_secret_key_that_cannot_be_encoded_is_refused_unshown():
    with pytest.raises(NcrError) as err:
        settings(secret_key='sk-secret\ud800')
    assert err.value.option == 'secret_key' and str(err.value).startswith('secret_key:')
    assert 'sk-secret' not in str(err.value)
    # Bytes an environment could not decode (surrogate escapes) are a key all the same.
    assert settings(secret_key='sk-secret\udcff').secret_key == 'sk-secret\udcff'

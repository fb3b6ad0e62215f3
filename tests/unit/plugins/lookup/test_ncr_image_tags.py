# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible.errors import AnsibleLookupError
from ansible.plugins.loader import lookup_loader

from ansible_collections.ncloud.ncr.plugins.module_utils import _transport
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, ENDPOINT, SECRET, FakeNcr, gateway_error, make_tag, response


@pytest.fixture
def ncr(serve_fake_ncr):
    fake = FakeNcr()
    fake.add_image('my-registry', 'team/backend', [make_tag('v1.0.0', 1700000000000, index=1),
                                                   make_tag('v1.4.2', 1710000000000, index=2),
                                                   make_tag('2.0.0-rc.1', 1720000000000, index=3)])
    fake.add_image('my-registry', 'web', [make_tag('latest', 1730000000000, index=4), make_tag('v3.1.0', 1700000000000, index=5)])
    return serve_fake_ncr(fake)


def lookup(terms, variables=None, **kwargs):
    plugin = lookup_loader.get('ncloud.ncr.ncr_image_tags')
    options = dict(endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET, cache_ttl=0)
    options.update(kwargs)
    options = dict((k, v) for k, v in options.items() if v is not None)
    return plugin.run(terms, variables=variables or {}, **options)


def test_names_of_two_terms_concatenated_in_order_over_one_session(ncr):
    assert lookup(['my-registry/team/backend', 'my-registry/web'], sort='name', order='asc') == \
        ['2.0.0-rc.1', 'v1.0.0', 'v1.4.2', 'latest', 'v3.1.0']
    assert len(ncr.sessions) == 1 and len(ncr.sessions[0].send_kwargs) == 2


def test_output_latest_is_one_name_per_term(ncr):
    assert lookup(['my-registry/team/backend'], output='latest', sort='semver', include_prerelease=False) == ['v1.4.2']
    assert lookup(['my-registry/team/backend', 'my-registry/web'], output='latest', include=['v.*']) == ['v1.4.2', 'v3.1.0']
    assert lookup(['my-registry/web'], output='latest', include=['nothing']) == [None]


def test_output_tags_adds_registry_and_image(ncr):
    tags = lookup(['my-registry/team/backend'], output='tags', limit=1)
    assert len(tags) == 1
    assert (tags[0]['registry'], tags[0]['image'], tags[0]['name']) == ('my-registry', 'team/backend', '2.0.0-rc.1')
    assert tags[0]['last_updated'] == '2024-07-03T09:46:40Z' and tags[0]['platforms'] == ['linux/amd64']


def test_exact_tags(ncr):
    assert lookup(['my-registry/web'], tag=['latest', 'nope']) == ['latest']
    assert len(ncr.requests) == 2


@pytest.mark.parametrize('on_missing, expected', [('skip', ['latest', 'v3.1.0']), ('warn', ['latest', 'v3.1.0'])])
def test_on_missing_skips(ncr, on_missing, expected):
    assert lookup(['my-registry/ghost', 'my-registry/web'], on_missing=on_missing, sort='name', order='asc') == expected


def test_on_missing_latest_keeps_positions(ncr):
    assert lookup(['no-registry/web', 'my-registry/web'], on_missing='skip', output='latest') == [None, 'latest']


def test_on_missing_error_is_the_default(ncr):
    with pytest.raises(AnsibleLookupError, match="Image 'ghost' does not exist in registry 'my-registry'"):
        lookup(['my-registry/ghost'])


@pytest.mark.parametrize('on_missing', ['skip', 'warn'])
def test_on_missing_does_not_hide_a_wrong_endpoint(ncr, on_missing):
    # The gateway's 404 for a path no API serves is a wrong setting: skipping it would answer "no tags" for every image.
    body = gateway_error(404, '300', 'Not Found Exception', 'No API matches GET /repositories/my-registry/web/tags.')
    ncr.faults = [lambda req: response(404, body, request=req)]
    with pytest.raises(AnsibleLookupError, match="endpoint's path is wrong"):
        lookup(['my-registry/web'], on_missing=on_missing)


def test_on_missing_does_not_hide_auth_errors(ncr):
    with pytest.raises(AnsibleLookupError, match='HTTP 401'):
        lookup(['my-registry/web'], secret_key='wrong', on_missing='skip')


@pytest.mark.parametrize('terms, kwargs, fragment', [
    (['no-slash'], {}, "term 'no-slash': must be REGISTRY/IMAGE"),
    (['my-registry/Bad'], {}, 'image:'),
    (['x/web'], {}, 'registry:'),
    (['my-registry/web'], {'page_size': 0}, 'page_size: must be between 1 and 1000'),
    (['my-registry/web'], {'include': ['(']}, 'include: invalid regular expression'),
    (['my-registry/web'], {'endpoint': 'http://203.0.113.9/ncr/api/v2'}, 'endpoint: plain http://'),
    (['my-registry/web'], {'platform': 'linux'}, 'platform:'),
    (['my-registry/web'], {'newer_than': 'yesterday'}, 'newer_than:'),
])
def test_bad_input_is_a_lookup_error_before_any_request(ncr, terms, kwargs, fragment):
    with pytest.raises(AnsibleLookupError) as err:
        lookup(terms, **kwargs)
    assert fragment in str(err.value)
    assert ncr.requests == []


def test_unknown_keyword_is_rejected(ncr):
    with pytest.raises(AnsibleLookupError) as err:
        lookup(['my-registry/web'], colour='blue', incldue=['v.*'])
    # Each unknown name, the closest option where there is one, and where the options are told.
    assert str(err.value) == ("ncloud.ncr.ncr_image_tags: unknown option(s) colour, incldue (did you mean 'include'?); "
                              "see ansible-doc -t lookup ncloud.ncr.ncr_image_tags")
    assert ncr.requests == []


@pytest.mark.parametrize('keyword, meant', [
    ('sortt', 'sort'), ('limt', 'limit'), ('include_prereleases', 'include_prerelease'), ('outptu', 'output'),
    ('regoin', 'region'), ('cache_tl', 'cache_ttl'),
])
def test_a_misspelt_keyword_names_the_closest_option(ncr, keyword, meant):
    with pytest.raises(AnsibleLookupError) as err:
        lookup(['my-registry/web'], **{keyword: 'x'})
    assert "unknown option(s) %s (did you mean '%s'?)" % (keyword, meant) in str(err.value)
    assert ncr.requests == []


def test_option_precedence_kwargs_over_vars_over_env(ncr, monkeypatch):
    monkeypatch.setenv('ANSIBLE_NCLOUD_NCR_ENDPOINT', 'https://env.example.test/ncr/api/v2')
    variables = {'ncloud_ncr_endpoint': 'https://vars.example.test/ncr/api/v2'}
    plugin = lookup_loader.get('ncloud.ncr.ncr_image_tags')
    plugin.set_options(var_options=variables, direct={})
    assert plugin.get_option('endpoint') == 'https://vars.example.test/ncr/api/v2'
    plugin.set_options(var_options={}, direct={})
    assert plugin.get_option('endpoint') == 'https://env.example.test/ncr/api/v2'
    plugin.set_options(var_options=variables, direct={'endpoint': ENDPOINT})
    assert plugin.get_option('endpoint') == ENDPOINT


def test_ansible_sources_beat_vendor_environment(ncr, monkeypatch):
    monkeypatch.setenv('NCLOUD_ACCESS_KEY', 'vendor-ak')
    monkeypatch.setenv('NCLOUD_SECRET_KEY', 'vendor-sk')
    monkeypatch.setenv('ANSIBLE_NCLOUD_NCR_ACCESS_KEY', ACCESS)
    monkeypatch.setenv('ANSIBLE_NCLOUD_NCR_SECRET_KEY', SECRET)
    assert lookup(['my-registry/web'], access_key=None, secret_key=None, limit=1) == ['latest']
    assert ncr.headers_seen[0]['x-ncp-iam-access-key'] == ACCESS


def test_vendor_environment_is_the_fallback(ncr, monkeypatch):
    monkeypatch.setenv('NCLOUD_ACCESS_KEY_ID', ACCESS)
    monkeypatch.setenv('NCLOUD_SECRET_ACCESS_KEY', SECRET)
    assert lookup(['my-registry/web'], access_key=None, secret_key=None, limit=1) == ['latest']


def test_secret_never_in_messages(ncr):
    with pytest.raises(AnsibleLookupError) as err:
        lookup(['my-registry/web'], secret_key='s3cr3t-value-xyz')
    assert 's3cr3t-value-xyz' not in str(err.value)
    assert ncr.headers_seen[0]['x-ncp-apigw-signature-v2'] not in str(err.value)


def test_cache_serves_repeated_evaluations(ncr, tmp_path, monkeypatch):
    from ansible_collections.ncloud.ncr.plugins.plugin_utils import _cache
    monkeypatch.setattr(_cache.C, 'DEFAULT_LOCAL_TMP', str(tmp_path), raising=False)
    for dummy in range(3):
        assert lookup(['my-registry/web'], cache_ttl=60, limit=1) == ['latest']
    # Other selections reuse the same listing.
    assert lookup(['my-registry/web'], cache_ttl=60, sort='name', order='asc') == ['latest', 'v3.1.0']
    assert len(ncr.requests) == 1
    # A different key pair is a different cache entry.
    ncr.access = 'OTHER'
    with pytest.raises(AnsibleLookupError, match='HTTP 401'):
        lookup(['my-registry/web'], cache_ttl=60, access_key='OTHER-WRONG')
    assert len(ncr.requests) == 2


def test_missing_requests_is_a_clear_error(ncr, monkeypatch):
    monkeypatch.setattr(_transport, 'HAS_REQUESTS', False)
    with pytest.raises(AnsibleLookupError, match='needs the Python library "requests"'):
        lookup(['my-registry/web'])


@pytest.mark.parametrize('kwargs, option', [
    ({'access_key': ACCESS + '\r\nX-Injected: 1'}, 'access_key'),
    ({'access_key': ACCESS + '\u00e9'}, 'access_key'),
    ({'access_key': ACCESS + '\ud55c'}, 'access_key'),
    ({'endpoint': 'https://ncr.example.test\r\n/ncr/api/v2'}, 'endpoint'),
    ({'endpoint': 'http://evil.example\\.localhost/ncr/api/v2'}, 'endpoint'),
    ({'endpoint': 'https://ak-user:pw/#?Sec1@ncr.example.test/ncr/api/v2'}, 'endpoint'),
])
def test_hostile_connection_input_is_refused_before_any_request(ncr, kwargs, option):
    with pytest.raises(AnsibleLookupError) as err:
        lookup(['my-registry/web'], **kwargs)
    message = str(err.value)
    assert message.startswith(option + ':')
    assert ACCESS not in message and SECRET not in message and 'Sec1' not in message and '\n' not in message
    assert ncr.requests == []


def test_cache_keys_on_the_secret_and_the_tls_settings(ncr, tmp_path, monkeypatch):
    from ansible_collections.ncloud.ncr.plugins.plugin_utils import _cache
    monkeypatch.setattr(_cache.C, 'DEFAULT_LOCAL_TMP', str(tmp_path), raising=False)
    assert lookup(['my-registry/web'], cache_ttl=60, limit=1) == ['latest']
    assert len(ncr.requests) == 1
    # A wrong secret is asked, not served the right one's answer.
    with pytest.raises(AnsibleLookupError, match='HTTP 401'):
        lookup(['my-registry/web'], cache_ttl=60, secret_key='not-the-secret')
    assert len(ncr.requests) == 2
    # validate_certs=true after validate_certs=false is asked again, as ca_cert is.
    assert lookup(['my-registry/web'], cache_ttl=60, limit=1, validate_certs=False) == ['latest']
    assert len(ncr.requests) == 3
    assert lookup(['my-registry/web'], cache_ttl=60, limit=1, validate_certs=True) == ['latest']
    assert len(ncr.requests) == 3
    for name in tmp_path.rglob('*'):
        if name.is_file():
            text = name.read_text()
            assert SECRET not in text and 'not-the-secret' not in text and ACCESS not in text
            assert not any(h['x-ncp-apigw-signature-v2'] in text for h in ncr.headers_seen)


def test_a_failed_listing_is_shared_by_the_cache(ncr, tmp_path, monkeypatch):
    from ansible_collections.ncloud.ncr.plugins.plugin_utils import _cache
    monkeypatch.setattr(_cache.C, 'DEFAULT_LOCAL_TMP', str(tmp_path), raising=False)
    ncr.secret = 'rotated'
    messages = []
    for dummy in range(3):
        with pytest.raises(AnsibleLookupError, match='HTTP 401') as err:
            lookup(['my-registry/web'], cache_ttl=60)
        messages.append(str(err.value))
    assert len(ncr.requests) == 1 and len(set(messages)) == 1
    # The status survives the cache: on_missing still tells a missing image from a failure.
    ncr.secret = SECRET
    assert lookup(['my-registry/nothing'], cache_ttl=60, on_missing='skip') == []
    assert lookup(['my-registry/nothing'], cache_ttl=60, on_missing='skip') == []
    requests_after_first = len(ncr.requests)
    with pytest.raises(AnsibleLookupError, match='does not exist'):
        lookup(['my-registry/nothing'], cache_ttl=60)
    assert len(ncr.requests) == requests_after_first


def test_an_out_of_range_time_is_null_and_warned_not_a_failure(ncr, monkeypatch):
    from ansible_collections.ncloud.ncr.plugins.plugin_utils import _lookup
    warnings = []
    monkeypatch.setattr(_lookup.display, 'warning', warnings.append)
    ncr.add_image('my-registry', 'odd', [make_tag('v1.0.0', 10 ** 20, index=1), make_tag('v1.1.0', 1700000000000, index=2)])
    tags = lookup(['my-registry/odd'], output='tags', sort='name', order='asc')
    assert [t['name'] for t in tags] == ['v1.0.0', 'v1.1.0']
    assert tags[0]['last_updated'] is None and tags[0]['unreadable'] == ['images[0].created', 'images[0].updated', 'last_updated']
    assert 'unreadable' not in tags[1]
    assert len(warnings) == 1 and warnings[0].startswith('ncloud.ncr.ncr_image_tags: my-registry/odd: 1 tag(s) have times')
    # Time filters leave it out, and the warning still tells why: it covers the whole listing.
    assert lookup(['my-registry/odd'], older_than='1d') == ['v1.1.0']
    assert len(warnings) == 2 and warnings[1] == warnings[0]


@pytest.mark.parametrize('name', ['x' * 129, 'bad name', '-x', 'v1\nv2'])
def test_a_tag_name_from_the_server_that_no_registry_accepts_fails_the_lookup(ncr, name):
    ncr.add_image('my-registry', 'odd', [make_tag('v1.0.0', index=1), make_tag(name, index=2)])
    with pytest.raises(AnsibleLookupError) as err:
        lookup(['my-registry/odd'], include=['(x+)+y'])
    message = str(err.value)
    assert 'not a valid tag name' in message and 'refused as a whole' in message
    assert name not in message or len(name) < 40
    assert 'Traceback' not in message

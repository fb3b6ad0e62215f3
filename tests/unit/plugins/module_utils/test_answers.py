# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue 22, items 12-15: values from a hostile server end as a message that names the request, never as an
exception's bare text, and no character that is not printable (ESC, CSI, DEL...) reaches a message raw."""

import json

import pytest
from hypothesis import given, strategies as st

from ansible_collections.ncloud.ncr.plugins.module_utils import _answers
from ansible_collections.ncloud.ncr.plugins.module_utils._api import image_tags, registry_info
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.plugins.module_utils._transport import retry_after_seconds
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import FakeNcr, client_for, gateway_error, make_tag, response
from ansible_collections.ncloud.ncr.tests.unit.strategies import FAST, envelopes, json_values

LISTING = '/ncr/api/v2/repositories/my-registry/app/tags?page=1&pagesize=100'
HOSTILE_TEXT = 'a\x1b[2J\x1b]0;pwned\x07b\x9b31mc\x7fd\u202ee'


def printable(text):
    """Printable but for nothing: white space is a plain space, and no control or format character is left."""
    return all(char.isprintable() for char in text)


def answer(body=None, status=200, text=None, headers=None):
    return lambda prepared: response(status, body, text=text, headers=headers, request=prepared)


def ncr_with(*faults):
    fake = FakeNcr()
    fake.add_image('my-registry', 'app', [make_tag('v1.0.0', index=1), make_tag('v1.1.0', index=2)])
    fake.faults = list(faults)
    return fake


def list_tags(fake, **options):
    client, dummy = client_for(fake, retries=options.pop('retries', 0))
    return image_tags(client, Selection(options), 'my-registry', 'app')


def failure(fake, **options):
    with pytest.raises(NcrError) as err:
        list_tags(fake, **options)
    message = str(err.value)
    assert printable(message), message
    assert len(message) < 1200, message
    return message


# ---------------------------------------------------------------- the snippet and the helpers

def test_snippet_escapes_what_a_terminal_would_obey():
    text = _answers.snippet(HOSTILE_TEXT)
    assert text == 'a\\x1b[2J\\x1b]0;pwned\\x07b\\x9b31mc\\x7fd\\u202ee'
    assert printable(text)


def test_snippet_keeps_printable_text_and_collapses_white_space():
    assert _answers.snippet('인증 실패\r\n\tdetails  here') == '인증 실패 details here'


def test_snippet_stays_short_however_many_escapes():
    text = _answers.snippet('\x1b' * 10000)
    assert len(text) <= _answers.SNIPPET_LEN + 3
    assert text.endswith('...') and printable(text)


@pytest.mark.parametrize('value, expected', [('12', 12), (' 7 ', 7), ('\u00b2', None), ('\u0663', None), ('9' * 5000, None),
                                             ('', None), ('-1', None), ('1e3', None), (None, None), (12, None)])
def test_decimal_takes_ascii_digits_only(value, expected):
    assert _answers.decimal(value) == expected


@pytest.mark.parametrize('value', ['\u00b2', '9' * 5000, 'Mon, 99 Foo 99999 99:99:99 GMT', '\x1b[2J'])
def test_retry_after_that_is_no_number_is_ignored(value):
    assert retry_after_seconds(value) is None


def test_shown_values_are_short_and_escaped():
    assert _answers.shown(['x'] * 100000) == 'a JSON array'
    assert _answers.shown(10 ** 4000) == 'a 4001-digit number'
    assert printable(_answers.shown('\x1b' * 5 * 1024 * 1024))
    assert len(_answers.shown('x' * 5 * 1024 * 1024)) <= 63


# ---------------------------------------------------------------- item 12: no exception from server values

@pytest.mark.parametrize('count', ['\u00b2', '9' * 5000, 2 ** 60, -1, [1], {'a': 1}, True, 1.5])
def test_a_count_that_is_no_count_names_the_page(count):
    message = failure(ncr_with(answer({'count': count, 'next': None, 'results': []})))
    assert message.startswith('Listing tags of my-registry/app: page 1 has no valid "count"'), message


@pytest.mark.parametrize('nxt', ['\u00b2', '9' * 5000, 2 ** 60, [2], {'page': 2}, -2])
def test_a_next_that_is_no_page_names_the_page(nxt):
    message = failure(ncr_with(answer({'count': 2, 'next': nxt, 'results': [make_tag('v1.0.0', index=1)]})))
    assert message.startswith('Listing tags of my-registry/app: page 1 has an invalid "next"'), message


def test_retry_after_superscript_two_is_retried_with_back_off():
    fake = ncr_with(answer(gateway_error(429, '420', 'Rate Limited', 'slow down'), status=429, headers={'Retry-After': '\u00b2'}))
    client, sleeps = client_for(fake, retries=1)
    assert image_tags(client, Selection({}), 'my-registry', 'app')['total'] == 2
    assert len(sleeps) == 1 and sleeps[0] <= 1.0


@pytest.mark.parametrize('length', ['\u00b2', '9' * 5000, '-5', '1e9'])
def test_content_length_that_is_no_number_is_left_to_the_streamed_count(length):
    resp = response(200, {'count': 0})
    resp.headers['Content-Length'] = length
    assert _answers.read_body(resp, 'GET /x') == b'{"count": 0}'


def test_content_length_of_many_digits_is_refused_without_showing_them():
    resp = response(200, {'count': 0})
    resp.headers['Content-Length'] = '9' * 30
    with pytest.raises(NcrError, match=r'^Request to GET /x refused: the answer is over 10\^18 bytes'):
        _answers.read_body(resp, 'GET /x')


@pytest.mark.parametrize('digest', [['sha256:' + 'a' * 64], {'sha256': 'a' * 64}, 7, True])
def test_a_tag_digest_that_is_a_list_or_an_object_names_the_page(digest):
    tag = dict(make_tag('v1.0.0', index=1), digest=digest)
    message = failure(ncr_with(answer({'count': 1, 'next': None, 'results': [tag]})))
    assert message.startswith('Listing tags of my-registry/app, page 1: The server answered with a digest that is not '
                              'a digest'), message
    assert "(tag 'v1.0.0')" in message
    assert 'unhashable' not in message


# ---------------------------------------------------------------- item 13: control characters from the server

def test_gateway_message_and_details_are_escaped():
    message = failure(ncr_with(answer(gateway_error(500, '9\x1b[31m00', HOSTILE_TEXT, HOSTILE_TEXT), status=500)))
    assert message.startswith('GET %s failed: HTTP 500 a\\x1b[2J' % LISTING), message
    assert '(errorCode 9\\x1b[31m00)' in message


def test_reason_phrase_is_escaped():
    def reasoned(prepared):
        resp = response(500, text='', request=prepared)
        resp.reason = 'Internal \x1b]0;title\x07Error'
        return resp
    message = failure(ncr_with(reasoned))
    assert 'HTTP 500 Internal \\x1b]0;title\\x07Error' in message, message


def test_redirect_location_is_escaped():
    message = failure(ncr_with(answer(text='', status=302, headers={'Location': 'https://evil.example/\x1b[2Jx'})))
    assert 'redirect to https://evil.example/\\x1b[2Jx, not followed' in message, message


def test_html_body_is_escaped():
    message = failure(ncr_with(answer(text='<html>\x1b[2J\x1b]0;pwned\x07</html>', status=502,
                                      headers={'Content-Type': 'text/html'})))
    assert message.startswith('GET %s failed: HTTP 502 ' % LISTING)
    assert '<html>\\x1b[2J\\x1b]0;pwned\\x07</html>' in message, message


def test_error_facts_are_escaped_too():
    with pytest.raises(NcrError) as err:
        list_tags(ncr_with(answer(gateway_error(500, '\x1b1', HOSTILE_TEXT, {'deep': HOSTILE_TEXT}), status=500)))
    facts = err.value.to_dict()
    for key in ('error_code', 'message', 'details'):
        assert printable(facts[key]), facts


def test_details_nested_too_deep_to_print_are_named_by_kind():
    nested = []
    for dummy in range(100000):
        nested = [nested]
    assert _answers._text(nested) == 'a JSON array'


# ---------------------------------------------------------------- item 14: registry names from the server

@pytest.mark.parametrize('name', ['../../etc\r\n\x1b[31m', 'x' * (5 * 1024 * 1024), 'UPPER', 'ab', '-abc', None, ['a']])
def test_registry_names_from_the_server_are_checked_like_the_registry_option(name):
    fake = FakeNcr()
    good = {'name': 'my-registry', 'bucket': 'b', 'end_point': 'e', 'usage': 0, 'created': 0, 'status': 'ok'}
    fake.faults = [answer({'count': 2, 'next': None, 'results': [good, dict(good, name=name)]})]
    client, dummy = client_for(fake, retries=0)
    with pytest.raises(NcrError) as err:
        registry_info(client)
    message = str(err.value)
    # A name that is no string is no named item to the page reader already.
    assert message.startswith('Listing registries, page 1: The server answered with a registry name that is not valid'
                              if isinstance(name, str) else 'Listing registries: page 1 has no valid "results"'), message
    assert printable(message) and len(message) < 400, message


def test_registry_names_from_a_plain_list_are_checked_too():
    fake = FakeNcr()
    fake.faults = [answer(text='[{"name": "ok-registry"}, {"name": "bad\\u001b[31m"}]')]
    client, dummy = client_for(fake, retries=0)
    with pytest.raises(NcrError, match=r"^Listing registries: The server answered with a registry name that is not valid "
                                       r".*'bad\\x1b\[31m'") as err:
        registry_info(client)
    assert printable(str(err.value))


def test_valid_registry_names_are_listed():
    fake = FakeNcr()
    fake.faults = [answer({'count': 1, 'next': None, 'results': [{'name': 'my-registry'}]})]
    client, dummy = client_for(fake, retries=0)
    assert registry_info(client)['names'] == ['my-registry']


# ---------------------------------------------------------------- item 15: digests from the server

@pytest.mark.parametrize('digest', [
    "sha256:{{ lookup('pipe', 'id') }}",
    'sha256:' + 'A' * 64,
    'sha256:' + 'a' * 63,
    'sha512:' + 'a' * 64,
    'md5:' + 'a' * 32,
    '',
    'sha256:' + 'a' * 64 + '\n',
])
def test_a_tag_digest_that_is_not_algorithm_and_hex_is_refused(digest):
    tag = dict(make_tag('v1.0.0', index=1), digest=digest)
    message = failure(ncr_with(answer({'count': 1, 'next': None, 'results': [tag]})))
    assert message.startswith('Listing tags of my-registry/app, page 1: The server answered with a digest that is not '
                              'a digest'), message
    assert 'no reference is made from it' in message
    assert "lookup('pipe'" not in message or '{{' in message  # shown quoted, never templated


def test_an_image_digest_that_is_not_a_digest_is_refused():
    tag = make_tag('v1.0.0', index=1, platforms=('linux/amd64', 'linux/arm64'))
    tag['images'][1]['digest'] = 'sha256:$(reboot)'
    message = failure(ncr_with(answer({'count': 1, 'next': None, 'results': [tag]})))
    assert 'The server answered with a images[1].digest that is not a digest' in message, message


def test_a_tag_detail_digest_is_checked_too():
    tag = dict(make_tag('v1.0.0', index=1), digest='sha256:nope')
    message = failure(ncr_with(answer(tag)), tag=['v1.0.0'])
    assert message.startswith('Tag detail of my-registry/app: The server answered with a digest'), message


def test_valid_and_absent_digests_pass():
    sha512 = dict(make_tag('v2.0.0', index=3), digest='sha512:' + 'b' * 128)
    absent = dict(make_tag('v3.0.0', index=4), digest=None)
    result = list_tags(ncr_with(answer({'count': 2, 'next': None, 'results': [sha512, absent]})))
    assert sorted(result['names']) == ['v2.0.0', 'v3.0.0']


@FAST
@given(bodies=st.lists(json_values | envelopes, min_size=1, max_size=4),
       options=st.fixed_dictionaries({}, optional={'sort': st.sampled_from(['updated', 'name', 'semver', 'none']),
                                                   'include_prerelease': st.booleans(), 'older_than': st.just('1d'),
                                                   'platform': st.just('linux/amd64')}))
def test_any_json_body_gives_a_result_or_a_clear_error(bodies, options):
    ncr = FakeNcr()
    ncr.add_image('my-registry', 'app', [])
    answers = list(bodies)
    ncr.faults = [lambda req, body=body: response(200, text=json.dumps(body), request=req) for body in answers] + \
        [lambda req: response(200, {'count': 0, 'next': None, 'results': []}, request=req)] * 20
    client, _sleeps = client_for(ncr, concurrency=2)
    try:
        result = image_tags(client, Selection(options), 'my-registry', 'app')
    except NcrError as exc:
        assert str(exc) and 'Traceback' not in str(exc)
        return
    assert result['count'] == len(result['tags']) == len(result['names']) <= result['total']
    assert len(set(result['names'])) == result['count'], 'never a doubled tag'

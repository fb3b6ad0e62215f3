# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tools/ncr_simulator.py: its own signer against NCP's vectors, its fault table, its route table, and a live server
signed by the collection's signer (the two implementations check each other)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import gzip
import http.client
import importlib.util
import json
import os
import threading
import time

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._signing import auth_headers

# The collection's tools/ directory: tests/unit/tools/ is three levels below the collection's root.
SIMULATOR_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'tools', 'ncr_simulator.py')


def _load_simulator():
    spec = importlib.util.spec_from_file_location('ncr_simulator', SIMULATOR_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sim_module = _load_simulator()

KINDS = ('status', 'drop', 'html', 'truncated', 'slow', 'next_loop', 'count_change', 'huge_count', 'big_body',
         'gzip_bomb', 'trickle', 'deep_json', 'redirect', 'no_api')


# ------------------------------------------------------------------------------------------------ signer

@pytest.mark.parametrize('target, expected', [
    # NCP's published signature v2 vectors.
    ('/cluster/kubeconfig', 'LTJli9+OKT2KvUXxiKslMfu5FIOmDN83avehOvgUFp0='),
    ('/iam/krs-v1/user?clusterUuid=D11328F1-ECA9-4F1B-BA22-921F61D9C5FF', 'emeahfW4CmzsxIQ5ip0cd9yqERXJ+ZJsRfQpGNmKdXk='),
])
def test_signer_matches_ncp_vectors(target, expected):
    assert sim_module.signature_v2('GET', target, '1668407407855', 'access', 'secret') == expected


def test_signer_agrees_with_the_collection_on_an_encoded_target():
    target = '/ncr/api/v2/repositories/r/team%2Fapp/tags?page=2&pagesize=100'
    headers = auth_headers('GET', target, 'AK', 'SK', now=1700000000.5)
    assert sim_module.signature_v2('GET', target, headers['x-ncp-apigw-timestamp'], 'AK', 'SK') == headers['x-ncp-apigw-signature-v2']


# ------------------------------------------------------------------------------------------------ fault table

def test_the_table_has_one_entry_per_kind_in_order():
    assert tuple(sim_module.FAULT_TABLE) == KINDS
    assert all(entry.name == name for name, entry in sim_module.FAULT_TABLE.items())


@pytest.mark.parametrize('kind, params', [
    ('status', {'status': 503, 'retry_after': None, 'retry_after_in': None, 'error_code': None, 'message': None,
                'details': None, 'body': None, 'details_bytes': 0}),
    ('drop', {}),
    ('html', {'status': 502, 'body': None}),
    ('truncated', {}),
    ('slow', {'seconds': 5}),
    ('next_loop', {'mode': 'endless'}),
    ('count_change', {'delta': 1}),
    ('huge_count', {'total': 10 ** 12}),
    ('big_body', {'mb': 300}),
    ('gzip_bomb', {'mb': 0}),
    ('trickle', {'bytes': 1, 'seconds': 1}),
    ('deep_json', {'depth': 5000}),
    ('redirect', {'status': 302, 'location': sim_module.DEFAULT_REDIRECT}),
    ('no_api', {}),
])
def test_defaults(kind, params):
    spec = {'kind': kind, 'mb': 0} if kind == 'gzip_bomb' else {'kind': kind}  # gzip_bomb compresses its padding at once
    fault = sim_module.Fault(spec, 7)
    assert fault.params == params
    assert (fault.count, fault.skip, fault.match, fault.method) == (1, 0, '', None)


@pytest.mark.parametrize('spec, message', [
    ({'kind': 'status', 'status': 700}, 'fault status must be an HTTP status code, got 700'),
    ({'kind': 'status', 'status': True}, 'fault status must be an HTTP status code, got True'),
    ({'kind': 'status', 'details_bytes': -1}, 'fault details_bytes must be an integer >= 0, got -1'),
    ({'kind': 'html', 'status': '502'}, "fault status must be an HTTP status code, got '502'"),
    ({'kind': 'slow', 'seconds': -1}, 'fault seconds must be a number >= 0, got -1'),
    ({'kind': 'slow', 'seconds': 'x'}, "fault seconds must be a number >= 0, got 'x'"),
    ({'kind': 'next_loop', 'mode': 'forever'}, "fault mode must be endless, back or fresh, got 'forever'"),
    ({'kind': 'count_change', 'delta': 1.5}, 'fault delta must be an integer, got 1.5'),
    ({'kind': 'huge_count', 'total': -1}, 'fault total must be an integer >= 0, got -1'),
    ({'kind': 'big_body', 'mb': -1}, 'fault mb must be an integer >= 0, got -1'),
    ({'kind': 'gzip_bomb', 'mb': 'x'}, "fault mb must be an integer >= 0, got 'x'"),
    ({'kind': 'trickle', 'bytes': 0}, 'fault bytes must be an integer >= 1, got 0'),
    ({'kind': 'trickle', 'seconds': -2}, 'fault seconds must be a number >= 0, got -2'),
    ({'kind': 'deep_json', 'depth': 0}, 'fault depth must be an integer >= 1, got 0'),
    ({'kind': 'redirect', 'status': 200}, 'fault status must be a 3xx code, got 200'),
    ({'kind': 'redirect', 'location': 5}, 'fault location must be a string, got 5'),
    ({'kind': 'nope'}, "fault kind must be one of %s, got 'nope'" % ', '.join(KINDS)),
    ({'kind': ['status']}, 'fault kind must be one of'),
    ({}, 'fault kind must be one of'),
    ({'kind': 'drop', 'count': -1}, 'fault count must be an integer >= 0, got -1'),
    ({'kind': 'drop', 'skip': True}, 'fault skip must be an integer >= 0, got True'),
    ({'kind': 'drop', 'match': 5}, 'fault match must be a string'),
])
def test_bad_keys_are_refused(spec, message):
    with pytest.raises(sim_module.DataError) as err:
        sim_module.Fault(spec, 1)
    assert message in str(err.value)


def test_a_fault_must_be_an_object():
    with pytest.raises(sim_module.DataError, match='a fault must be a JSON object'):
        sim_module.Fault(['status'], 1)


def test_listed_with_its_status_and_what_remains():
    fault = sim_module.Fault({'kind': 'html', 'count': 3, 'match': 'page=2'}, 4)
    fault.fired = 1
    assert fault.describe() == {'kind': 'html', 'count': 3, 'match': 'page=2', 'status': 502, 'id': 4, 'fired': 1, 'remaining': 2}
    endless = sim_module.Fault({'kind': 'slow', 'count': 0}, 5)
    assert endless.describe() == {'kind': 'slow', 'count': 0, 'id': 5, 'fired': 0, 'remaining': None}


def test_keys_of_other_kinds_are_not_checked():
    assert sim_module.Fault({'kind': 'drop', 'depth': 0, 'mode': 'x'}, 1).params == {}


def test_help_api_documents_every_kind_and_key():
    text = sim_module.help_api()
    for name, entry in sim_module.FAULT_TABLE.items():
        line = next(line for line in text.splitlines() if line.startswith('- ``%s``: ' % name))
        paragraph = ' '.join(text[text.index(line):].split('\n- ', 1)[0].split())
        for key in entry.keys:
            assert '``%s`` (' % key.name in paragraph, (name, key.name)
    assert sim_module.FAULT_KINDS_LINE not in text
    assert '--self-test' not in text


def test_faults_posted_together_are_checked_before_any_is_added():
    sim = sim_module.Simulator(lambda: sim_module.Store({'registries': []}), 'AK', 'SK', {})
    call = sim_module.ControlCall(sim, 'POST', {}, [{'kind': 'drop'}, {'kind': 'slow', 'seconds': -1}])
    with pytest.raises(sim_module.DataError):
        sim_module.control_faults(call)
    assert sim.faults == []
    status, body = sim_module.control_faults(sim_module.ControlCall(sim, 'POST', {}, [{'kind': 'drop'}, {'kind': 'status', 'status': 429}]))
    assert status == 200 and [f['kind'] for f in body['faults']] == ['drop', 'status']


# ------------------------------------------------------------------------------------------------ route table

@pytest.mark.parametrize('target, area, prefix, route, params', [
    ('/ncr/api/v2/repositories', 'api', '/ncr/api/v2', 'registries', {}),
    ('/ncr/api/v2/repositories?page=2&pagesize=10', 'api', '/ncr/api/v2', 'registries', {}),
    ('/ncr/sgn-api/v2/repositories/my-reg', 'api', '/ncr/sgn-api/v2', 'images', {'registry': 'my-reg'}),
    ('/ncr/api/v2/repositories/my-reg/team%2Fapp', 'api', '/ncr/api/v2', 'image', {'registry': 'my-reg', 'image': 'team/app'}),
    ('/ncr/krs/v2/repositories/my-reg/team%2Fapp/tags?page=3', 'api', '/ncr/krs/v2', 'tags', {'registry': 'my-reg', 'image': 'team/app'}),
    ('/ncr/api/v2/repositories/my-reg/web/tags/v1.0%2B1', 'api', '/ncr/api/v2', 'tag', {'registry': 'my-reg', 'image': 'web', 'tag': 'v1.0+1'}),
    # a raw "/" in an image name makes another path, which no route matches
    ('/ncr/api/v2/repositories/my-reg/team/app/tags', 'api', '/ncr/api/v2', None, None),
    ('/ncr/api/v2/repositories/my-reg/web/labels', 'api', '/ncr/api/v2', None, None),
    ('/ncr/api/v2/repositories/my-reg/web/tags/v1/x', 'api', '/ncr/api/v2', None, None),
    ('/ncr/api/v2/repositories/', 'api', '/ncr/api/v2', None, None),
    ('/ncr/api/v2/repositories//web', 'api', '/ncr/api/v2', None, None),
    ('/ncr/api/v2/reposit%6Fries', 'api', '/ncr/api/v2', None, None),
    ('/ncr/api/v2', 'api', '/ncr/api/v2', None, None),
    ('/ncr/api/v3/repositories', 'api', None, None, None),
    ('/repositories', 'api', None, None, None),
    ('/_simx/health', 'api', None, None, None),
    ('/_sim/health', 'control', None, 'health', {}),
    ('/_sim/faults/', 'control', None, 'faults', {}),
    ('/_sim/log?since=3', 'control', None, 'log', {}),
    ('/_sim/images', 'control', None, 'images', {}),
    ('/_sim/nope', 'control', None, None, None),
    ('/_sim', 'control', None, None, None),
])
def test_parse_target(target, area, prefix, route, params):
    parsed = sim_module.parse_target(target)
    assert (parsed.target, parsed.area, parsed.prefix) == (target, area, prefix)
    assert (parsed.route.name if parsed.route else None, parsed.params) == (route, params)
    if parsed.route is not None:
        assert parsed.route.area == area


def test_query_is_parsed_once_with_the_route():
    parsed = sim_module.parse_target('/ncr/api/v2/repositories/r/i/tags?page=2&pagesize=&x=1')
    assert parsed.path == '/ncr/api/v2/repositories/r/i/tags'
    assert parsed.query == {'page': ['2'], 'pagesize': [''], 'x': ['1']}
    assert parsed.route.listing and parsed.route.methods == ('GET',)
    assert sim_module.parse_target('/_sim/log?since=').query == {}


def test_every_route_is_in_one_table():
    names = [(r.area, r.name) for r in sim_module.ROUTES]
    assert names == [('api', 'registries'), ('api', 'images'), ('api', 'image'), ('api', 'tags'), ('api', 'tag'),
                     ('control', 'health'), ('control', 'log'), ('control', 'faults'), ('control', 'clock'),
                     ('control', 'config'), ('control', 'reset'), ('control', 'images')]
    assert [r.name for r in sim_module.ROUTES if r.listing] == ['registries', 'images', 'tags']


@pytest.mark.parametrize('query, expected', [
    ({}, (1, 20, None)),
    ({'page': ['3'], 'pagesize': ['1000']}, (3, 100, None)),
    ({'pagesize': ['0']}, (None, None, "pagesize must be a positive integer, got '0'")),
    ({'page': ['x']}, (None, None, "page must be a positive integer, got 'x'")),
])
def test_paging(query, expected):
    assert sim_module.paging(query, {'default_page_size': 20, 'max_page_size': 100}) == expected


# ------------------------------------------------------------------------------------------------ a live server

ACCESS, SECRET = 'NCRSIMUNITACCESS0001', 'NcrSimulatorUnitSecret000000000000000001'
PREFIX = '/ncr/api/v2'


@pytest.fixture(scope='module')
def server():
    args = sim_module.build_parser().parse_args(['--access-key', ACCESS, '--secret-key', SECRET, '--generate', 'unit-registry/many=250'])
    httpd, sim = sim_module.make_server(args)
    sim.store.add_tags('unit-registry', 'team/app', [{'name': 'v1.0.0', 'platforms': ['linux/amd64', 'linux/arm64/v8']}])
    sim.store.mutations = 0
    thread = threading.Thread(target=httpd.serve_forever, kwargs={'poll_interval': 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield httpd, sim
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def api(server):
    httpd, sim = server
    sim.reset()
    port = httpd.server_address[1]

    def call(target, method='GET', secret=SECRET, now=None, body=None, signed=True):
        headers = auth_headers(method, target, ACCESS, secret, now) if signed else {}
        connection = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
        try:
            connection.request(method, target, body=json.dumps(body) if body is not None else None, headers=headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    return call


def body_of(answer):
    return json.loads(answer[2].decode('utf-8'))


def last_entry(sim, count=1):
    """The newest log entry, once ``count`` are there: an entry is added just after its answer is sent."""
    deadline = time.time() + 10
    while len(sim.entries()) < count and time.time() < deadline:
        time.sleep(0.01)
    return sim.entries()[-1]


def fault(api, spec):
    status, _headers, _body = api('/_sim/faults', 'POST', body=spec, signed=False)
    assert status == 200


def test_listing_pages_are_clamped_and_complete(api):
    names, page, requests = [], 1, 0
    while page is not None:
        answer = api('%s/repositories/unit-registry/many/tags?page=%d&pagesize=1000' % (PREFIX, page))
        assert answer[0] == 200
        names += [t['name'] for t in body_of(answer)['results']]
        page = body_of(answer)['next']
        requests += 1
    assert len(names) == len(set(names)) == 250 and requests == 3
    past = body_of(api(PREFIX + '/repositories/unit-registry/many/tags?page=99'))
    assert past['results'] == [] and past['next'] is None


@pytest.mark.parametrize('target, kwargs, status, error_code', [
    (PREFIX + '/repositories/unit-registry/many/tags?pagesize=0', {}, 400, '100'),
    (PREFIX + '/repositories/unit-registry/many/tags', {'secret': SECRET + 'x'}, 401, '200'),
    (PREFIX + '/repositories/unit-registry/many/tags', {'now': time.time() - 400}, 401, '200'),
    (PREFIX + '/repositories/no-such-registry/many/tags', {}, 404, '300'),
    (PREFIX + '/repositories/unit-registry/team/app/tags', {}, 404, '300'),
    (PREFIX + '/repositories/unit-registry/many/tags', {'method': 'DELETE'}, 405, '100'),
])
def test_gateway_errors(api, target, kwargs, status, error_code):
    answer = api(target, **kwargs)
    assert answer[0] == status and body_of(answer)['error']['errorCode'] == error_code


def test_encoded_image_name_and_gov_prefix(api):
    answer = api(PREFIX + '/repositories/unit-registry/team%2Fapp/tags')
    assert answer[0] == 200 and body_of(answer)['count'] == 1 and len(body_of(answer)['results'][0]['images']) == 2
    answer = api('/ncr/krs/v2/repositories/unit-registry/team%2Fapp/tags/v1.0.0')
    assert answer[0] == 200 and body_of(answer)['name'] == 'v1.0.0'


def test_a_fault_fires_before_the_signature_check_and_is_consumed(api):
    fault(api, {'kind': 'status', 'status': 429, 'retry_after': '1'})
    answer = api(PREFIX + '/repositories', secret='wrong')
    assert answer[0] == 429 and answer[1]['Retry-After'] == '1' and body_of(answer)['error']['errorCode'] == '420'
    assert api(PREFIX + '/repositories')[0] == 200


def test_listing_faults_change_the_envelope(api):
    target = PREFIX + '/repositories/unit-registry/many/tags?page=3&pagesize=100'
    fault(api, [{'kind': 'next_loop', 'mode': 'back'}, {'kind': 'count_change', 'delta': -10}, {'kind': 'huge_count', 'total': 7}])
    assert body_of(api(target))['next'] == 1
    shifted = body_of(api(target))
    assert shifted['count'] == 240 and len(shifted['results']) == 40  # items 211-250: ten were deleted before them
    assert body_of(api(target))['count'] == 7


@pytest.mark.parametrize('spec, status, check', [
    ({'kind': 'truncated'}, 200, lambda headers, data: int(headers['Content-Length']) == len(data) and not data.endswith(b'}')),
    ({'kind': 'html'}, 502, lambda headers, data: headers['Content-Type'].startswith('text/html') and b'502 Bad Gateway' in data),
    ({'kind': 'deep_json', 'depth': 3}, 200, lambda headers, data: data == b'{"count": [[[]]]}'),
    ({'kind': 'redirect'}, 302, lambda headers, data: headers['Location'] == sim_module.DEFAULT_REDIRECT),
    ({'kind': 'no_api'}, 404, lambda headers, data: b'No API matches GET /ncr/api/v2/repositories.' in data),
    ({'kind': 'big_body', 'mb': 1}, 200, lambda headers, data: len(data) > 2 ** 20 and json.loads(data.decode('utf-8'))['count'] >= 1),
    ({'kind': 'gzip_bomb', 'mb': 1}, 200, lambda headers, data: headers['Content-Encoding'] == 'gzip' and json.loads(gzip.decompress(data))['count']),
    ({'kind': 'trickle', 'bytes': 512, 'seconds': 0}, 200, lambda headers, data: json.loads(data.decode('utf-8'))['count'] >= 1),
])
def test_answer_faults(api, server, spec, status, check):
    fault(api, spec)
    answer = api(PREFIX + '/repositories')
    assert answer[0] == status and check(answer[1], answer[2])
    entry = last_entry(server[1])
    assert entry['fault'] == spec['kind'] and entry['status'] == status


def test_a_dropped_connection_is_logged_with_status_0(api, server):
    fault(api, {'kind': 'drop'})
    with pytest.raises((http.client.HTTPException, OSError)):
        api(PREFIX + '/repositories')
    entry = last_entry(server[1])
    assert entry['status'] == 0 and entry['reason'] == 'fault_drop'


def test_the_log_has_every_api_request_and_no_secret(api, server):
    api(PREFIX + '/repositories')
    api(PREFIX + '/repositories/unit-registry', secret='wrong')
    api(PREFIX + '/nothing')
    last_entry(server[1], 3)
    log = body_of(api('/_sim/log', signed=False))
    # A handler logs after it answers, so on a busy machine the next request may be logged first: compare as a set.
    assert sorted((repr(e['route']), e['status'], repr(e['reason'])) for e in log) == sorted(
        (repr(route), status, repr(reason))
        for route, status, reason in [('registries', 200, None), ('images', 401, 'bad_signature'), (None, 404, 'no_such_route')])
    assert SECRET not in json.dumps(log)


@pytest.mark.parametrize('method, target, status, error', [
    ('GET', '/_sim/nope', 404, 'no control endpoint /_sim/nope; known: clock, config, faults, health, images, log, reset'),
    ('GET', '/_sim/reset', 405, 'GET /_sim/reset is not supported (use POST)'),
    ('POST', '/_sim/clock', 400, 'POST /_sim/clock wants {"offset_seconds": NUMBER}'),
])
def test_control_errors(api, method, target, status, error):
    answer = api(target, method, signed=False)
    assert answer[0] == status and body_of(answer) == {'error': error}

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tools/ncr_simulator.py: its own signer against NCP's vectors, its fault table, its route table, and a live server
signed by the collection's signer (the two implementations check each other)."""

import base64
import gzip
import hashlib
import http.client
import importlib.util
import json
import os
import socket
import threading
import time
import urllib.parse

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
         'gzip_bomb', 'trickle', 'deep_json', 'redirect', 'no_api', 'header', 'junk', 'challenge_loop', 'http_realm', 'no_digest',
         'wrong_digest', 'big_manifest')


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
    ('header', {'header': 'Content-Length', 'value': '\u00b2'}),
    ('junk', {'total': 100000, 'mb': 8}),
    ('challenge_loop', {}),
    ('http_realm', {'realm': 'http://auth.ncr-simulator.test/token'}),
    ('no_digest', {}),
    ('wrong_digest', {'digest': 'sha256:' + __import__('hashlib').sha256(b'not this manifest').hexdigest()}),
    ('big_manifest', {'mb': 5}),
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
    ({'kind': 'drop', 'plane': 'data'}, "fault plane must be api or registry for kind drop, got 'data'"),
    ({'kind': 'no_digest', 'plane': 'api'}, "fault plane must be registry for kind no_digest, got 'api'"),
    ({'kind': 'drop', 'host': 'token'}, "fault host must be one of registry, token, storage (with plane \"registry\"), got 'token'"),
    ({'kind': 'drop', 'plane': 'registry', 'host': 'auth'}, "fault host must be one of registry, token, storage"),
    ({'kind': 'challenge_loop', 'host': 'token'}, "fault host must be registry for kind challenge_loop, got 'token'"),
    ({'kind': 'big_manifest', 'mb': -1}, 'fault mb must be an integer >= 0, got -1'),
    ({'kind': 'http_realm', 'realm': None}, 'fault realm must be a string, got None'),
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
                     ('control', 'config'), ('control', 'reset'), ('control', 'images'), ('control', 'registries')]
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
        sim.data_plane.shutdown()
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


def test_the_header_fault_sends_a_header_as_given(api, server):
    fault(api, {'kind': 'header'})
    answer = api(PREFIX + '/repositories')
    assert answer[0] == 200 and answer[1]['Content-Length'] == '\u00b2' and json.loads(answer[2].decode('utf-8'))['count'] >= 1
    fault(api, {'kind': 'header', 'header': 'X-Odd', 'value': '\x1b[2J'})
    assert api(PREFIX + '/repositories')[1]['X-Odd'] == '\x1b[2J'
    assert api('/_sim/faults', 'POST', body={'kind': 'header', 'value': '\u0663'}, signed=False)[0] == 400
    assert last_entry(server[1], 2)['fault'] == 'header'


def test_the_junk_fault_pads_pages_of_a_listing_of_total_items(api, server):
    fault(api, {'kind': 'junk', 'total': 1000, 'mb': 0.25, 'count': 0})
    last = body_of(api(PREFIX + '/repositories/unit-registry/many/tags?page=1000&pagesize=1'))
    assert last['count'] == 1000 and last['next'] is None
    assert [tag['name'] for tag in last['results']] == ['junk-999']
    assert last['results'][0]['digest'] == 'sha256:%064x' % 999 and len(last['results'][0]['junk']) == 2 ** 18
    first = body_of(api(PREFIX + '/repositories/unit-registry/many/tags?page=1&pagesize=1'))
    assert first['next'] == 2 and first['results'][0]['name'] != 'junk-0' and 'junk' in first['results'][0]
    # Both logged before the next test resets the log: an entry is added just after its (big) answer is sent.
    assert last_entry(server[1], 2)['fault'] == 'junk'


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
    ('GET', '/_sim/nope', 404, 'no control endpoint /_sim/nope; known: clock, config, faults, health, images, log, registries, reset'),
    ('GET', '/_sim/reset', 405, 'GET /_sim/reset is not supported (use POST)'),
    ('POST', '/_sim/clock', 400, 'POST /_sim/clock wants {"offset_seconds": NUMBER}'),
])
def test_control_errors(api, method, target, status, error):
    answer = api(target, method, signed=False)
    assert answer[0] == status and body_of(answer) == {'error': error}


# ------------------------------------------------------------------------------------------------ data plane: documents

def seed_store():
    return sim_module.load_data(os.path.join(os.path.dirname(SIMULATOR_PATH), 'ncr_seed.json'), now=1700000000)


def sha256(data):
    return 'sha256:' + hashlib.sha256(data).hexdigest()


def test_every_api_digest_is_a_manifest_the_data_plane_serves():
    store = seed_store()
    checked = 0
    for registry in store.registries:
        for image in registry.images:
            manifests, _blobs = image.documents()
            for tag in image.tags:
                answer, content = tag.api(registry, image), tag.content(registry, image)
                # What the tag resolves to, under the digest of its exact bytes.
                assert manifests[content.digest][1] == content.body and sha256(content.body) == content.digest
                for item in answer['images']:
                    media_type, body = manifests[item['digest']]
                    assert sha256(body) == item['digest'] and media_type.endswith('manifest.v1+json') or media_type.endswith('manifest.v2+json')
                if content.media_type in sim_module.INDEX_TYPES:
                    entries = json.loads(content.body.decode('utf-8'))['manifests']
                    platforms = dict(('/'.join(p for p in (e['platform']['os'], e['platform']['architecture'], e['platform'].get('variant')) if p), e)
                                     for e in entries if e['platform']['os'] != 'unknown')
                    api_platforms = dict(('/'.join(p for p in (i['os'], i['architecture'], i['variant']) if p), i['digest']) for i in answer['images'])
                    assert dict((k, e['digest']) for k, e in platforms.items()) == api_platforms
                    # The API's tag digest is the linux/amd64 entry's, and not what the tag resolves to.
                    assert answer['digest'] == platforms.get('linux/amd64', entries[0])['digest'] != content.digest
                    assert all(e['size'] == len(manifests[e['digest']][1]) for e in entries)
                else:
                    assert answer['digest'] == content.digest
                checked += 1
    assert checked > 1250


def test_multi_arch_tags_are_indexes_and_single_platform_tags_plain_manifests():
    store = seed_store()
    web = store.by_name['demo-registry'].by_name['web']
    app = store.by_name['prod-registry'].by_name['app']
    kinds = dict((t.name, t.content(web.registry, web).media_type) for t in web.tags)
    assert kinds['v1.4.2'] == kinds['latest'] == sim_module.DOCKER_LIST
    assert kinds['1.0.0'] == sim_module.DOCKER_MANIFEST
    api_oci = store.by_name['demo-registry'].by_name['api'].by_name['v1.0.1']
    assert api_oci.content(web.registry, web).media_type == sim_module.OCI_MANIFEST
    kinds = dict((t.name, t.content(app.registry, app).media_type) for t in app.tags)
    assert kinds['1.0.0'] == sim_module.DOCKER_MANIFEST and kinds['arm'] == sim_module.DOCKER_MANIFEST
    assert kinds['1.1.0'] == kinds['2.0.0'] == sim_module.OCI_INDEX
    # "latest" is the same index as 2.0.0.
    assert app.by_name['latest'].content(app.registry, app) is app.by_name['2.0.0'].content(app.registry, app)


def test_an_index_carries_attestation_manifests_that_are_not_platforms():
    store = seed_store()
    app = store.by_name['prod-registry'].by_name['app']
    for name, platforms in (('1.1.0', ['linux/amd64']), ('2.0.0', ['linux/amd64', 'linux/arm64/v8'])):
        tag = app.by_name[name]
        index = json.loads(tag.content(app.registry, app).body.decode('utf-8'))
        attestations = [e for e in index['manifests'] if e['platform'] == {'architecture': 'unknown', 'os': 'unknown'}]
        images = [e for e in index['manifests'] if e not in attestations]
        assert len(images) == len(attestations) == len(platforms)
        assert [i['digest'] for i in tag.api(app.registry, app)['images']] == [i['digest'] for i in images]
        for attestation, image in zip(attestations, images):
            assert attestation['annotations'] == {'vnd.docker.reference.digest': image['digest'],
                                                  'vnd.docker.reference.type': 'attestation-manifest'}
        # The one-platform index resolves elsewhere than the API's digest: the case docker pull pins differently.
        assert tag.content(app.registry, app).digest != tag.api(app.registry, app)['digest']
    assert json.loads(app.by_name['2.0.0'].content(app.registry, app).body.decode('utf-8'))['annotations'] == {
        'org.opencontainers.image.created': '2025-05-01T10:00:00Z'}


def test_config_blobs_have_created_and_oci_labels():
    store = seed_store()
    app = store.by_name['prod-registry'].by_name['app']
    manifests, blobs = app.documents()
    content = app.by_name['2.0.0'].content(app.registry, app)
    arm = content.platform_digests[('linux', 'arm64', 'v8')]
    config = json.loads(blobs[json.loads(manifests[arm][1].decode('utf-8'))['config']['digest']].decode('utf-8'))
    labels = config['config']['Labels']
    assert (config['os'], config['architecture'], config['variant'], config['created']) == ('linux', 'arm64', 'v8', '2025-05-01T10:00:00Z')
    assert labels['org.opencontainers.image.version'] == '2.0.0'
    assert labels['org.opencontainers.image.created'] == '2025-05-01T10:00:00Z'
    assert labels['org.opencontainers.image.source'] == 'https://git.example.test/prod-registry/app'
    assert len(labels['org.opencontainers.image.revision']) == 40
    assert labels['org.opencontainers.image.title'] == 'app' and labels['org.opencontainers.image.licenses'] == 'Apache-2.0'


def test_a_signature_names_what_the_tag_resolves_to_unless_it_signs_a_platform():
    store = seed_store()
    app = store.by_name['prod-registry'].by_name['app']
    index = app.by_name['2.0.0'].content(app.registry, app).digest
    signature = 'sha256-%s.sig' % index[7:]
    assert signature in app.by_name
    # The API's digest of 2.0.0 names the amd64 image: an API-only check finds no signature for it.
    assert 'sha256-%s.sig' % app.by_name['2.0.0'].api(app.registry, app)['digest'][7:] not in app.by_name
    sig = app.by_name[signature]
    sig_content = sig.content(app.registry, app)
    assert sig_content.media_type == sim_module.OCI_MANIFEST and sig.api(app.registry, app)['digest'] == sig_content.digest
    layer = json.loads(sig_content.body.decode('utf-8'))['layers'][0]
    assert layer['mediaType'] == 'application/vnd.dev.cosign.simplesigning.v1+json'
    payload = json.loads(app.documents()[1][layer['digest']].decode('utf-8'))
    assert payload['critical']['image']['docker-manifest-digest'] == index
    # nginx's signatures sign the amd64 image ("signs": "linux/amd64"), which the API's digest names.
    nginx = store.by_name['demo-registry'].by_name['nginx']
    assert 'sha256-%s.sig' % nginx.by_name['1.26.0'].api(nginx.registry, nginx)['digest'][7:] in nginx.by_name


def test_documents_are_the_same_on_every_load():
    first, second = seed_store(), seed_store()
    for name in ('web', 'nginx', 'big'):
        one, two = first.by_name['demo-registry'].by_name[name], second.by_name['demo-registry'].by_name[name]
        assert one.documents()[0].keys() == two.documents()[0].keys()


MIRRORED = {'registries': [{'name': 'mirror', 'images': [{'name': 'app', 'tags': [
    {'name': 'v1', 'platforms': ['linux/amd64', 'linux/arm64'],
     'digests': {'linux/amd64': 'sha256:' + 'a' * 64, 'linux/arm64': 'sha256:' + 'b' * 64},
     'manifest_digest': 'sha256:' + 'c' * 64},
    {'signature_of': 'v1'}]}]}]}


def test_digests_given_by_the_data_file_are_what_the_api_answers():
    store = sim_module.Store(MIRRORED)
    registry = store.by_name['mirror']
    image = registry.by_name['app']
    answer = image.by_name['v1'].api(registry, image)
    assert answer['digest'] == 'sha256:' + 'a' * 64
    assert [i['digest'] for i in answer['images']] == ['sha256:' + 'a' * 64, 'sha256:' + 'b' * 64]
    assert ('sha256-%s.sig' % ('c' * 64)) in image.by_name
    assert image.by_name['v1'].content(registry, image).served is False


@pytest.mark.parametrize('tag, message', [
    ({'name': 'x', 'digests': {'linux/amd64': 'sha256:abc'}}, "'sha256:abc' is not a sha256:<64 hex> digest"),
    ({'name': 'x', 'platforms': ['linux/amd64', 'linux/arm64'], 'digests': {'linux/amd64': 'sha256:' + 'a' * 64}},
     'must give a digest for each of its platforms'),
    ({'name': 'x', 'manifest_digest': 'sha256:' + 'a' * 64}, '"manifest_digest" goes with "digests"'),
    ({'name': 'x', 'signs': 'linux/amd64'}, '"signs" goes with "signature_of"'),
    ({'name': 'x', 'labels': {'a': 1}}, '"labels" must be an object of strings'),
    ({'name': 'x', 'annotations': {'a': None}}, '"annotations" must be an object of strings'),
    ({'name': 'x', 'attestation': 'yes'}, '"attestation" must be true or false'),
])
def test_bad_data_plane_keys_are_refused(tag, message):
    with pytest.raises(sim_module.DataError) as err:
        sim_module.Store({'registries': [{'name': 'r', 'images': [{'name': 'i', 'tags': [tag]}]}]})
    assert message in str(err.value)


def test_a_signature_of_a_platform_the_tag_lacks_is_refused():
    with pytest.raises(sim_module.DataError, match="signs names 'linux/s390x'"):
        sim_module.Store({'registries': [{'name': 'r', 'images': [{'name': 'i', 'tags': [
            {'name': 'v1'}, {'signature_of': 'v1', 'signs': 'linux/s390x'}]}]}]})


# ------------------------------------------------------------------------------------------------ data plane: live

ACCEPT = ', '.join([sim_module.OCI_INDEX, sim_module.DOCKER_LIST, sim_module.OCI_MANIFEST, sim_module.DOCKER_MANIFEST])


def fetch(url, headers=None, method='GET'):
    """``(status, headers, body)`` of one request to any of the simulator's hosts, redirects not followed."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, parts.path + ('?' + parts.query if parts.query else ''), headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_entries(sim, test, count=1):
    """The log entries passing ``test``, once there are ``count`` of them (a handler logs after it has answered)."""
    deadline = time.time() + 10
    while True:
        found = [e for e in sim.entries() if test(e)]
        if len(found) >= count or time.time() > deadline:
            return found


def challenge_params(header):
    scheme, _sep, rest = header.partition(' ')
    return scheme, dict(part.split('=', 1) for part in rest.replace('"', '').split(','))


def basic(access=ACCESS, secret=SECRET):
    return 'Basic ' + base64.b64encode(('%s:%s' % (access, secret)).encode('utf-8')).decode('ascii')


@pytest.fixture
def plane(server, api):
    """The data plane's URLs (from /_sim/registries) and a client for it: ``get(registry, path, token=...)``."""
    urls = body_of(api('/_sim/registries', signed=False))

    class Plane:
        described = urls
        sim = server[1]

        @staticmethod
        def url(registry):
            return urls['registries'][registry]

        @staticmethod
        def token(registry, image, credentials=None):
            status, headers, _body = fetch(urls['registries'][registry] + '/v2/%s/manifests/x' % image)
            assert status == 401
            _scheme, params = challenge_params(headers['WWW-Authenticate'])
            query = urllib.parse.urlencode({'service': params['service'], 'scope': params['scope']})
            status, _headers, body = fetch(params['realm'] + '?' + query, {'Authorization': credentials or basic()})
            assert status == 200, body
            return json.loads(body.decode('utf-8'))['token']

        @staticmethod
        def get(registry, path, token=None, method='GET', accept=ACCEPT, authorization=None):
            headers = {'Accept': accept} if accept else {}
            if token:
                headers['Authorization'] = 'Bearer ' + token
            if authorization:
                headers['Authorization'] = authorization
            return fetch(urls['registries'][registry] + path, headers, method)

    return Plane


def test_each_registry_has_its_own_loopback_port_and_blobs_another_host(plane, api):
    urls = plane.described
    assert sorted(urls['registries']) == ['demo-registry', 'odd-registry', 'prod-registry', 'sgn-registry', 'unit-registry']
    ports = set(urllib.parse.urlsplit(u).port for u in urls['registries'].values())
    assert len(ports) == 5
    assert urllib.parse.urlsplit(urls['storage_url']).hostname == '127.0.0.2'
    assert urls['token_url'].startswith('http://127.0.0.1:') and urls['auth'] == 'bearer'
    assert body_of(api('/_sim/health', signed=False))['data_plane'] == urls


def test_bearer_flow_gives_the_manifest_under_its_digest(plane):
    status, headers, _body = plane.get('prod-registry', '/v2/')
    scheme, params = challenge_params(headers['WWW-Authenticate'])
    assert status == 401 and scheme == 'Bearer' and 'scope' not in params
    assert params['realm'] == plane.described['token_url'] and params['service'] == plane.url('prod-registry').split('//')[1]
    token = plane.token('prod-registry', 'app')
    assert plane.get('prod-registry', '/v2/', token)[0] == 200
    status, headers, body = plane.get('prod-registry', '/v2/app/manifests/2.0.0', token)
    assert status == 200 and headers['Content-Type'] == sim_module.OCI_INDEX
    assert headers['Docker-Content-Digest'] == sha256(body)
    status, head_headers, head_body = plane.get('prod-registry', '/v2/app/manifests/2.0.0', token, method='HEAD')
    assert status == 200 and head_body == b'' and head_headers['Docker-Content-Digest'] == headers['Docker-Content-Digest']
    assert int(head_headers['Content-Length']) == len(body)
    # By digest too, and every platform's manifest.
    for entry in json.loads(body.decode('utf-8'))['manifests']:
        status, headers, manifest = plane.get('prod-registry', '/v2/app/manifests/' + entry['digest'], token)
        assert status == 200 and sha256(manifest) == entry['digest'] == headers['Docker-Content-Digest']


def test_a_token_reads_its_scope_only_and_not_for_long(plane, api):
    token = plane.token('prod-registry', 'app')
    status, headers, _body = plane.get('prod-registry', '/v2/web/manifests/latest', token)
    assert status == 401 and 'error="insufficient_scope"' in headers['WWW-Authenticate']
    assert 'scope="repository:web:pull"' in headers['WWW-Authenticate']
    # Another registry's host does not take it.
    status, headers, _body = plane.get('demo-registry', '/v2/', token)
    assert status == 401 and 'error="invalid_token"' in headers['WWW-Authenticate']
    assert api('/_sim/config', 'POST', body={'token_expires_in': 0}, signed=False)[0] == 200
    expired = plane.token('prod-registry', 'app')
    assert plane.get('prod-registry', '/v2/app/manifests/1.0.0', expired)[0] == 401
    assert wait_entries(plane.sim, lambda e: e.get('reason') == 'expired_token')


@pytest.mark.parametrize('credentials, reason', [(None, 'no_authorization'), (basic(secret='wrong'), 'bad_credentials'),
                                                 ('Basic !!!', 'bad_credentials')])
def test_the_token_host_wants_the_key_pair(plane, credentials, reason):
    realm = plane.described['token_url']
    service = plane.url('prod-registry').split('//')[1]
    status, headers, _body = fetch(realm + '?service=%s&scope=repository:app:pull' % service,
                                   {'Authorization': credentials} if credentials else {})
    assert status == 401 and headers['WWW-Authenticate'].startswith('Basic ')
    assert [e['reason'] for e in wait_entries(plane.sim, lambda e: e.get('host') == 'token')] == [reason]
    status, _headers, _body = fetch(realm + '?service=elsewhere:1&scope=repository:app:pull', {'Authorization': basic()})
    assert status == 400 and wait_entries(plane.sim, lambda e: e.get('reason') == 'unknown_service')


@pytest.mark.parametrize('field, keys', [('token', ['expires_in', 'issued_at', 'token']),
                                         ('access_token', ['access_token', 'expires_in', 'issued_at'])])
def test_the_token_field_can_be_either(plane, api, field, keys):
    api('/_sim/config', 'POST', body={'token_field': field}, signed=False)
    service = plane.url('prod-registry').split('//')[1]
    body = json.loads(fetch(plane.described['token_url'] + '?service=' + service, {'Authorization': basic()})[2].decode('utf-8'))
    assert sorted(body) == keys and body['expires_in'] == 300


def test_basic_mode(plane, api):
    api('/_sim/config', 'POST', body={'registry_auth': 'basic'}, signed=False)
    status, headers, _body = plane.get('prod-registry', '/v2/app/manifests/1.0.0')
    assert status == 401 and headers['WWW-Authenticate'] == 'Basic realm="prod-registry registry"'
    assert plane.get('prod-registry', '/v2/app/manifests/1.0.0', authorization=basic(secret='nope'))[0] == 401
    status, headers, body = plane.get('prod-registry', '/v2/app/manifests/1.0.0', authorization=basic())
    assert status == 200 and headers['Docker-Content-Digest'] == sha256(body)
    # A Bearer token is no good in Basic mode.
    assert plane.get('prod-registry', '/v2/', token='anything')[0] == 401


def test_blob_reads_redirect_to_a_storage_host_that_refuses_authorization(plane):
    token = plane.token('prod-registry', 'app')
    manifest = json.loads(plane.get('prod-registry', '/v2/app/manifests/1.0.0', token)[2].decode('utf-8'))
    status, headers, _body = plane.get('prod-registry', '/v2/app/blobs/' + manifest['config']['digest'], token)
    location = headers['Location']
    assert status == 307 and urllib.parse.urlsplit(location).hostname == '127.0.0.2'
    status, _headers, _body = fetch(location, {'Authorization': 'Bearer ' + token})
    assert status == 403
    refused = wait_entries(plane.sim, lambda e: e.get('host') == 'storage')[0]
    assert (refused['host'], refused['reason'], refused['authorization']) == ('storage', 'authorization_sent', 'bearer')
    status, _headers, body = fetch(location)
    assert status == 200 and sha256(body) == manifest['config']['digest']
    assert json.loads(body.decode('utf-8'))['config']['Labels']['org.opencontainers.image.version'] == '1.0.0'
    assert plane.get('prod-registry', '/v2/app/blobs/sha256:' + 'f' * 64, token)[0] == 404


def test_a_client_that_does_not_accept_an_index_gets_the_amd64_manifest(plane):
    token = plane.token('prod-registry', 'app')
    status, headers, body = plane.get('prod-registry', '/v2/app/manifests/2.0.0', token, accept=sim_module.DOCKER_MANIFEST + ', ' + sim_module.OCI_MANIFEST)
    assert status == 200 and headers['Content-Type'] == sim_module.OCI_MANIFEST
    store = plane.sim.store
    app = store.by_name['prod-registry'].by_name['app']
    assert headers['Docker-Content-Digest'] == app.by_name['2.0.0'].api(app.registry, app)['digest'] == sha256(body)


@pytest.mark.parametrize('path, status, code', [
    ('/v2/app/manifests/9.9.9', 404, 'MANIFEST_UNKNOWN'),
    ('/v2/app/manifests/sha256:' + '0' * 64, 404, 'MANIFEST_UNKNOWN'),
    ('/v2/nothing/manifests/1.0.0', 404, 'NAME_UNKNOWN'),
    ('/v2/app/referrers/sha256:' + '0' * 64, 404, 'NOT_FOUND'),
])
def test_registry_errors(plane, path, status, code):
    token = plane.token('prod-registry', path.split('/')[2])
    answer = plane.get('prod-registry', path, token)
    assert answer[0] == status and json.loads(answer[2].decode('utf-8'))['errors'][0]['code'] == code


def test_tags_list_pages_with_a_link(plane):
    token = plane.token('prod-registry', 'app')
    status, headers, body = plane.get('prod-registry', '/v2/app/tags/list?n=4', token)
    first = json.loads(body.decode('utf-8'))
    assert status == 200 and len(first['tags']) == 4 and 'rel="next"' in headers['Link']
    rest = json.loads(plane.get('prod-registry', headers['Link'].split('>')[0][1:], token)[2].decode('utf-8'))
    assert sorted(first['tags'] + rest['tags']) == sorted(t.name for t in plane.sim.store.by_name['prod-registry'].by_name['app'].tags)


def test_registry_port_fixes_a_registry_url():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        free = probe.getsockname()[1]
    args = sim_module.build_parser().parse_args(['--registry-port', 'demo-registry=%d' % free])
    httpd, sim = sim_module.make_server(args)
    try:
        urls = sim.data_plane.describe()['registries']
        assert urls['demo-registry'] == 'http://127.0.0.1:%d' % free
        assert all(url != urls['demo-registry'] for name, url in urls.items() if name != 'demo-registry')
    finally:
        sim.data_plane.shutdown()
        httpd.server_close()


@pytest.mark.parametrize('value', ['demo-registry', 'demo-registry=', '=8081', 'demo-registry=0', 'demo-registry=x1', 'demo-registry=70000'])
def test_a_bad_registry_port_is_refused(value):
    args = sim_module.build_parser().parse_args(['--registry-port', value])
    with pytest.raises(sim_module.DataError, match='--registry-port wants REGISTRY=PORT'):
        sim_module.make_server(args)


def test_a_new_registry_gets_a_data_plane_port(plane, api):
    answer = body_of(api('/_sim/images', 'POST', body={'registry': 'late-registry', 'image': 'one', 'tags': ['v1']}, signed=False))
    assert body_of(api('/_sim/registries', signed=False))['registries']['late-registry'] == answer['registry_url']
    token = plane.token('prod-registry', 'app')  # a token for another service
    status, headers, _body = fetch(answer['registry_url'] + '/v2/one/manifests/v1', {'Authorization': 'Bearer ' + token})
    assert status == 401


# ------------------------------------------------------------------------------------------------ data plane: faults

def test_a_challenge_loop_answers_401_to_a_good_token(plane, api):
    token = plane.token('prod-registry', 'app')
    fault(api, {'kind': 'challenge_loop', 'count': 0})
    for dummy in range(3):
        status, headers, _body = plane.get('prod-registry', '/v2/app/manifests/1.0.0', token)
        assert status == 401 and headers['WWW-Authenticate'].startswith('Bearer ')
    # It fires on the registry's host only: the token host still answers.
    plane.token('prod-registry', 'app')
    assert len(wait_entries(plane.sim, lambda e: e.get('reason') == 'fault_challenge_loop', 4)) == 4


def test_a_challenge_realm_on_plain_http_off_loopback(plane, api):
    fault(api, {'kind': 'http_realm'})
    _status, headers, _body = plane.get('prod-registry', '/v2/')
    assert challenge_params(headers['WWW-Authenticate'])[1]['realm'] == 'http://auth.ncr-simulator.test/token'


def test_digest_header_faults(plane, api):
    token = plane.token('prod-registry', 'app')
    fault(api, [{'kind': 'no_digest'}, {'kind': 'wrong_digest'}, {'kind': 'wrong_digest', 'digest': 'sha256:short'}])
    status, headers, _body = plane.get('prod-registry', '/v2/app/manifests/1.0.0', token)
    assert status == 200 and 'Docker-Content-Digest' not in headers
    status, headers, body = plane.get('prod-registry', '/v2/app/manifests/1.0.0', token)
    assert headers['Docker-Content-Digest'] == 'sha256:' + hashlib.sha256(b'not this manifest').hexdigest() != sha256(body)
    assert plane.get('prod-registry', '/v2/app/manifests/1.0.0', token)[1]['Docker-Content-Digest'] == 'sha256:short'
    assert plane.get('prod-registry', '/v2/app/manifests/1.0.0', token)[1]['Docker-Content-Digest'] == sha256(body)


def test_a_manifest_past_the_4_mib_limit(plane, api):
    token = plane.token('prod-registry', 'app')
    fault(api, {'kind': 'big_manifest'})
    status, headers, body = plane.get('prod-registry', '/v2/app/manifests/2.0.0', token)
    assert status == 200 and len(body) > 5 * 2 ** 20 and int(headers['Content-Length']) == len(body)
    assert headers['Docker-Content-Digest'] == sha256(body) and json.loads(body.decode('utf-8'))['schemaVersion'] == 2
    assert wait_entries(plane.sim, lambda e: e.get('fault') == 'big_manifest')[0]['sent'] == len(body)


def test_faults_keep_to_their_plane_and_host(plane, api):
    fault(api, {'kind': 'status', 'status': 503})
    token = plane.token('prod-registry', 'app')
    assert plane.get('prod-registry', '/v2/', token)[0] == 200
    assert api(PREFIX + '/repositories')[0] == 503
    fault(api, {'kind': 'status', 'status': 503, 'plane': 'registry', 'host': 'token'})
    assert plane.get('prod-registry', '/v2/', token)[0] == 200
    service = plane.url('prod-registry').split('//')[1]
    assert fetch(plane.described['token_url'] + '?service=' + service, {'Authorization': basic()})[0] == 503
    fault(api, {'kind': 'drop', 'plane': 'registry', 'match': '/manifests/'})
    assert plane.get('prod-registry', '/v2/', token)[0] == 200
    with pytest.raises((http.client.HTTPException, OSError)):
        plane.get('prod-registry', '/v2/app/manifests/1.0.0', token)
    # The dropped request is logged after the connection closed: wait for it, or it lands in the next test's log.
    assert wait_entries(plane.sim, lambda e: e.get('route') == 'manifest' and e.get('status') == 0)


def test_the_log_counts_data_plane_requests_without_secrets(plane, api):
    token = plane.token('prod-registry', 'app')
    plane.get('prod-registry', '/v2/app/manifests/1.0.0', token)
    wait_entries(plane.sim, lambda e: e.get('plane') == 'registry', 3)
    log = body_of(api('/_sim/log', signed=False))
    plane_entries = [e for e in log if e['plane'] == 'registry']
    assert sorted((e['host'], e['route'], e['status']) for e in plane_entries) == [
        ('registry', 'manifest', 200), ('registry', 'manifest', 401), ('token', 'token', 200)]
    manifest = next(e for e in plane_entries if e['status'] == 200 and e['host'] == 'registry')
    assert manifest['registry'] == 'prod-registry' and manifest['image'] == 'app' and manifest['authorization'] == 'bearer'
    assert manifest['digest'].startswith('sha256:')
    text = json.dumps(log)
    assert token not in text and SECRET not in text

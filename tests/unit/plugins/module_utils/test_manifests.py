# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Manifests into facts: every digest checked, platforms without attestations, labels, the size cap, 404 as missing."""

import threading
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._manifests import MANIFEST_HEADERS, describe, fetch, head
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import response
from ansible_collections.ncloud.ncr.tests.unit.fake_registry import (
    OCI_INDEX, OCI_MANIFEST, REGISTRY, digest_of, dumps, registry_client_for)

HOST = 'my-registry.kr.ncr.ntruss.com'


def answering(fake, change):
    """A fault for the next manifest request: the registry's answer, changed by ``change(response)``."""
    def fault(prepared):
        answer = fake.registry(prepared, __import__('urllib.parse').parse.urlsplit(prepared.url))
        change(answer)
        return answer
    return fault


def test_head_gives_the_digest_and_media_type_with_the_four_accepted_types(fake):
    client, dummy = registry_client_for(fake)
    assert head(client, 'team/app', '1.4.2') == dict(digest=fake.index, media_type=OCI_INDEX)
    accept = MANIFEST_HEADERS['Accept']
    for media_type in ('application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json',
                       'application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json'):
        assert media_type in accept
    assert fake.count('HEAD') == 1 and fake.count('GET', '/manifests/') == 0


def test_an_index_gives_its_platforms_without_the_attestation(fake):
    client, dummy = registry_client_for(fake)
    facts = describe(client, 'team/app', '1.4.2')
    assert facts['is_index'] is True and facts['digest'] == fake.index
    assert [p['platform'] for p in facts['platforms']] == ['linux/amd64', 'linux/arm64/v8']
    first = facts['platforms'][0]
    assert sorted(first) == ['architecture', 'digest', 'media_type', 'os', 'platform', 'size', 'variant']
    assert (first['os'], first['architecture'], first['variant'], first['media_type']) == ('linux', 'amd64', None, OCI_MANIFEST)
    assert isinstance(first['size'], int) and first['size'] > 0
    assert facts['annotations'] == {'org.opencontainers.image.version': '1.4.2'}
    assert facts['signed'] is True and facts['signature_tag'] == 'sha256-%s.sig' % fake.index[7:]
    assert facts['pinned_reference'] == '%s/team/app@%s' % (HOST, fake.index)
    assert 'platform_digest' not in facts
    # Without labels an index costs its GET and the signature's HEAD: no platform manifest, no blob.
    assert fake.count('GET', '/manifests/') == 1 and fake.count('HEAD') == 1 and fake.count(path='/blobs/') == 0


def test_labels_read_each_platform_config(fake):
    client, dummy = registry_client_for(fake)
    facts = describe(client, 'team/app', '1.4.2', labels=True, platform=('linux', 'arm64', None))
    arm = facts['platforms'][1]
    assert arm['labels'] == {'org.opencontainers.image.version': '1.4.2', 'arch': 'arm64'}
    assert arm['created'] == '2024-04-01T00:41:28Z'
    assert facts['platform_digest'] == arm['digest']
    assert facts['platform_pinned_reference'] == '%s/team/app@%s' % (HOST, arm['digest'])


def test_a_single_image_has_its_config_platform(fake):
    client, dummy = registry_client_for(fake)
    facts = describe(client, 'team/app', 'single', labels=True, platform=('linux', 'arm64', None))
    assert facts['is_index'] is False and facts['media_type'] == OCI_MANIFEST and facts['signed'] is False
    assert [(p['platform'], p['digest'], p['labels']) for p in facts['platforms']] == \
        [('linux/arm/v7', fake.single, {'org.opencontainers.image.revision': 'abc'})]
    assert facts['platform_digest'] is None and facts['platform_pinned_reference'] is None


def test_a_platform_variant_must_match_when_given(fake):
    client, dummy = registry_client_for(fake)
    assert describe(client, 'team/app', '1.4.2', platform=('linux', 'arm64', 'v8'))['platform_digest'] is not None
    assert describe(client, 'team/app', '1.4.2', platform=('linux', 'arm64', 'v7'))['platform_digest'] is None


def test_a_digest_header_that_does_not_match_the_body_is_refused_naming_the_request(fake):
    client, dummy = registry_client_for(fake)
    fake.faults = [None, None, answering(fake, lambda r: r.headers.__setitem__('Docker-Content-Digest', 'sha256:' + 'a' * 64))]
    with pytest.raises(NcrError) as err:
        fetch(client, 'team/app', '1.4.2')
    assert str(err.value).startswith('GET %s/v2/team/app/manifests/1.4.2: the body read is not the content of the '
                                     'Docker-Content-Digest sha256:%s' % (REGISTRY, 'a' * 64))
    assert 'refused' in str(err.value)


@pytest.mark.parametrize('value', ['sha256:ABC', 'sha256:' + 'a' * 63, 'md5:' + 'a' * 32, 'sha256:%s\nX' % ('a' * 64), ''])
def test_a_digest_header_that_is_not_a_digest_is_refused(fake, value):
    client, dummy = registry_client_for(fake)
    fake.faults = [None, None, answering(fake, lambda r: r.headers.__setitem__('Docker-Content-Digest', value))]
    with pytest.raises(NcrError, match='is not a digest'):
        head(client, 'team/app', '1.4.2')


def test_without_a_digest_header_the_digest_is_the_body_s(fake):
    client, dummy = registry_client_for(fake)
    drop = answering(fake, lambda r: r.headers.pop('Docker-Content-Digest'))
    fake.faults = [None, None, drop, drop]
    # HEAD without the header: a GET, whose body gives the digest (the header is missing there too).
    assert head(client, 'team/app', '1.4.2')['digest'] == fake.index
    assert fake.count('HEAD') == 1 and fake.count('GET', '/manifests/') == 1


def test_a_body_fetched_by_digest_must_be_that_digest_s_content(fake):
    client, dummy = registry_client_for(fake)
    other = dumps({'schemaVersion': 2, 'manifests': []})

    def lie(prepared):
        return response(200, text=other.decode(), headers={'Content-Type': OCI_INDEX}, request=prepared)
    fake.faults = [None, None, lie]
    with pytest.raises(NcrError, match='not the content of the digest asked for'):
        fetch(client, 'team/app', fake.index)
    assert digest_of(other) != fake.index


def test_an_index_entry_with_a_bad_digest_refuses_the_index(fake):
    bad = dumps(dict(schemaVersion=2, mediaType=OCI_INDEX, manifests=[
        dict(mediaType=OCI_MANIFEST, digest='sha256:short', size=1, platform=dict(os='linux', architecture='amd64'))]))
    fake.put('team/app', bad, OCI_INDEX, 'bad')
    client, dummy = registry_client_for(fake)
    with pytest.raises(NcrError, match=r"manifests\[0\] of the index has a digest that is not <algorithm>:<hex>"):
        describe(client, 'team/app', 'bad')


def test_unknown_platforms_and_entries_without_a_platform_are_not_platforms(fake):
    digest, dummy = fake.put_image('team/app')
    index = dumps(dict(schemaVersion=2, mediaType=OCI_INDEX, manifests=[
        dict(mediaType=OCI_MANIFEST, digest=digest, size=1, platform=dict(os='unknown', architecture='unknown')),
        dict(mediaType=OCI_MANIFEST, digest=digest, size=2),
        dict(mediaType=OCI_MANIFEST, digest=digest, size=3, platform=dict(os='linux', architecture='s390x'))]))
    fake.put('team/app', index, OCI_INDEX, 'odd')
    client, dummy = registry_client_for(fake)
    assert [p['platform'] for p in describe(client, 'team/app', 'odd')['platforms']] == ['linux/s390x']


def test_a_manifest_past_4_mib_declared_is_refused_before_reading(fake):
    client, dummy = registry_client_for(fake)
    fake.faults = [None, None, answering(fake, lambda r: r.headers.__setitem__('Content-Length', str(4 * 1024 * 1024 + 1)))]
    with pytest.raises(NcrError, match=r'refused: the answer is 4194305 bytes, more than the 4 MiB a manifest, config blob'):
        fetch(client, 'team/app', '1.4.2')


def test_a_config_blob_declared_past_4_mib_is_not_requested(fake):
    config = dumps(dict(architecture='amd64', os='linux'))
    manifest = dumps(dict(schemaVersion=2, mediaType=OCI_MANIFEST, layers=[],
                          config=dict(mediaType='application/vnd.oci.image.config.v1+json', digest=digest_of(config),
                                      size=5 * 1024 * 1024)))
    fake.put('team/app', manifest, OCI_MANIFEST, 'hugeconfig')
    client, dummy = registry_client_for(fake)
    with pytest.raises(NcrError, match='is 5242880 bytes, more than the 4 MiB a config blob may have; not read'):
        describe(client, 'team/app', 'hugeconfig')
    assert fake.count(path='/blobs/') == 0


class _Endless(BaseHTTPRequestHandler):
    """A registry whose manifest body never ends (no Content-Length), 64 KiB at a time."""

    def do_GET(self):  # pylint: disable=invalid-name
        if self.path == '/v2/':
            self.send_response(200)
            self.send_header('Content-Length', '2')
            self.end_headers()
            self.wfile.write(b'{}')
            return
        self.send_response(200)
        self.send_header('Content-Type', OCI_MANIFEST)
        self.send_header('Connection', 'close')
        self.end_headers()
        chunk = b' ' * 65536
        try:
            for dummy in range(1024):  # 64 MiB at most
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


def test_an_endless_manifest_is_refused_past_4_mib_with_bounded_memory():
    server = ThreadingHTTPServer(('127.0.0.1', 0), _Endless)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        from ansible_collections.ncloud.ncr.plugins.module_utils._api import registry
        from ansible_collections.ncloud.ncr.plugins.module_utils._connection import connection_settings
        from ansible_collections.ncloud.ncr.plugins.module_utils._transport import Client
        url = 'http://127.0.0.1:%d' % server.server_address[1]
        settings = connection_settings(dict(timeout=20, page_size=100, concurrency=1, retries=0, registry_url=url,
                                            registry_username='u', registry_password='p'), environ={}, registry=True)
        client = registry(Client(settings), 'my-registry')
        tracemalloc.start()
        try:
            with pytest.raises(NcrError, match=r'grew past the 4 MiB a manifest, config blob or token answer may have'):
                fetch(client, 'team/app', '1.4.2')
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        # The cap and one chunk in flight, not the 64 MiB the server would send.
        assert peak < 12 * 1024 * 1024, peak
    finally:
        server.shutdown()
        server.server_close()

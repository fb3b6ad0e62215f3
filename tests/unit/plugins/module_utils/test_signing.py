# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from urllib.parse import unquote

import pytest
from hypothesis import given

from ansible_collections.ncloud.ncr.plugins.module_utils._api import image_tags
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.plugins.module_utils._signing import auth_headers, signature_v2, timestamp_ms
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, SECRET, FakeNcr, client_for, make_tag
from ansible_collections.ncloud.ncr.tests.unit.strategies import FAST, image_names, registry_names

# NCP's own published signer vectors.
VECTORS = [
    ('/cluster/kubeconfig', 'LTJli9+OKT2KvUXxiKslMfu5FIOmDN83avehOvgUFp0='),
    ('/iam/krs-v1/user?clusterUuid=D11328F1-ECA9-4F1B-BA22-921F61D9C5FF', 'emeahfW4CmzsxIQ5ip0cd9yqERXJ+ZJsRfQpGNmKdXk='),
]


@pytest.mark.parametrize('target, expected', VECTORS)
def test_official_vectors(target, expected):
    assert signature_v2('GET', target, '1668407407855', 'access', 'secret') == expected


def test_method_is_upper_cased_and_target_kept_verbatim():
    assert signature_v2('get', VECTORS[0][0], '1668407407855', 'access', 'secret') == VECTORS[0][1]
    encoded = signature_v2('GET', '/r/team%2Fapp/tags', '1', 'a', 's')
    assert encoded != signature_v2('GET', '/r/team/app/tags', '1', 'a', 's')


def test_timestamp_is_13_digit_milliseconds():
    assert timestamp_ms(1668407407.855) == '1668407407855'
    assert len(timestamp_ms()) == 13


def test_auth_headers_sign_with_their_own_timestamp():
    headers = auth_headers('GET', '/cluster/kubeconfig', 'access', 'secret', now=1668407407.855)
    assert headers == {
        'x-ncp-apigw-timestamp': '1668407407855',
        'x-ncp-iam-access-key': 'access',
        'x-ncp-apigw-signature-v2': VECTORS[0][1],
    }


def test_a_secret_from_a_non_utf8_environment_signs_with_its_own_bytes():
    # os.environ holds undecodable bytes as surrogate escapes; the key is those bytes, not an error.
    import base64
    import hashlib
    import hmac
    message = b'GET /x\n1\na'
    expected = base64.b64encode(hmac.new(b's\xff', message, hashlib.sha256).digest()).decode('ascii')
    assert signature_v2('GET', '/x', '1', 'a', 's\udcff') == expected


@FAST
@given(registry=registry_names, image=image_names)
def test_any_valid_image_is_one_signed_path_segment(registry, image):
    ncr = FakeNcr()
    ncr.add_image(registry, image, [make_tag('v1')])
    client, _sleeps = client_for(ncr)
    result = image_tags(client, Selection({}), registry, image)
    assert result['names'] == ['v1'], 'the fake verified the signature over the bytes sent and found the image'
    sent = ncr.requests[0]
    path, _sep, query = sent.partition('?')
    segments = path.split('/')
    assert segments[:5] == ['', 'ncr', 'api', 'v2', 'repositories'] and segments[7:] == ['tags']
    assert segments[5] == registry
    assert unquote(segments[6]) == image and '/' not in segments[6]
    headers = ncr.headers_seen[0]
    assert headers['x-ncp-apigw-signature-v2'] == signature_v2('GET', sent, headers['x-ncp-apigw-timestamp'], ACCESS, SECRET)
    assert query == 'page=1&pagesize=100'

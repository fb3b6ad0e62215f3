# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._digests import is_digest, matches, sha256_digest, signature_tag

HEX = 'a' * 64


@pytest.mark.parametrize('value', ['sha256:' + HEX, 'sha512:' + 'b' * 128, 'sha256:' + '0123456789abcdef' * 4])
def test_digests_of_known_algorithms_pass(value):
    assert is_digest(value)


@pytest.mark.parametrize('value', [
    'sha256:' + HEX[:-1], 'sha256:' + HEX + 'a', 'sha256:' + 'A' * 64, 'sha512:' + HEX, 'md5:' + 'a' * 32,
    'sha256:' + HEX + '\n', ' sha256:' + HEX, 'sha256:{{ lookup("pipe", "id") }}', 'sha256-' + HEX, '',
    None, ['sha256:' + HEX], {'sha256': HEX}, 42,
])
def test_anything_else_is_not_a_digest(value):
    assert not is_digest(value)


def test_sha256_digest_and_matches_agree_with_hashlib():
    data = b'{"schemaVersion": 2}'
    digest = sha256_digest(data)
    assert digest == 'sha256:' + hashlib.sha256(data).hexdigest()
    assert is_digest(digest)
    assert matches(digest, data)
    assert not matches(digest, data + b' ')
    assert matches('sha512:' + hashlib.sha512(data).hexdigest(), data)


def test_signature_tag_is_cosigns():
    assert signature_tag('sha256:' + HEX) == 'sha256-%s.sig' % HEX

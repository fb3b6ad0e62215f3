# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""NCP API Gateway signature v2. Internal use only: not a public API."""

import base64
import hashlib
import hmac
import time


def signature_v2(method, target, timestamp, access_key, secret_key):
    """Sign ``METHOD target``; ``target`` must be the path and query exactly as sent on the wire."""
    message = '%s %s\n%s\n%s' % (method.upper(), target, timestamp, access_key)
    digest = hmac.new(encode_secret(secret_key), message.encode('utf-8'), hashlib.sha256).digest()
    return base64.b64encode(digest).decode('ascii')


def encode_secret(secret_key):
    # surrogateescape gives back the very bytes of a key read from an environment that is not valid UTF-8.
    return secret_key.encode('utf-8', 'surrogateescape')


def timestamp_ms(now=None):
    return str(int((time.time() if now is None else now) * 1000))


def auth_headers(method, target, access_key, secret_key, now=None):
    timestamp = timestamp_ms(now)
    return {
        'x-ncp-apigw-timestamp': timestamp,
        'x-ncp-iam-access-key': access_key,
        'x-ncp-apigw-signature-v2': signature_v2(method, target, timestamp, access_key, secret_key),
    }

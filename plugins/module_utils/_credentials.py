# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The key pair: options, the vendor's environment variables, then the ncloud CLI's configure file.

Internal use only: not a public API. No message here ever shows a key, even in part.
"""

import os
import re

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError, given, option_error
from ansible_collections.ncloud.ncr.plugins.module_utils._signing import encode_secret

ACCESS_KEY_ENV = ('NCLOUD_ACCESS_KEY', 'NCLOUD_ACCESS_KEY_ID')
SECRET_KEY_ENV = ('NCLOUD_SECRET_KEY', 'NCLOUD_SECRET_ACCESS_KEY')
CONFIGURE_FILE = '~/.ncloud/configure'
# An access key goes into an HTTP header as is: printable ASCII only.
_HEADER_SAFE_RE = re.compile(r'[\x21-\x7e]+\Z')


class NoCredentials(NcrError):
    """No key pair anywhere (a half pair or a bad file is a plain NcrError): a task with other credentials may go on."""


def read_configure_file(path, profile):
    """Return ``(access, secret)`` for ``profile`` from an ncloud CLI configure file, or None if absent.

    Both forms are accepted: ``[section]`` profiles and the older section-less ``key = value``
    lines, which count as the DEFAULT profile.
    """
    if not os.path.isfile(path):
        return None
    sections = {}
    current = 'DEFAULT'
    with open(path, 'r') as handle:
        for line in handle:
            line = line.strip()
            if not line or line[0] in '#;':
                continue
            if line.startswith('[') and line.endswith(']'):
                current = line[1:-1].strip()
                sections.setdefault(current, {})
                continue
            if '=' in line:
                key, value = line.split('=', 1)
                sections.setdefault(current, {})[key.strip().lower()] = value.strip()
    if profile not in sections:
        raise NcrError('profile: %r not found in %s (profiles there: %s)'
                       % (profile, path, ', '.join(sorted(sections)) or 'none'), option='profile')
    values = sections[profile]
    return values.get('ncloud_access_key_id'), values.get('ncloud_secret_access_key')


def _first_env(environ, names):
    for name in names:
        if given(environ.get(name)):
            return environ[name]
    return None


def resolve_credentials(options, environ, configure_file=None):
    """``(access, secret, where from)``: options first, then the environment, then ``~/.ncloud/configure``."""
    access = options.get('access_key')
    secret = options.get('secret_key')
    if given(access) or given(secret):
        if not (given(access) and given(secret)):
            missing = 'secret_key' if given(access) else 'access_key'
            raise option_error(missing, 'is required when %s is given'
                               % ('access_key' if missing == 'secret_key' else 'secret_key'))
        return access, secret, 'options'
    access = _first_env(environ, ACCESS_KEY_ENV)
    secret = _first_env(environ, SECRET_KEY_ENV)
    if access or secret:
        if not (access and secret):
            names = SECRET_KEY_ENV if access else ACCESS_KEY_ENV
            raise option_error('secret_key' if access else 'access_key',
                               'the environment has only half of the key pair: set %s too' % ' or '.join(names))
        return access, secret, 'environment'
    profile = options.get('profile') or environ.get('NCLOUD_PROFILE') or 'DEFAULT'
    path = configure_file or os.path.expanduser(CONFIGURE_FILE)
    found = read_configure_file(path, profile)
    if found and found[0] and found[1]:
        return found[0], found[1], 'file %s [%s]' % (path, profile)
    raise NoCredentials(
        'No NCP API credentials found. Looked in: the access_key and secret_key options; the environment '
        'variables %s and %s; the file %s (profile %r, %s). Set the options or the environment variables, '
        'or run "ncloud configure".' % (' / '.join(ACCESS_KEY_ENV), ' / '.join(SECRET_KEY_ENV), path, profile,
                                        'incomplete there' if found else 'no such file'),
        option='access_key')


def check_key_pair(access, secret, source):
    """Refuse keys that cannot be sent, before any request; neither value is ever shown, even in part."""
    if not isinstance(access, str) or not _HEADER_SAFE_RE.match(access):
        raise option_error('access_key', 'must be printable ASCII without spaces, line breaks or other control '
                                         'characters, as it is sent in an HTTP header; the value (from the %s) is not '
                                         'shown' % source)
    try:
        encode_secret(secret)
    except (AttributeError, UnicodeError):
        # No "from": the cause's text could quote the secret.
        raise option_error('secret_key', 'cannot be encoded as UTF-8 to sign requests; the value (from the %s) is not '
                                         'shown' % source) from None

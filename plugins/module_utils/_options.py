# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Option handling shared by the module and the lookup. Internal use only: not a public API.

The module passes ``module.params``, the lookup a dict built from ``get_option()``; both go
through :func:`connection_settings` and :func:`selection_settings`, so validation and the
fallbacks to the vendor's environment variables and ``~/.ncloud/configure`` live only here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import os
import re

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError, option_error
from ansible_collections.ncloud.ncr.plugins.module_utils._signing import encode_secret

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover
    from urlparse import urlsplit  # type: ignore

ENDPOINTS = {
    ('public', 'KR'): 'https://ncr.apigw.ntruss.com/ncr/api/v2',
    ('public', 'SGN'): 'https://ncr.apigw.ntruss.com/ncr/sgn-api/v2',
    ('public', 'JPN'): 'https://ncr.apigw.ntruss.com/ncr/jpn-api/v2',
    ('gov', 'KR'): 'https://gov-ncr.apigw.gov-ntruss.com/ncr/kr/v2',
    ('gov', 'KRS'): 'https://gov-ncr.apigw.gov-ntruss.com/ncr/krs/v2',
    # From third-party clients only; kept because fin users have no other choice.
    ('fin', 'KR'): 'https://ncr.apigw.fin-ntruss.com/ncr/api/v2',
}
SITES = ('public', 'gov', 'fin')
# NCR's documented pull hosts: <registry>.<kr|sg|jp>.ncr.ntruss.com on public, no region on gov and fin.
PUBLIC_PULL_REGIONS = {'KR': 'kr', 'SGN': 'sg', 'JPN': 'jp'}

# \Z, not $: $ also matches before a trailing newline, which would let "web\n" through.
REGISTRY_RE = re.compile(r'^[a-z][a-z0-9-]{1,28}[a-z0-9]\Z')
IMAGE_RE = re.compile(r'^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*\Z')
TAG_RE = re.compile(r'^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}\Z')
# What an endpoint's host[:port] may be: a plain DNS name or IP literal, on which urlsplit (judged here) and
# urllib3 (which connects) cannot disagree. Anything else (a backslash, "%", controls, non-ASCII) is refused.
_NETLOC_RE = re.compile(r'(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*)|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?\Z')
_CONTROL_RE = re.compile(r'[\x00-\x20\x7f-\x9f]')
# An access key goes into an HTTP header as is: printable ASCII only.
_HEADER_SAFE_RE = re.compile(r'[\x21-\x7e]+\Z')

ACCESS_KEY_ENV = ('NCLOUD_ACCESS_KEY', 'NCLOUD_ACCESS_KEY_ID')
SECRET_KEY_ENV = ('NCLOUD_SECRET_KEY', 'NCLOUD_SECRET_ACCESS_KEY')
CONFIGURE_FILE = '~/.ncloud/configure'

PAGE_SIZE_MAX = 1000
TIMEOUT_MAX = 3600
CONCURRENCY_MAX = 32
RETRIES_MAX = 10
MAX_TAGS_MAX = 10000000

# Argument specs for the module; the doc fragments ncloud.ncr.connection and ncloud.ncr.selection
# describe the same options for the module and the lookup.
CONNECTION_ARGSPEC = dict(
    access_key=dict(type='str', no_log=False),
    secret_key=dict(type='str', no_log=True),
    profile=dict(type='str'),
    site=dict(type='str', choices=list(SITES)),
    region=dict(type='str'),
    endpoint=dict(type='str'),
    validate_certs=dict(type='bool', default=True),
    ca_cert=dict(type='path'),
    timeout=dict(type='float', default=30),
    page_size=dict(type='int', default=100),
    concurrency=dict(type='int', default=4),
    retries=dict(type='int', default=4),
    max_tags=dict(type='int', default=100000),
)

SELECTION_ARGSPEC = dict(
    # raw, not list: Ansible splits a string given for a list option at its commas, which would cut a
    # pattern such as v\d{1,3} in two; compile_patterns takes a string as one pattern.
    include=dict(type='raw', default=[]),
    exclude=dict(type='raw', default=[]),
    platform=dict(type='str'),
    newer_than=dict(type='str'),
    older_than=dict(type='str'),
    sort=dict(type='str', default='updated', choices=['updated', 'name', 'semver', 'version', 'none']),
    order=dict(type='str', default='desc', choices=['desc', 'asc']),
    include_prerelease=dict(type='bool', default=True),
    version_range=dict(type='str'),
    compatible_with=dict(type='str'),
    exclude_digest_tags=dict(type='bool', default=True),
    signed_only=dict(type='bool', default=False),
    digest=dict(type='str'),
    skip=dict(type='int', default=0),
    limit=dict(type='int', default=0),
    tag=dict(type='list', elements='str', default=[]),
)


class ConnectionSettings(object):
    """Validated connection options. ``secret_key`` is kept out of ``repr``."""

    __slots__ = ('endpoint', 'site', 'region', 'access_key', 'secret_key', 'credentials_source', 'verify', 'timeout',
                 'page_size', 'concurrency', 'retries', 'max_tags')

    def __init__(self, **kwargs):
        for name in self.__slots__:
            setattr(self, name, kwargs.get(name))

    def __repr__(self):
        return 'ConnectionSettings(endpoint=%r, credentials_source=%r)' % (self.endpoint, self.credentials_source)

    def warnings(self):
        """What the module and the lookup should warn about these settings."""
        if self.verify is False and self.endpoint.lower().startswith('https://'):
            return ['validate_certs=false: the TLS certificate of %s is not verified, so the key pair and the answers are '
                    'open to a man in the middle. Prefer ca_cert with the CA bundle that signed it.' % self.endpoint]
        return []


def _given(value):
    return value is not None and value != ''


def _int_in_range(options, name, low, high):
    value = options.get(name)
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except (TypeError, ValueError):
            raise option_error(name, 'must be an integer, got %r' % (options.get(name),))
    if not low <= value <= high:
        raise option_error(name, 'must be between %d and %d, got %d' % (low, high, value))
    return value


def _is_loopback(host):
    if host == 'localhost' or host.endswith('.localhost'):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_secret_parts(url):
    """``(before, userinfo, after, tail)`` of ``url``: ``tail`` is the query or fragment, with its ``?`` or ``#``.

    Split by hand, not with urlsplit: a password may hold "/", "?", "#" or "@", which end urlsplit's netloc
    early and would leave the rest of the password in what is shown. Up to the last "@" is userinfo.
    """
    scheme, sep, rest = url.partition('://')
    before = scheme + sep if sep else ''
    rest = rest if sep else url
    userinfo, at, after = rest.rpartition('@')
    if not at:
        userinfo, after = '', rest
    cut = min([i for i in (after.find('?'), after.find('#')) if i >= 0] or [len(after)])
    return before, userinfo if at else None, after[:cut], after[cut:]


def _shown_url(url):
    before, userinfo, after, tail = _url_secret_parts(url)
    return before + ('' if userinfo is None else '***@') + after + (tail[:1] + '***' if tail else '')


def endpoint_secrets(endpoint):
    """The parts of an endpoint that may be secret (the password, or a userinfo without one; query; fragment).

    For the module's ``no_log_values``, so that they are masked in ``invocation`` too, not only in messages.
    """
    if not isinstance(endpoint, str):
        return set()
    dummy, userinfo, dummy, tail = _url_secret_parts(endpoint.strip())
    found = set()
    if userinfo:
        found.add(userinfo.partition(':')[2] or userinfo)
    if len(tail) > 1:
        found.add(tail[1:])
    return found


def resolve_endpoint(options, environ):
    endpoint = options.get('endpoint')
    if _given(endpoint):
        endpoint = str(endpoint).strip()
        shown = _shown_url(endpoint)
        if _CONTROL_RE.search(endpoint):
            # urlsplit silently drops tabs and newlines, http.client refuses them: judge neither, refuse.
            raise option_error('endpoint', 'must not contain spaces or control characters (such as CR or LF): %r' % shown)
        if '@' in endpoint:
            # Before parsing: urlsplit's own messages quote what it took for the port, which may be the password.
            raise option_error('endpoint', 'must not contain credentials, a query or a fragment: %r' % shown)
        try:
            parts = urlsplit(endpoint)
            host = parts.hostname
            parts.port  # pylint: disable=pointless-statement  # raises ValueError on a bad port
        except ValueError as exc:
            raise option_error('endpoint', 'is not a valid URL (%s): %r' % (exc, shown))
        if parts.scheme not in ('http', 'https') or not host:
            raise option_error('endpoint', 'must be an http(s) URL with a host and the API prefix, '
                                           'such as https://ncr.apigw.ntruss.com/ncr/api/v2; got %r' % shown)
        if parts.query or parts.fragment:
            raise option_error('endpoint', 'must not contain credentials, a query or a fragment: %r' % shown)
        if not _NETLOC_RE.match(parts.netloc):
            raise option_error('endpoint', 'the host must be a plain DNS name or IP address, optionally with a port '
                                           '(an internationalized name in its xn-- form); got %r' % shown)
        if parts.scheme == 'http' and not _is_loopback(host):
            raise option_error('endpoint', 'plain http:// is only allowed to a loopback address (127.0.0.1, ::1, '
                                           'localhost); credentials are never sent in clear text off the machine. Got %r' % shown)
        return endpoint.rstrip('/')
    site, region = site_and_region(options, environ)
    try:
        return ENDPOINTS[(site, region)]
    except KeyError:
        known = ', '.join(r for s, r in sorted(ENDPOINTS) if s == site)
        raise option_error('region', 'unknown region %r for site %r; known regions for that site: %s '
                                     '(or set endpoint to a full base URL)' % (region, site, known))


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
        if _given(environ.get(name)):
            return environ[name]
    return None


def resolve_credentials(options, environ, configure_file=None):
    """Options first, then the vendor's environment variables, then ``~/.ncloud/configure``."""
    access, secret = options.get('access_key'), options.get('secret_key')
    if _given(access) or _given(secret):
        if not (_given(access) and _given(secret)):
            missing = 'secret_key' if _given(access) else 'access_key'
            raise option_error(missing, 'is required when %s is given'
                               % ('access_key' if missing == 'secret_key' else 'secret_key'))
        return access, secret, 'options'
    access, secret = _first_env(environ, ACCESS_KEY_ENV), _first_env(environ, SECRET_KEY_ENV)
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
    raise NcrError(
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
        raise option_error('secret_key', 'cannot be encoded as UTF-8 to sign requests; the value (from the %s) is not '
                                         'shown' % source)


def connection_settings(options, environ=None, configure_file=None):
    environ = os.environ if environ is None else environ
    timeout = options.get('timeout')
    try:
        timeout = float(timeout)
    except (TypeError, ValueError):
        raise option_error('timeout', 'must be a number of seconds, got %r' % (timeout,))
    if not 0 < timeout <= TIMEOUT_MAX:
        raise option_error('timeout', 'must be more than 0 and at most %d seconds, got %s' % (TIMEOUT_MAX, timeout))
    validate_certs = options.get('validate_certs', True)
    ca_cert = options.get('ca_cert')
    if _given(ca_cert):
        if validate_certs is False:
            raise option_error('ca_cert', 'contradicts validate_certs=false: a CA bundle is only used to verify certificates')
        if not os.path.isfile(ca_cert):
            raise option_error('ca_cert', 'file not found: %s' % ca_cert)
    endpoint = resolve_endpoint(options, environ)
    site, region = site_and_region(options, environ)
    access, secret, source = resolve_credentials(options, environ, configure_file)
    check_key_pair(access, secret, source)
    return ConnectionSettings(
        endpoint=endpoint, site=site, region=region, access_key=access, secret_key=secret, credentials_source=source,
        verify=ca_cert if _given(ca_cert) else validate_certs is not False, timeout=timeout,
        page_size=_int_in_range(options, 'page_size', 1, PAGE_SIZE_MAX),
        concurrency=_int_in_range(options, 'concurrency', 1, CONCURRENCY_MAX),
        retries=_int_in_range(options, 'retries', 0, RETRIES_MAX),
        max_tags=_int_in_range(dict(max_tags=CONNECTION_ARGSPEC['max_tags']['default'], **options) if options.get('max_tags') is None
                               else options, 'max_tags', 0, MAX_TAGS_MAX),
    )


def site_and_region(options, environ):
    site = options.get('site') or environ.get('NCLOUD_SITE') or 'public'
    region = options.get('region') or environ.get('NCLOUD_REGION') or 'KR'
    site, region = str(site).strip().lower(), str(region).strip().upper()
    if site not in SITES:
        raise option_error('site', 'must be one of %s, got %r' % (', '.join(SITES), site))
    return site, region


def registry_host(settings, registry):
    """The host ``docker pull`` uses for the registry on the settings' site and region, or None when unknown."""
    if settings.site == 'public':
        region = PUBLIC_PULL_REGIONS.get(settings.region)
        return region and '%s.%s.ncr.ntruss.com' % (registry, region)
    return '%s.ncr.%s-ntruss.com' % (registry, settings.site)


def validate_names(registry, image):
    if not isinstance(registry, str) or not REGISTRY_RE.match(registry):
        raise option_error('registry', '%r is not a valid registry name: 3-30 characters, lower-case letters, digits and '
                                       'hyphens, starting with a letter and not ending with a hyphen' % (registry,))
    if not isinstance(image, str) or not 1 <= len(image) <= 255 or not IMAGE_RE.match(image):
        raise option_error('image', '%r is not a valid image name: 1-255 characters of lower-case letters and digits, '
                                    'separated by ".", "_", "__" or "-" runs, with "/" between path components' % (image,))


def validate_tag_name(option, name):
    if not isinstance(name, str) or not TAG_RE.match(name):
        raise option_error(option, '%r is not a valid tag name: up to 128 letters, digits, "_", "." and "-", '
                                   'not starting with "." or "-"' % (name,))

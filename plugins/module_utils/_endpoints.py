# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the API is: site and region, a given endpoint checked and shown without its secrets, pull hosts.

Internal use only: not a public API.
"""

import ipaddress
import re
from urllib.parse import urlsplit

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import given, option_error

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
# What an endpoint's host[:port] may be: a plain DNS name or IP literal, on which urlsplit (judged here) and
# urllib3 (which connects) cannot disagree. Anything else (a backslash, "%", controls, non-ASCII) is refused.
_NETLOC_RE = re.compile(r'(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*)|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?\Z')
_CONTROL_RE = re.compile(r'[\x00-\x20\x7f-\x9f]')


def api_prefixes():
    """The API prefixes of the known endpoints, for a hint when an endpoint's path is wrong."""
    prefixes = []
    for url in ENDPOINTS.values():
        if urlsplit(url).path not in prefixes:
            prefixes.append(urlsplit(url).path)
    return ', '.join(prefixes)


def _is_loopback(host):
    """Whether ``host`` (as urlsplit gives it: lower case, no brackets) is surely this machine.

    ``localhost`` itself and loopback addresses only: a name under ``.localhost`` goes to wherever the resolver
    says (RFC 6761 asks resolvers to keep it local, and not all do), so it is judged like any other name.
    """
    if host == 'localhost':
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
        userinfo = ''
        after = rest
    cut = min([i for i in (after.find('?'), after.find('#')) if i >= 0] or [len(after)])
    return before, userinfo if at else None, after[:cut], after[cut:]


def shown_url(url):
    """``url`` with any credentials, query and fragment masked: what messages may show of a URL."""
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


ENDPOINT_FORM = 'an http(s) URL with a host and the API prefix, such as https://ncr.apigw.ntruss.com/ncr/api/v2'


def _checked_endpoint(endpoint, option='endpoint', example=ENDPOINT_FORM):
    shown = shown_url(endpoint)
    if _CONTROL_RE.search(endpoint):
        # urlsplit silently drops tabs and newlines, http.client refuses them: judge neither, refuse.
        raise option_error(option, 'must not contain spaces or control characters (such as CR or LF): %r' % shown)
    if '@' in endpoint:
        # Before parsing: urlsplit's own messages quote what it took for the port, which may be the password.
        raise option_error(option, 'must not contain credentials, a query or a fragment: %r' % shown)
    try:
        parts = urlsplit(endpoint)
        host = parts.hostname
        parts.port  # pylint: disable=pointless-statement  # raises ValueError on a bad port
    except ValueError as exc:
        raise option_error(option, 'is not a valid URL (%s): %r' % (exc, shown)) from exc
    if parts.scheme not in ('http', 'https') or not host:
        raise option_error(option, 'must be %s; got %r' % (example, shown))
    if parts.query or parts.fragment:
        raise option_error(option, 'must not contain credentials, a query or a fragment: %r' % shown)
    if not _NETLOC_RE.match(parts.netloc):
        raise option_error(option, 'the host must be a plain DNS name or IP address, optionally with a port '
                                   '(an internationalized name in its xn-- form); got %r' % shown)
    if parts.scheme == 'http' and not _is_loopback(host):
        raise option_error(option, 'plain http:// is only allowed to a loopback address (127.0.0.1, ::1, '
                                   'localhost); credentials are never sent in clear text off the machine. Got %r' % shown)
    return endpoint.rstrip('/')


def checked_registry_url(url, option='registry_url'):
    """A registry's base URL, ``https://host[:port]`` (``http://`` to loopback only), checked like an endpoint."""
    url = _checked_endpoint(str(url).strip(), option, 'https://host[:port] (http:// to a loopback address only)')
    if urlsplit(url).path:
        raise option_error(option, 'must be the registry\'s scheme, host and port only, without a path (the registry '
                                   'API is always under /v2/); got %r' % shown_url(url))
    return url


def server_url_problem(url):
    """Why a URL a server gave (a token realm, a redirect) must not be followed, or None when it may be.

    The rules of an endpoint: http(s), a plain host, and plain http to loopback only, so that nothing a request
    carries travels in clear text off the machine.
    """
    if not isinstance(url, str) or _CONTROL_RE.search(url):
        return 'it holds spaces or control characters'
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # pylint: disable=pointless-statement  # raises ValueError on a bad port
    except ValueError:
        return 'it is not a valid URL'
    if parts.scheme not in ('http', 'https') or not host:
        return 'it is not an http(s) URL with a host'
    if '@' in parts.netloc:
        return 'it holds credentials'
    if not _NETLOC_RE.match(parts.netloc):
        return 'its host is not a plain DNS name or IP address'
    if parts.scheme == 'http' and not _is_loopback(host):
        return 'it is plain http:// to a host that is not loopback'
    return None


def resolve_endpoint(options, environ):
    """The API base URL: the ``endpoint`` option, checked, or the one of the site and region."""
    endpoint = options.get('endpoint')
    if given(endpoint):
        return _checked_endpoint(str(endpoint).strip())
    site, region = site_and_region(options, environ)
    try:
        return ENDPOINTS[(site, region)]
    except KeyError:
        known = ', '.join(r for s, r in sorted(ENDPOINTS) if s == site)
        raise option_error('region', 'unknown region %r for site %r; known regions for that site: %s '
                                     '(or set endpoint to a full base URL)' % (region, site, known)) from None


def site_and_region(options, environ):
    site = options.get('site') or environ.get('NCLOUD_SITE') or 'public'
    region = options.get('region') or environ.get('NCLOUD_REGION') or 'KR'
    site = str(site).strip().lower()
    region = str(region).strip().upper()
    if site not in SITES:
        raise option_error('site', 'must be one of %s, got %r' % (', '.join(SITES), site))
    return site, region


def registry_host(settings, registry):
    """The host ``docker pull`` uses for the registry on the settings' site and region, or None when unknown."""
    if settings.site == 'public':
        region = PUBLIC_PULL_REGIONS.get(settings.region)
        return region and '%s.%s.ncr.ntruss.com' % (registry, region)
    return '%s.ncr.%s-ntruss.com' % (registry, settings.site)

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The connection options checked into one settings object, before any request. Internal use only: not a public API.

The module passes ``module.params``, the lookup a dict built from ``get_option()``; both come here, so the
fallbacks to the vendor's environment variables and ``~/.ncloud/configure`` are applied in one place.
"""

import os
import re

from ansible_collections.ncloud.ncr.plugins.module_utils._credentials import NoCredentials, check_key_pair, resolve_credentials
from ansible_collections.ncloud.ncr.plugins.module_utils._endpoints import (
    checked_registry_url, endpoint_secrets, resolve_endpoint, site_and_region)
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError, given, option_error
from ansible_collections.ncloud.ncr.plugins.module_utils._secrets import register_secrets
from ansible_collections.ncloud.ncr.plugins.module_utils._signing import encode_secret

PAGE_SIZE_MAX = 1000
TIMEOUT_MAX = 3600
CONCURRENCY_MAX = 32
RETRIES_MAX = 10
MAX_TAGS_MAX = 10000000
MAX_TAGS_DEFAULT = 100000
# A user name goes into a Basic Authorization header: no controls (and no ":", which ends it there).
_PRINTABLE_RE = re.compile(r'[^\x00-\x1f\x7f]+\Z')
# The collection's own environment variables that modules read too, option -> variable. A lookup already gets them
# through its option sources (doc_fragments/connection.py PLUGINS names the same variables); a module has no such
# sources, and module_defaults cannot reach a role's or a lookup's settings, so the core fills an option left unset
# from here, the way it reads NCLOUD_SITE: one variable then points modules, the role and the lookups alike.
# A new option with an environment variable adds its row here and its env: entry to the PLUGINS fragment.
OPTION_ENVIRONMENT = {
    'endpoint': 'ANSIBLE_NCLOUD_NCR_ENDPOINT',
    'registry_url': 'ANSIBLE_NCLOUD_NCR_REGISTRY_URL',
    'registry_username': 'ANSIBLE_NCLOUD_NCR_REGISTRY_USERNAME',
    'registry_password': 'ANSIBLE_NCLOUD_NCR_REGISTRY_PASSWORD',
}
# The options of the registry's own API (the data plane), read only by a task that talks to it.
REGISTRY_OPTIONS = ('registry_url', 'registry_username', 'registry_password')


class ConnectionSettings:
    """Validated connection options. ``secret_key`` and ``registry_password`` are kept out of ``repr``.

    ``registry_*`` are set for a task that reads the registry itself (``registry_url`` None: the URL of each registry's
    pull host); ``access_key`` and ``secret_key`` may then be None when the registry credentials were given.
    """

    __slots__ = ('endpoint', 'site', 'region', 'access_key', 'secret_key', 'credentials_source', 'verify', 'timeout',
                 'page_size', 'concurrency', 'retries', 'max_tags', 'registry_url', 'registry_username', 'registry_password',
                 'registry_credentials_source')

    def __init__(self, **kwargs):
        for name in self.__slots__:
            setattr(self, name, kwargs.get(name))

    def __repr__(self):
        return 'ConnectionSettings(endpoint=%r, credentials_source=%r)' % (self.endpoint, self.credentials_source)

    def replace(self, **changes):
        values = dict((name, getattr(self, name)) for name in self.__slots__)
        values.update(changes)
        return ConnectionSettings(**values)

    def warnings(self):
        """What the module and the lookup should warn about these settings."""
        if self.verify is False and self.registry_password is not None:
            # A task that reads the registry itself: its credentials travel there too.
            return ['validate_certs=false: TLS certificates are not verified (the API at %s and the registry at %s), so '
                    'the credentials and the answers are open to a man in the middle. Prefer ca_cert with the CA bundle '
                    'that signed them.' % (self.endpoint, self.registry_url or 'its pull host')]
        if self.verify is False and self.endpoint.lower().startswith('https://'):
            return ['validate_certs=false: the TLS certificate of %s is not verified, so the key pair and the answers are '
                    'open to a man in the middle. Prefer ca_cert with the CA bundle that signed it.' % self.endpoint]
        return []


def _int_in_range(options, name, low, high, default=None):
    value = options.get(name)
    if value is None and default is not None:
        value = default
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except (TypeError, ValueError):
            raise option_error(name, 'must be an integer, got %r' % (options.get(name),)) from None
    if not low <= value <= high:
        raise option_error(name, 'must be between %d and %d, got %d' % (low, high, value))
    return value


def _timeout(options):
    timeout = options.get('timeout')
    try:
        timeout = float(timeout)
    except (TypeError, ValueError):
        raise option_error('timeout', 'must be a number of seconds, got %r' % (timeout,)) from None
    if not 0 < timeout <= TIMEOUT_MAX:
        raise option_error('timeout', 'must be more than 0 and at most %d seconds, got %s' % (TIMEOUT_MAX, timeout))
    return timeout


def _verify(options):
    """requests' ``verify``: the CA bundle's path, or whether to check the certificate at all."""
    validate_certs = options.get('validate_certs', True)
    ca_cert = options.get('ca_cert')
    if not given(ca_cert):
        return validate_certs is not False
    if validate_certs is False:
        raise option_error('ca_cert', 'contradicts validate_certs=false: a CA bundle is only used to verify certificates')
    if not os.path.isfile(ca_cert):
        raise option_error('ca_cert', 'file not found: %s' % ca_cert)
    return ca_cert


def environment_options(options, environ):
    """``{option: variable}`` for each option of OPTION_ENVIRONMENT that is not given and whose variable is set."""
    return dict((name, variable) for name, variable in OPTION_ENVIRONMENT.items()
                if not given(options.get(name)) and given(environ.get(variable)))


def with_environment(options, environ):
    """``options`` with each option of OPTION_ENVIRONMENT that is not given taken from its environment variable."""
    filled = dict(options)
    for name, variable in environment_options(options, environ).items():
        filled[name] = environ[variable]
    return filled


def option_secrets(options):
    """The secret values among ``options`` (the environment filled in, see :func:`with_environment`): secret_key,
    registry_password, and the parts of endpoint and registry_url that may be secret (see endpoint_secrets)."""
    found = set(endpoint_secrets(options.get('endpoint'))) | set(endpoint_secrets(options.get('registry_url')))
    found.update(options.get(name) for name in ('secret_key', 'registry_password'))
    return found


def connection_settings(options, environ=None, configure_file=None, registry=False):
    """The checked settings; with ``registry`` also those of the registry's own API (the REGISTRY_OPTIONS), which
    other tasks neither read nor check."""
    environ = os.environ if environ is None else environ
    from_environment = environment_options(options, environ)
    options = with_environment(options, environ)
    # Registered (_secrets) before anything can fail; the secret key from the environment or ~/.ncloud/configure where
    # it is read (_settings).
    register_secrets(option_secrets(options))
    try:
        return _settings(options, environ, configure_file, registry)
    except NcrError as exc:
        if exc.option not in from_environment:
            raise
        # The user set no such option: say where the value came from.
        raise exc.retold('%s (from the environment variable %s)' % (exc.message, from_environment[exc.option])) from None


def _settings(options, environ, configure_file, registry=False):
    timeout = _timeout(options)
    verify = _verify(options)
    endpoint = resolve_endpoint(options, environ)
    site, region = site_and_region(options, environ)
    registry_values = _registry_options(options) if registry else {}
    try:
        access, secret, source = resolve_credentials(options, environ, configure_file)
    except NoCredentials:
        if not registry_values.get('registry_password'):
            raise
        # The registry's own credentials were given: a task that reads only the registry needs no key pair.
        access = secret = source = None
    register_secrets([secret])
    if access is not None:
        check_key_pair(access, secret, source)
    if registry and not registry_values.get('registry_password'):
        registry_values.update(registry_username=access, registry_password=secret,
                               registry_credentials_source='the NCP key pair (%s)' % source)
    return ConnectionSettings(
        endpoint=endpoint, site=site, region=region, access_key=access, secret_key=secret, credentials_source=source,
        verify=verify, timeout=timeout,
        page_size=_int_in_range(options, 'page_size', 1, PAGE_SIZE_MAX),
        concurrency=_int_in_range(options, 'concurrency', 1, CONCURRENCY_MAX),
        retries=_int_in_range(options, 'retries', 0, RETRIES_MAX),
        max_tags=_int_in_range(options, 'max_tags', 0, MAX_TAGS_MAX, default=MAX_TAGS_DEFAULT),
        **registry_values
    )


def _registry_options(options):
    """``registry_url`` (checked; None: each registry's pull host) and the registry credentials when both are given."""
    url = options.get('registry_url')
    values = dict(registry_url=checked_registry_url(url) if given(url) else None)
    username = options.get('registry_username')
    password = options.get('registry_password')
    if not (given(username) or given(password)):
        return values
    if not (given(username) and given(password)):
        missing = 'registry_password' if given(username) else 'registry_username'
        raise option_error(missing, 'is required when %s is given'
                           % ('registry_username' if missing == 'registry_password' else 'registry_password'))
    if not isinstance(username, str) or ':' in username or not _PRINTABLE_RE.match(username):
        raise option_error('registry_username', 'must be printable text without ":" or control characters (it is '
                                                'sent in a Basic Authorization header); the value is not shown')
    try:
        encode_secret(password)
    except (AttributeError, UnicodeError):
        raise option_error('registry_password', 'cannot be encoded as UTF-8; the value is not shown') from None
    values.update(registry_username=username, registry_password=password, registry_credentials_source='options')
    return values

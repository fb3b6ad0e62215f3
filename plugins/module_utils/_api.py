# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one entry point the modules and the lookups share. Internal use only: not a public API.

Every option is checked before the first request (:func:`prepare`, :func:`prepare_images`); a task's client
lives for one :func:`session`, which also shows the settings' warnings; :func:`run_module` is every module's
``main()``. The work itself is in _tag_listing (tags), _registries (registries and images) and _manifest_info
(manifests); the plugins import nothing else of the core (tests/unit/plugins/test_imports.py keeps it so).
"""

import os
from contextlib import contextmanager

from ansible_collections.ncloud.ncr.plugins.module_utils._argspec import (
    CONNECTION_ARGSPEC, IMAGE_SELECTION_ARGSPEC, REGISTRY_ARGSPEC, RESOLVE_ARGSPEC, SELECTION_ARGSPEC)
from ansible_collections.ncloud.ncr.plugins.module_utils._connection import connection_settings, option_secrets, with_environment
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError, NotFound
from ansible_collections.ncloud.ncr.plugins.module_utils._image_selection import ImageSelection
from ansible_collections.ncloud.ncr.plugins.module_utils._manifest_info import ManifestQuery, describe_references
from ansible_collections.ncloud.ncr.plugins.module_utils._manifest_info import manifest_info as _manifest_info
from ansible_collections.ncloud.ncr.plugins.module_utils._manifest_resolution import Resolver
from ansible_collections.ncloud.ncr.plugins.module_utils._secrets import masking_into, register_secrets
from ansible_collections.ncloud.ncr.plugins.module_utils._names import (
    check_reference, matching, parse_reference_term, parse_registry_term, parse_term)
from ansible_collections.ncloud.ncr.plugins.module_utils._registry_client import RegistryClient, registry_url
from ansible_collections.ncloud.ncr.plugins.module_utils._registries import image_info, registry_images, registry_info
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import Selection
from ansible_collections.ncloud.ncr.plugins.module_utils._tag_listing import fetch_tags, image_tags, images_tags, pattern_images
from ansible_collections.ncloud.ncr.plugins.module_utils._transport import Client

# What the plugins use; everything else of the core is reached through these.
__all__ = ['CONNECTION_ARGSPEC', 'IMAGE_SELECTION_ARGSPEC', 'NcrError', 'NotFound', 'REGISTRY_ARGSPEC', 'RESOLVE_ARGSPEC',
           'SELECTION_ARGSPEC', 'check_reference', 'describe_references', 'fetch_tags', 'image_info', 'image_tags', 'images_tags',
           'manifest_info', 'manifest_resolver', 'matching', 'parse_reference_term', 'parse_registry_term', 'parse_term',
           'pattern_images', 'prepare', 'prepare_images', 'prepare_manifests', 'prepare_registries', 'registry',
           'registry_images', 'registry_info', 'run_module', 'session']


def prepare(options, environ=None, configure_file=None, now=None):
    """Validate every option of a tag selection before any request: ``(settings, selection)`` or an NcrError.

    With ``resolve_manifest`` the registry options are checked too (see :func:`manifest_resolver`).
    """
    selection = Selection(options, now=now)
    return connection_settings(options, environ=environ, configure_file=configure_file,
                               registry=options.get('resolve_manifest') is True), selection


def prepare_images(options, environ=None, configure_file=None, now=None):
    """Validate every option of an image listing before any request: ``(settings, image selection)``."""
    selection = ImageSelection(options, now=now)
    return connection_settings(options, environ=environ, configure_file=configure_file), selection


def prepare_manifests(options, environ=None, configure_file=None):
    """Validate every option of a manifest query before any request: ``(settings, ManifestQuery)``.

    The NCP key pair is not needed when registry_username and registry_password are given: only the registry is read.
    """
    query = ManifestQuery(options)
    return connection_settings(options, environ=environ, configure_file=configure_file, registry=True), query


def prepare_registries(options, environ=None, configure_file=None):
    """Validate every option of a registry listing before any request: the connection settings."""
    return connection_settings(options, environ=environ, configure_file=configure_file)


def registry(client, name):
    """The client of the registry ``name``'s own API (at registry_url, or the pull host of site and region), over the
    task's transport ``client``."""
    return RegistryClient(client, registry_url(client.settings, name))


def manifest_resolver(client, cache=None):
    """``resolve`` for image_tags (resolve_manifest): each kept tag's manifest digest and media type from the registry
    (see _manifest_resolution.Resolver; ``cache`` is the lookup's run cache of its answers)."""
    return Resolver(client, cache)


def manifest_info(client, query):
    """The ncr_manifest_info module's result for ``query`` (see _manifest_info.manifest_info)."""
    return _manifest_info(registry(client, query.registry), query, client.settings.concurrency)


@contextmanager
def session(settings, warn):
    """The task's one client (a keep-alive session), closed at the end; ``warn`` is told the settings' warnings.

    Without ``requests`` this fails here, after every option was checked, for modules and lookups alike.
    """
    for warning in settings.warnings():
        warn(warning)
    client = Client(settings)
    try:
        yield client
    finally:
        client.close()


def run_module(module, answer):
    """Every module's ``main()`` after its AnsibleModule: ``answer(params, warn)`` checks the options, opens its
    :func:`session` and gives the result; ``warnings`` in the result are shown, not returned."""
    # The secrets are registered (_secrets: ansible-core's secrets API, else this module's no_log_values) before any
    # option is checked: a password in the endpoint is refused, but must not show in the failure's invocation either,
    # nor in any message when it came from ANSIBLE_NCLOUD_NCR_ENDPOINT; no_log covers only the options as given, not
    # ANSIBLE_NCLOUD_NCR_REGISTRY_PASSWORD; the secret key from the environment or ~/.ncloud/configure is registered
    # where it is read (_connection).
    with masking_into(module.no_log_values):
        register_secrets(option_secrets(with_environment(module.params, os.environ)))
        try:
            result = answer(module.params, module.warn)
            for warning in result.pop('warnings', ()):
                module.warn(warning)
            module.exit_json(changed=False, **result)
        except NcrError as exc:
            module.fail_json(msg=str(exc), error=exc.to_dict())

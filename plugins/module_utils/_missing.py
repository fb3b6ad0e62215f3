# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which part is missing, the registry or the image: the API's 404 says neither, so a failure names it.

Internal use only: not a public API.
"""

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError, NotFound

REGISTRY_HINT = 'Hint: check the registry name; ncloud.ncr.ncr_registry_info lists them.'
IMAGE_HINT = 'Hint: check the registry and image names; image names with "/" are given as is, e.g. team/app.'


def _first_image(client, registry):
    client.get_json(['repositories', registry], {'page': 1, 'pagesize': 1})


def check_registry(client, registry):
    """Fail, naming the registry as missing, when ``registry`` does not exist: one request for its first image."""
    try:
        _first_image(client, registry)
    except NotFound as exc:
        raise missing(client, exc, registry) from exc


def missing(client, original, registry, image=None):
    """``original`` (a 404) told again naming what is missing.

    Without ``image`` the 404 was the registry's own. With ``image``, one extra request (on the failure path only)
    tells a missing registry from a missing image; when that request fails otherwise, ``original`` is all that is
    known and is returned as it is.
    """
    if image is None:
        part = 'Registry %r does not exist' % registry
        hint = REGISTRY_HINT
    else:
        try:
            _first_image(client, registry)
            part = 'Image %r does not exist in registry %r' % (image, registry)
        except NotFound:
            part = 'Registry %r does not exist' % registry
        except NcrError:
            return original
        hint = IMAGE_HINT
    return original.retold('%s (or these credentials cannot see it): %s' % (part, original.message), hint=hint)

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The modules' argument specs, built from the choices and defaults the core declares once.

The doc fragments ncloud.ncr.connection, ncloud.ncr.selection and ncloud.ncr.image_selection describe the same
options for the modules and the lookups; a unit test keeps the two in step. Internal use only: not a public API.
"""

from ansible_collections.ncloud.ncr.plugins.module_utils._connection import MAX_TAGS_DEFAULT
from ansible_collections.ncloud.ncr.plugins.module_utils._criteria import ORDERS
from ansible_collections.ncloud.ncr.plugins.module_utils._endpoints import SITES
from ansible_collections.ncloud.ncr.plugins.module_utils._image_selection import IMAGE_SORTS
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import SORTS
from ansible_collections.ncloud.ncr.plugins.module_utils._tags import TAG_FIELDS

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
    concurrency=dict(type='int', default=8),
    retries=dict(type='int', default=4),
    max_tags=dict(type='int', default=MAX_TAGS_DEFAULT),
)

# The registry's own API (doc fragment ncloud.ncr.registry): the modules that read it add these.
REGISTRY_ARGSPEC = dict(
    registry_url=dict(type='str'),
    registry_username=dict(type='str', no_log=False),
    registry_password=dict(type='str', no_log=True),
)

# ncr_image_tags (module and lookup): the registry's own answer for the tags kept (doc fragment ncloud.ncr.registry.image_tags).
RESOLVE_ARGSPEC = dict(
    resolve_manifest=dict(type='bool', default=False),
)

# raw, not list, for include and exclude: Ansible splits a string given for a list option at its commas, which
# would cut a pattern such as v\d{1,3} in two; compile_patterns takes a string as one pattern.
_PATTERNS_AND_TIMES = dict(
    include=dict(type='raw', default=[]),
    exclude=dict(type='raw', default=[]),
    newer_than=dict(type='str'),
    older_than=dict(type='str'),
)

SELECTION_ARGSPEC = dict(
    _PATTERNS_AND_TIMES,
    platform=dict(type='str'),
    sort=dict(type='str', default='updated', choices=list(SORTS)),
    order=dict(type='str', default='desc', choices=list(ORDERS)),
    include_prerelease=dict(type='bool', default=True),
    version_range=dict(type='str'),
    compatible_with=dict(type='str'),
    exclude_digest_tags=dict(type='bool', default=True),
    signed_only=dict(type='bool', default=False),
    digest=dict(type='str'),
    skip=dict(type='int', default=0),
    limit=dict(type='int', default=0),
    tag=dict(type='list', elements='str', default=[]),
    fields=dict(type='list', elements='str', default=[], choices=list(TAG_FIELDS)),
)

# The order's default follows the sort (names ascending, times and counts descending), so it has none here.
IMAGE_SELECTION_ARGSPEC = dict(
    _PATTERNS_AND_TIMES,
    sort=dict(type='str', default='name', choices=list(IMAGE_SORTS)),
    order=dict(type='str', choices=list(ORDERS)),
    limit=dict(type='int', default=0),
)

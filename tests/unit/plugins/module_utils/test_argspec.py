# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The argument specs the modules share, and the lookups' option names: they agree with what the core checks."""

from ansible_collections.ncloud.ncr.plugins.module_utils._argspec import (
    CONNECTION_ARGSPEC, IMAGE_SELECTION_ARGSPEC, REGISTRY_ARGSPEC, RESOLVE_ARGSPEC, SELECTION_ARGSPEC)
from ansible_collections.ncloud.ncr.plugins.module_utils._connection import REGISTRY_OPTIONS
from ansible_collections.ncloud.ncr.plugins.module_utils._criteria import ORDERS
from ansible_collections.ncloud.ncr.plugins.module_utils._image_selection import IMAGE_SORTS
from ansible_collections.ncloud.ncr.plugins.module_utils._selection import SORTS


def test_the_choices_are_the_core_s():
    assert SELECTION_ARGSPEC['sort']['choices'] == list(SORTS)
    assert IMAGE_SELECTION_ARGSPEC['sort']['choices'] == list(IMAGE_SORTS)
    assert set(SELECTION_ARGSPEC['order']['choices']) == set(ORDERS)


def test_the_registry_options_are_the_connection_s_registry_options():
    assert set(REGISTRY_ARGSPEC) == set(REGISTRY_OPTIONS)


def test_secrets_are_no_log_and_no_spec_overlaps_another():
    for spec in (CONNECTION_ARGSPEC, REGISTRY_ARGSPEC):
        for name, option in spec.items():
            if 'secret' in name or 'password' in name:
                assert option.get('no_log') is True, name
    specs = (CONNECTION_ARGSPEC, REGISTRY_ARGSPEC, RESOLVE_ARGSPEC, SELECTION_ARGSPEC)
    names = [name for spec in specs for name in spec]
    assert len(names) == len(set(names))

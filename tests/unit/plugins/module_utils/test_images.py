# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError
from ansible_collections.ncloud.ncr.plugins.module_utils._images import normalize_image


def test_image_time_is_iso_and_keys_snake_case():
    out = normalize_image({'name': 'team/app', 'last_updated': 1711928488000, 'pullCount': 3, 'tag_mutability_enabled': True})
    assert out['last_updated'] == '2024-03-31T23:41:28Z'
    assert out['pull_count'] == 3 and 'pullCount' not in out
    assert out['tag_mutability_enabled'] is True
    assert 'unreadable' not in out


def test_image_unreadable_time_is_null_and_named():
    out = normalize_image({'name': 'web', 'last_updated': 'yesterday'})
    assert out['last_updated'] is None and out['unreadable'] == ['last_updated']
    assert normalize_image({'name': 'web', 'last_updated': 0})['last_updated'] is None
    assert 'unreadable' not in normalize_image({'name': 'web', 'last_updated': 0})


@pytest.mark.parametrize('name', ['Web', '', 'a' * 300, None, 5, 'web\n', '../web'])
def test_invalid_image_name_from_the_server_refuses_the_answer(name):
    with pytest.raises(NcrError, match='not valid'):
        normalize_image({'name': name})

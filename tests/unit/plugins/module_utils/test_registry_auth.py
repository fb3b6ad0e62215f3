# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from ansible_collections.ncloud.ncr.plugins.module_utils._registry_auth import parse_challenges


def test_challenges_are_parsed_with_quotes_and_several_schemes():
    assert parse_challenges('Bearer realm="https://auth.example/token",service="reg.example",scope="repository:a/b:pull"') == [
        ('bearer', {'realm': 'https://auth.example/token', 'service': 'reg.example', 'scope': 'repository:a/b:pull'})]
    assert parse_challenges('Basic realm="Registry \\"Realm\\"", Bearer realm="https://a/t"') == [
        ('basic', {'realm': 'Registry "Realm"'}), ('bearer', {'realm': 'https://a/t'})]
    assert parse_challenges('Basic') == [('basic', {})]
    assert parse_challenges(None) == []

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError, NotFound
from ansible_collections.ncloud.ncr.plugins.module_utils._manifest_info import ManifestQuery, manifest_info
from ansible_collections.ncloud.ncr.plugins.module_utils._manifests import describe
from ansible_collections.ncloud.ncr.tests.unit.fake_registry import registry_client_for

HOST = 'my-registry.kr.ncr.ntruss.com'


def test_a_missing_reference_is_missing_not_a_failure(fake):
    client, dummy = registry_client_for(fake)
    with pytest.raises(NotFound):
        describe(client, 'team/app', 'nope')
    query = ManifestQuery(dict(registry='my-registry', image='team/app', reference=['nope', '1.4.2', 'single', 'nope']))
    result = manifest_info(client, query, 4)
    assert (result['found'], result['missing']) == (False, ['nope'])
    assert [m['reference'] for m in result['manifests']] == ['1.4.2', 'single']
    assert (result['registry'], result['image'], result['registry_host']) == ('my-registry', 'team/app', HOST)


def test_a_missing_image_is_missing_too(fake):
    client, dummy = registry_client_for(fake)
    result = manifest_info(client, ManifestQuery(dict(registry='my-registry', image='ghost', reference=['1.0'])), 4)
    assert (result['found'], result['missing'], result['manifests']) == (False, ['1.0'], [])


@pytest.mark.parametrize('reference, problem', [
    ('sha256:abc', 'is not a digest'), ('-bad', 'is neither a tag'), ('a' * 129, 'is neither a tag'), ('v1\n', 'is neither a tag')])
def test_a_bad_reference_names_the_option(reference, problem):
    with pytest.raises(NcrError) as err:
        ManifestQuery(dict(registry='my-registry', image='team/app', reference=[reference]))
    assert str(err.value).startswith('reference: ') and problem in str(err.value)

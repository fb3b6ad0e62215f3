# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which part is missing, the registry or the image: a 404 told again naming it, one extra request at the most."""

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError, NotFound
from ansible_collections.ncloud.ncr.plugins.module_utils._missing import IMAGE_HINT, REGISTRY_HINT, check_registry, missing
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import FakeNcr, client_for, make_tag, response


@pytest.fixture
def ncr():
    fake = FakeNcr()
    fake.add_image('my-registry', 'web', [make_tag('v1')])
    return fake


def test_a_registry_s_own_404_names_the_registry_without_asking_again(ncr):
    client, dummy = client_for(ncr)
    told = missing(client, NotFound('HTTP 404', status=404), 'nope')
    assert isinstance(told, NotFound) and told.status == 404 and told.hint == REGISTRY_HINT
    assert told.message == "Registry 'nope' does not exist (or these credentials cannot see it): HTTP 404"
    assert ncr.requests == []


def test_an_image_s_404_asks_once_which_part_is_missing(ncr):
    client, dummy = client_for(ncr)
    told = missing(client, NotFound('HTTP 404', status=404), 'my-registry', 'ghost')
    assert told.message.startswith("Image 'ghost' does not exist in registry 'my-registry' (or these credentials")
    assert told.hint == IMAGE_HINT and len(ncr.requests) == 1
    told = missing(client, NotFound('HTTP 404', status=404), 'nope', 'web')
    assert told.message.startswith("Registry 'nope' does not exist (or these credentials")
    assert told.hint == IMAGE_HINT


def test_when_the_check_itself_fails_the_404_is_all_that_is_known(ncr):
    client, dummy = client_for(ncr, retries=0)
    ncr.faults = [response(500, text='oops')]
    original = NotFound('HTTP 404', status=404)
    assert missing(client, original, 'my-registry', 'ghost') is original


def test_check_registry_fails_only_for_a_missing_registry(ncr):
    client, dummy = client_for(ncr)
    check_registry(client, 'my-registry')
    with pytest.raises(NotFound, match="^Registry 'nope' does not exist") as err:
        check_registry(client, 'nope')
    assert isinstance(err.value, NcrError) and err.value.hint == REGISTRY_HINT

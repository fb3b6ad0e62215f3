# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The lookup registers the secret key it read from the environment through ansible-core's secrets API (2.22+), and
needs nothing to register with before 2.22 (see tests/unit/plugins/module_utils/test_secrets.py for the rest)."""

from ansible.plugins.loader import lookup_loader

from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, ENDPOINT, SECRET, FakeNcr, make_tag


def _run(serve_fake_ncr, monkeypatch):
    fake = serve_fake_ncr(FakeNcr())
    fake.add_image('my-registry', 'web', [make_tag('v1', 1710000000000)])
    monkeypatch.setenv('NCLOUD_ACCESS_KEY', ACCESS)
    monkeypatch.setenv('NCLOUD_SECRET_KEY', SECRET)
    monkeypatch.setenv('ANSIBLE_NCLOUD_NCR_REGISTRY_PASSWORD', 'rEgIsTrY-pAsSwOrD-0123456789')
    plugin = lookup_loader.get('ncloud.ncr.ncr_image_tags')
    return plugin.run(['my-registry/web'], variables={}, endpoint=ENDPOINT, cache_ttl=0)


def test_a_lookup_registers_the_secret_key_and_password_from_the_environment(serve_fake_ncr, monkeypatch,
                                                                             secrets_api_present):
    assert _run(serve_fake_ncr, monkeypatch) == ['v1']
    registered = set(value for call in secrets_api_present for value in call)
    assert {SECRET, 'rEgIsTrY-pAsSwOrD-0123456789'} <= registered


def test_without_the_api_a_lookup_runs_all_the_same(serve_fake_ncr, monkeypatch, secrets_api_absent):
    assert _run(serve_fake_ncr, monkeypatch) == ['v1']

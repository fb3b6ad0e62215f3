# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The lookups refuse a call without terms, and terms passed as _terms=, before any request."""

import pytest

from ansible.errors import AnsibleLookupError
from ansible.plugins.loader import lookup_loader

from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, ENDPOINT, SECRET, FakeNcr, make_tag

LOOKUPS = ['ncloud.ncr.ncr_image_tags', 'ncloud.ncr.ncr_images']
TERM = {'ncloud.ncr.ncr_image_tags': 'my-registry/web', 'ncloud.ncr.ncr_images': 'my-registry'}


@pytest.fixture
def ncr(serve_fake_ncr):
    fake = FakeNcr()
    fake.add_image('my-registry', 'web', [make_tag('latest')])
    return serve_fake_ncr(fake)


def run(name, terms, **kwargs):
    options = dict(endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET)
    options.update(kwargs)
    return lookup_loader.get(name).run(terms, variables={}, **options)


@pytest.mark.parametrize('name', LOOKUPS)
def test_a_call_without_terms_is_refused(ncr, name):
    # lookup('ncloud.ncr.ncr_images') would otherwise return [] and hide a forgotten argument.
    with pytest.raises(AnsibleLookupError, match=r'^%s: no term given' % name.replace('.', r'\.')):
        run(name, [])
    assert ncr.requests == []


@pytest.mark.parametrize('name, hint', [('ncloud.ncr.ncr_image_tags', 'REGISTRY/IMAGE'), ('ncloud.ncr.ncr_images', 'REGISTRY or')])
def test_the_refusal_names_the_terms_of_that_lookup(ncr, name, hint):
    with pytest.raises(AnsibleLookupError, match=hint):
        run(name, [])


@pytest.mark.parametrize('name', LOOKUPS)
@pytest.mark.parametrize('positional', [[], ['my-registry/other']])
def test_terms_given_as_the_keyword_terms_are_refused(ncr, name, positional):
    # lookup(NAME, _terms=[...]) reaches run() as a keyword, with or without positional terms.
    with pytest.raises(AnsibleLookupError, match=r'^%s: .*not as _terms=' % name.replace('.', r'\.')):
        run(name, positional, _terms=[TERM[name]])
    assert ncr.requests == []


@pytest.mark.parametrize('name', LOOKUPS)
def test_a_term_given_as_an_argument_still_runs(ncr, name):
    assert run(name, [TERM[name]]) == (['latest'] if name.endswith('tags') else ['web'])

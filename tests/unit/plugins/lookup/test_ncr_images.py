# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import time

import pytest

from ansible.errors import AnsibleError, AnsibleLookupError
from ansible.plugins.loader import lookup_loader

from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, ENDPOINT, SECRET, make_tag, response
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr_images import DAY_MS, FakeImages

NOW_MS = int(time.time() * 1000)


@pytest.fixture
def ncr(serve_fake_ncr):
    fake = FakeImages(max_page_size=3)
    for index, (name, days) in enumerate((('web', 1), ('api', 200), ('team/backend', 100), ('team/tools/linter', 300))):
        fake.add_full_image('my-registry', name, NOW_MS - days * DAY_MS, index,
                            tags=[make_tag('v1.%d.0' % i, NOW_MS - (i * 60 + days) * DAY_MS, index=i + 10 * index) for i in range(4)]
                            + [make_tag('nightly', NOW_MS - DAY_MS, index=9 + 10 * index)])
    return serve_fake_ncr(fake)


def lookup(plugin_name, terms, **kwargs):
    plugin = lookup_loader.get(plugin_name)
    options = dict(endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET)
    if plugin_name.endswith('image_tags'):
        options['cache_ttl'] = 0
    options.update(kwargs)
    return plugin.run(terms, variables={}, **options)


# ---------------------------------------------------------------- ncr_images

def test_images_names_and_dicts(ncr):
    assert lookup('ncloud.ncr.ncr_images', ['my-registry']) == ['api', 'team/backend', 'team/tools/linter', 'web']
    images = lookup('ncloud.ncr.ncr_images', ['my-registry/team/*'], output='images', older_than='90d', sort='updated')
    assert [(i['registry'], i['name']) for i in images] == [('my-registry', 'team/backend'), ('my-registry', 'team/tools/linter')]


def test_images_missing_registry_follows_on_missing(ncr):
    with pytest.raises(AnsibleLookupError, match="Registry 'ghost-reg' does not exist"):
        lookup('ncloud.ncr.ncr_images', ['ghost-reg'])
    assert lookup('ncloud.ncr.ncr_images', ['ghost-reg', 'my-registry/w*'], on_missing='skip') == ['web']


@pytest.mark.parametrize('terms, kwargs, fragment', [
    (['Bad_Registry'], {}, 'registry:'),
    ([''], {}, 'is empty'),
    (['my-registry/Web*'], {}, 'not an image name pattern'),
    (['my-registry'], {'sort': 'semver'}, 'sort'),
    (['my-registry'], {'include': '('}, 'include: invalid regular expression'),
    (['my-registry'], {'colour': 'blue'}, 'unknown option(s) colour'),
])
def test_images_bad_input_before_any_request(ncr, terms, kwargs, fragment):
    # AnsibleError: Ansible itself refuses a value outside an option's choices.
    with pytest.raises(AnsibleError) as err:
        lookup('ncloud.ncr.ncr_images', terms, **kwargs)
    assert fragment in str(err.value) and ncr.requests == []


# ---------------------------------------------------------------- ncr_image_tags with patterns

def test_pattern_cleanup_report_over_every_image(ncr):
    tags = lookup('ncloud.ncr.ncr_image_tags', ['my-registry/*'], older_than='90d', exclude=[r'v?\d+\.1\.\d+'], output='tags',
                  sort='name', concurrency=3)
    pairs = [(t['registry'], t['image'], t['name']) for t in tags]
    # Image name order; within each image the selection's order; nightly is recent, v1.1.0 excluded.
    assert [p[1] for p in pairs] == sorted(p[1] for p in pairs)
    assert ('my-registry', 'web', 'v1.3.0') in pairs and ('my-registry', 'web', 'v1.0.0') not in pairs
    assert ('my-registry', 'api', 'v1.0.0') in pairs
    assert not any(p[2] in ('nightly', 'v1.1.0') for p in pairs)
    # The registry listed once (2 pages of 3), each image's tags once (2 pages of 3 each).
    assert len([r for r in ncr.requests if r.startswith('/ncr/api/v2/repositories/my-registry?page=1&')]) == 1
    assert len([r for r in ncr.requests if '/tags?page=1&' in r]) == 4
    assert len(ncr.requests) == 2 + 4 * 2


def test_pattern_latest_is_one_per_image_and_patterns_mix_with_images(ncr):
    assert lookup('ncloud.ncr.ncr_image_tags', ['my-registry/team/*', 'my-registry/web'], sort='semver', output='latest') \
        == ['v1.3.0', 'v1.3.0', 'v1.3.0']


def test_pattern_matching_nothing_adds_nothing(ncr):
    assert lookup('ncloud.ncr.ncr_image_tags', ['my-registry/nothing-*', 'my-registry/web'], include='nightly') == ['nightly']
    # Only web's tags were listed (page 1 once; pages of 3).
    assert [r for r in ncr.requests if '/tags?page=1&' in r] == ['/ncr/api/v2/repositories/my-registry/web/tags?page=1&pagesize=100']


def test_pattern_over_a_missing_registry_follows_on_missing(ncr):
    with pytest.raises(AnsibleLookupError, match="Registry 'ghost-reg' does not exist"):
        lookup('ncloud.ncr.ncr_image_tags', ['ghost-reg/*'])
    assert lookup('ncloud.ncr.ncr_image_tags', ['ghost-reg/*'], on_missing='skip', output='latest') == []


def test_a_404_for_one_image_in_the_middle_follows_on_missing(ncr):
    def gone(prepared):
        return response(404, {'error': {'errorCode': '300', 'message': 'Not Found Exception', 'details': 'gone'}},
                        request=prepared)
    original = ncr.handle

    def handle(prepared):
        if '/team%2Fbackend/tags' in prepared.path_url:
            return gone(prepared)
        return original(prepared)
    ncr.handle = handle
    with pytest.raises(AnsibleLookupError, match="Image 'team/backend' does not exist"):
        lookup('ncloud.ncr.ncr_image_tags', ['my-registry/*'], include='nightly')
    names = lookup('ncloud.ncr.ncr_image_tags', ['my-registry/*'], include='nightly', output='tags', on_missing='warn')
    assert [t['image'] for t in names] == ['api', 'team/tools/linter', 'web']
    assert lookup('ncloud.ncr.ncr_image_tags', ['my-registry/*'], include='nightly', output='latest', on_missing='skip') \
        == ['nightly', None, 'nightly', 'nightly']


def test_pattern_other_failures_are_errors_whatever_on_missing(ncr):
    with pytest.raises(AnsibleLookupError, match='HTTP 401'):
        lookup('ncloud.ncr.ncr_image_tags', ['my-registry/*'], secret_key='wrong', on_missing='skip')


@pytest.mark.parametrize('term, fragment', [
    ('*', "term '*': must be REGISTRY/IMAGE"),
    ('/*', 'registry:'),
    ('', 'is empty'),
    ('my-registry/', 'image part is empty'),
    ('Bad_Registry/*', 'registry:'),
    ('my-registry/[x', 'not an image name pattern'),
])
def test_pattern_bad_terms_before_any_request(ncr, term, fragment):
    with pytest.raises(AnsibleLookupError) as err:
        lookup('ncloud.ncr.ncr_image_tags', ['my-registry/web', term])
    assert fragment in str(err.value) and ncr.requests == []


@pytest.mark.parametrize('plugin_name, term', [('ncloud.ncr.ncr_image_tags', 'ghost-reg/*'), ('ncloud.ncr.ncr_images', 'ghost-reg')])
def test_a_missing_registry_is_told_once(ncr, plugin_name, term):
    # ansible-core 2.19+ appends the messages of an error's causes (AnsibleError.message): they must not repeat it.
    with pytest.raises(AnsibleLookupError) as caught:
        lookup(plugin_name, [term])
    told = caught.value.message
    assert told.count("Registry 'ghost-reg' does not exist") == 1, told
    assert told.count('Hint: check the registry name') == 1, told
    assert told.count('HTTP 404') == 1, told


def test_tag_fields_keep_only_the_keys_asked_for(ncr):
    tags = lookup('ncloud.ncr.ncr_image_tags', ['my-registry/w*', 'my-registry/api'], output='tags', fields=['digest', 'name'], limit=2)
    assert [sorted(tag) for tag in tags] == [['digest', 'image', 'name', 'registry']] * 4
    full = lookup('ncloud.ncr.ncr_image_tags', ['my-registry/w*', 'my-registry/api'], output='tags', limit=2)
    assert [(t['image'], t['name'], t['digest']) for t in tags] == [(t['image'], t['name'], t['digest']) for t in full]


def test_an_unknown_tag_field_is_refused_naming_fields(ncr):
    with pytest.raises(AnsibleError, match='fields'):
        lookup('ncloud.ncr.ncr_image_tags', ['my-registry/web'], output='tags', fields=['name', 'sizes'])

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tools/ncr_objects.py is the one description of NCR's API objects: the unit tests' fake and the simulator build
them from it, the modules return every field it says they return, and the modules' RETURN docs document exactly
those fields with the types it gives. A field added to the description, or to one of them alone, fails here and
names the place that does not know it."""

import importlib.util
import os
import time

import pytest
import yaml

from ansible_collections.ncloud.ncr.plugins.modules import ncr_image_info, ncr_image_tags, ncr_manifest_info, ncr_registry_info
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import (
    ACCESS, ENDPOINT, SECRET, FakeNcr, current_registry, image_detail, image_item, make_tag, old_registry)
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr_images import FakeImages
from ansible_collections.ncloud.ncr.tools import ncr_objects
from ansible_collections.ncloud.ncr.tools.ncr_objects import KINDS, build, problems

SIMULATOR_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'tools', 'ncr_simulator.py')


def _load_simulator():
    spec = importlib.util.spec_from_file_location('ncr_simulator_objects', SIMULATOR_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sim = _load_simulator()

# Where each kind is returned: (module, path of RETURN keys down to the list of its objects), and the keys the
# collection adds of its own (not API fields; each documented in that RETURN too).
RETURNED_AT = {
    'tag': (ncr_image_tags, ('tags',), {'platforms', 'signed', 'aliases', 'unreadable', 'platform_digest',
                                        'platform_image', 'manifest_digest', 'manifest_media_type'}),
    'tag_image': (ncr_image_tags, ('tags', 'images'), {'platform'}),
    'image': (ncr_image_info, ('images',), {'unreadable'}),
    'registry': (ncr_registry_info, ('registries',), {'unreadable'}),
}
# The platform entries of ncr_manifest_info come from the registry's manifests, not from the API; where they name
# the same thing as a tag's image they use the API image's returned key and type.
MANIFEST_PLATFORM_SHARES = ('platform', 'os', 'architecture', 'variant', 'digest', 'media_type', 'size', 'created')
DOC_TYPES = {'str': str, 'int': int, 'bool': bool, 'list': list, 'dict': dict}


def documented(module, path):
    """The ``contains`` of RETURN at ``path`` (``('tags', 'images')``: tags[].images[])."""
    doc = yaml.safe_load(module.RETURN)
    for key in path:
        doc = doc[key]['contains']
        assert isinstance(doc, dict)
    return doc


def returned_fields(kind, shape=None):
    return dict((f.returned, f) for f in KINDS[kind].shape_fields(shape) if f.returned)


# The description itself.

def test_every_kind_has_a_return_doc_and_list_items_are_described():
    assert set(RETURNED_AT) == set(KINDS)
    for kind in KINDS.values():
        for field in kind.fields:
            assert (field.type == 'list') == (field.items in KINDS), (kind.name, field.name)


def test_build_refuses_a_field_missing_or_not_described():
    values = dict(image_item('reg', 'web', 1))
    assert build('image', 'list', **values) == values
    del values['user']
    with pytest.raises(ValueError, match='missing user'):
        build('image', 'list', **values)
    with pytest.raises(ValueError, match='not described: tag_count'):
        build('image', 'list', tag_count=1, **image_item('reg', 'web', 1))
    with pytest.raises(ValueError, match='missing full_description, private_id, tag_mutability_enabled'):
        build('image', 'detail', **image_item('reg', 'web', 1))
    with pytest.raises(ValueError, match='no shape'):
        build('registry', 'ancient', **current_registry('reg'))


def test_problems_names_a_wrong_type_and_a_field_not_described():
    tag = make_tag('v1')
    assert problems('tag', tag) == []
    tag['images'][0]['size'] = '1000'
    tag['extra'] = 1
    assert problems('tag', tag) == ["tag: not described: extra", "tag.images[0].size: '1000' is not int"]
    assert problems('tag_image', dict(make_tag('v1')['images'][0], variant=None)) == []
    assert problems('tag_image', dict(make_tag('v1')['images'][0], digest=None)) == ['tag_image.digest: null, not str']


# The fake and the simulator build what is described.

def test_the_fake_builds_described_objects():
    fake = FakeNcr()
    fake.add_image('reg', 'web', [make_tag('v1', platforms=('linux/amd64', 'linux/arm64/v8'))])
    assert problems('tag', make_tag('v1', platforms=('linux/amd64', 'linux/arm64/v8'))) == []
    assert problems('tag', make_tag('v1', platforms=())) == []
    assert problems('image', fake.image('reg', 'web'), 'list') == []
    assert problems('image', image_detail(fake.image('reg', 'web')), 'detail') == []
    assert problems('image', image_item('reg', 'web', 1), 'list') == []
    assert problems('registry', current_registry('reg'), 'current') == []
    assert problems('registry', old_registry('reg'), 'old') == []


SIM_SPEC = {'registries': [{'name': 'demo-registry', 'images': [
    {'name': 'team/app', 'description': 'an app', 'tags': [
        {'name': 'v1', 'date': '2024-03-31T23:41:28Z', 'platforms': ['linux/amd64', 'linux/arm64/v8'], 'pulled_age_days': 1},
        {'name': 'latest', 'same_as': 'v1'},
        {'signature_of': 'v1'},
        {'name': 'att', 'attestation': True, 'platforms': ['linux/amd64', 'linux/arm/v7']},
        {'name': 'mirrored', 'digests': {'linux/amd64': 'sha256:' + 'a' * 64}, 'manifest_digest': 'sha256:' + 'b' * 64}]},
    {'name': 'empty'}]}]}


def test_the_simulator_builds_described_objects():
    store = sim.Store(SIM_SPEC, now=time.time())
    found = []
    for registry in store.registries:
        found.extend(problems('registry', registry.api('api', 'current'), 'current'))
        found.extend(problems('registry', registry.api('api', 'old'), 'old'))
        for image in registry.images:
            found.extend(problems('image', image.api(), 'list', where=image.name))
            found.extend(problems('image', image.api(detail=True), 'detail', where=image.name))
            for tag in image.tags:
                found.extend(problems('tag', tag.api(registry, image), where='%s:%s' % (image.name, tag.name)))
    assert found == []
    assert sum(len(i.tags) for i in store.registries[0].images) == 5


# The modules return every described field, and their RETURN docs say so.

@pytest.mark.parametrize('kind', sorted(KINDS))
def test_return_docs_document_the_described_fields(kind):
    module, path, own = RETURNED_AT[kind]
    doc = documented(module, path)
    fields = returned_fields(kind)
    for shape in KINDS[kind].shapes:
        fields.update(returned_fields(kind, shape))
    undocumented = sorted(set(fields) - set(doc))
    assert undocumented == [], 'fields of %s that %s RETURN %s does not document' % (kind, module.__name__, path)
    unknown = sorted(set(doc) - set(fields) - own)
    assert unknown == [], '%s RETURN %s documents keys that are neither fields of %s nor the collection\'s own' % (
        module.__name__, path, kind)
    wrong = sorted((name, doc[name].get('type'), field.return_type) for name, field in fields.items()
                   if doc[name].get('type') != field.return_type)
    assert wrong == [], '(key, documented type, described type)'
    for name, field in fields.items():
        if field.type == 'list':
            assert doc[name].get('elements') == 'dict' and 'contains' in doc[name], name


def test_manifest_platforms_share_the_tag_images_keys_and_types():
    platforms = documented(ncr_manifest_info, ('manifests', 'platforms'))
    images = documented(ncr_image_tags, ('tags', 'images'))
    assert [(k, platforms[k]['type']) for k in MANIFEST_PLATFORM_SHARES] == \
        [(k, images[k]['type']) for k in MANIFEST_PLATFORM_SHARES]
    described = returned_fields('tag_image')
    assert all(k in described or k in RETURNED_AT['tag_image'][2] for k in MANIFEST_PLATFORM_SHARES)


def conn(**kwargs):
    return dict(endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET, **kwargs)


def answers(kind, serve_fake_ncr, run_main):
    """``{shape: [returned objects]}``: what the module of ``kind`` returns for the fake's described objects."""
    if kind in ('tag', 'tag_image'):
        fake = serve_fake_ncr(FakeNcr())
        fake.add_image('reg', 'web', [make_tag('v1', platforms=('linux/amd64', 'linux/arm64/v8')), make_tag('v2', index=1)])
        tags = run_main(ncr_image_tags, **conn(registry='reg', image='web'))[1]['tags']
        if kind == 'tag':
            return {'default': tags}
        return {'default': [image for tag in tags for image in tag['images']]}
    fake = serve_fake_ncr(FakeImages())
    fake.add_full_image('reg', 'web', 1711928488000, tags=[make_tag('v1')])
    if kind == 'image':
        return {'list': run_main(ncr_image_info, **conn(registry='reg'))[1]['images'],
                'detail': run_main(ncr_image_info, **conn(registry='reg', name='web'))[1]['images']}
    out = {}
    for shape, make in (('current', current_registry), ('old', old_registry)):
        fake.registries = [make('reg'), make('other-reg')]
        out[shape] = run_main(ncr_registry_info, **conn())[1]['registries']
    return out


@pytest.mark.parametrize('kind', sorted(KINDS))
def test_modules_return_the_described_fields(kind, serve_fake_ncr, run_main):
    module, path, own = RETURNED_AT[kind]
    doc = documented(module, path)
    always = set(doc)
    for shape, items in answers(kind, serve_fake_ncr, run_main).items():
        assert items, shape
        fields = returned_fields(kind, shape)
        for item in items:
            assert sorted(set(fields) - set(item)) == [], 'described fields %s does not return (%s)' % (module.__name__, shape)
            assert sorted(set(item) - set(doc)) == [], 'keys %s returns undocumented (%s)' % (module.__name__, shape)
            for name, field in fields.items():
                value = item[name]
                if value is not None and field.return_type in DOC_TYPES:
                    assert isinstance(value, DOC_TYPES[field.return_type]), (name, value)
            always &= set(item)
    # A key documented without "returned" is in every answer: the docs mark what only some answers hold.
    assert sorted(k for k, v in doc.items() if 'returned' not in v and k not in always) == []


def test_the_description_is_the_simulators():
    assert sim.ncr_objects.KINDS.keys() == ncr_objects.KINDS.keys()
    for name, kind in ncr_objects.KINDS.items():
        assert sim.ncr_objects.KINDS[name].keys == kind.keys

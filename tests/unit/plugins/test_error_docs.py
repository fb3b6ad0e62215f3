# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``error`` of a failed module result: documented the same in every module, and holding no empty key."""

import importlib
import os

import pytest
import requests
import yaml

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import ERROR_FACTS, NcrError, NotFound, option_error
from ansible_collections.ncloud.ncr.plugins.modules import ncr_image_tags
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import ACCESS, ENDPOINT, SECRET, FakeNcr, make_tag

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
MODULES = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, 'plugins', 'modules'))
                 if name.endswith('.py') and name != '__init__.py')


def returned(module):
    return yaml.safe_load(importlib.import_module('ansible_collections.ncloud.ncr.plugins.modules.' + module).RETURN)


@pytest.mark.parametrize('module', MODULES)
def test_every_module_documents_error_with_each_key_to_dict_gives(module):
    error = returned(module).get('error')
    assert error, '%s: RETURN has no error; copy it from %s' % (module, MODULES[0])
    assert error['returned'] == 'failure' and error['type'] == 'dict'
    assert sorted(error['contains']) == sorted(ERROR_FACTS)


@pytest.mark.parametrize('module', MODULES[1:])
def test_error_is_documented_the_same_in_every_module(module):
    assert returned(module)['error'] == returned(MODULES[0])['error'], \
        '%s: RETURN error differs from %s\'s: keep them the same' % (module, MODULES[0])


def test_only_the_facts_a_failure_has():
    assert NcrError('GET /x failed: connection error (Connection refused)').to_dict() == {}
    assert option_error('registry', 'is not valid').to_dict() == {'option': 'registry'}
    assert NcrError('x', status=502, api_message='', details=None).to_dict() == {'status': 502}
    full = NotFound('x', status=404, error_code='300', api_message='Not Found Exception', details='Not found.',
                    hint='Hint: check.', option='endpoint')
    assert full.to_dict() == dict(status=404, error_code='300', message='Not Found Exception', details='Not found.',
                                  hint='Hint: check.', option='endpoint')
    assert set(full.to_dict()) == set(ERROR_FACTS)


@pytest.fixture
def ncr(serve_fake_ncr):
    fake = FakeNcr()
    fake.add_image('my-registry', 'web', [make_tag('v1.0.0', 1700000000000, index=1)])
    return serve_fake_ncr(fake)


def run(run_main, **args):
    params = dict(endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET, registry='my-registry', image='web', retries=0)
    params.update(args)
    return run_main(ncr_image_tags, **params)


def test_a_connection_failure_has_no_null_facts(ncr, run_main):
    ncr.faults.append(requests.exceptions.ConnectionError('[Errno 111] Connection refused'))
    code, result, _out = run(run_main)
    assert code == 1 and 'Connection refused' in result['msg']
    assert None not in result['error'].values() and set(result['error']) <= set(ERROR_FACTS)
    assert 'status' not in result['error'] and 'option' not in result['error']


def test_an_api_failure_has_the_gateway_facts(ncr, run_main):
    code, result, _out = run(run_main, image='nothing-here')
    assert code == 1
    assert result['error']['status'] == 404 and result['error']['error_code'] == '300'
    assert result['error']['message'] == 'Not Found Exception' and result['error']['details'] == 'Not found.'
    assert result['error']['hint'].startswith('Hint: ') and 'option' not in result['error']


def test_bad_input_has_only_the_option(ncr, run_main):
    code, result, _out = run(run_main, page_size=0)
    assert code == 1 and result['error'] == {'option': 'page_size'}
    assert ncr.requests == []

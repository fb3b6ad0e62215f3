# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.ncloud.ncr.plugins.module_utils._credentials import resolve_credentials
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError


def write(tmp_path, text):
    path = tmp_path / 'configure'
    path.write_text(text)
    return str(path)


def test_credentials_precedence(tmp_path):
    conf = write(tmp_path, '[DEFAULT]\nncloud_access_key_id = FILEAK\nncloud_secret_access_key = FILESK\n')
    env = {'NCLOUD_ACCESS_KEY': 'ENVAK', 'NCLOUD_SECRET_KEY': 'ENVSK'}
    assert resolve_credentials({'access_key': 'OPTAK', 'secret_key': 'OPTSK'}, env, conf) == ('OPTAK', 'OPTSK', 'options')
    assert resolve_credentials({}, env, conf) == ('ENVAK', 'ENVSK', 'environment')
    assert resolve_credentials({}, {}, conf)[:2] == ('FILEAK', 'FILESK')


def test_credentials_from_sdk_style_environment():
    env = {'NCLOUD_ACCESS_KEY_ID': 'A2', 'NCLOUD_SECRET_ACCESS_KEY': 'S2'}
    assert resolve_credentials({}, env, '/nonexistent')[:2] == ('A2', 'S2')
    # The Terraform-style names win when both are set.
    env.update(NCLOUD_ACCESS_KEY='A1', NCLOUD_SECRET_KEY='S1')
    assert resolve_credentials({}, env, '/nonexistent')[:2] == ('A1', 'S1')


def test_profiles_in_sectioned_file(tmp_path):
    conf = write(tmp_path, '# written by ncloud configure\n[DEFAULT]\nncloud_access_key_id = D1\nncloud_secret_access_key = D2\n'
                           'ncloud_api_url = https://ncloud.apigw.ntruss.com\n\n[prod]\nncloud_access_key_id=P1\n'
                           'ncloud_secret_access_key=P2\n')
    assert resolve_credentials({'profile': 'prod'}, {}, conf)[:2] == ('P1', 'P2')
    assert resolve_credentials({}, {'NCLOUD_PROFILE': 'prod'}, conf)[:2] == ('P1', 'P2')
    assert resolve_credentials({}, {}, conf)[2] == 'file %s [DEFAULT]' % conf
    with pytest.raises(NcrError) as err:
        resolve_credentials({'profile': 'nope'}, {}, conf)
    assert "profile: 'nope' not found" in str(err.value)
    assert 'DEFAULT, prod' in str(err.value)


def test_section_less_file_is_the_default_profile(tmp_path):
    conf = write(tmp_path, 'ncloud_access_key_id = OLD1\nncloud_secret_access_key = OLD2\n')
    assert resolve_credentials({}, {}, conf)[:2] == ('OLD1', 'OLD2')


def test_missing_credentials_lists_every_place_looked():
    with pytest.raises(NcrError) as err:
        resolve_credentials({}, {}, '/nonexistent/configure')
    message = str(err.value)
    for place in ('access_key and secret_key options', 'NCLOUD_ACCESS_KEY / NCLOUD_ACCESS_KEY_ID',
                  'NCLOUD_SECRET_KEY / NCLOUD_SECRET_ACCESS_KEY', '/nonexistent/configure', "profile 'DEFAULT'"):
        assert place in message


@pytest.mark.parametrize('options, environ, option', [
    ({'access_key': 'ak'}, {}, 'secret_key'),
    ({'secret_key': 'sk'}, {}, 'access_key'),
    ({}, {'NCLOUD_ACCESS_KEY': 'ak'}, 'secret_key'),
    ({}, {'NCLOUD_SECRET_ACCESS_KEY': 'sk'}, 'access_key'),
])
def test_half_a_key_pair_is_an_error(options, environ, option):
    with pytest.raises(NcrError) as err:
        resolve_credentials(options, environ, '/nonexistent')
    assert err.value.option == option

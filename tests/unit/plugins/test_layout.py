# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One unit test file per core file, named after it: plugins/module_utils/_<name>.py is tested in
tests/unit/plugins/module_utils/test_<name>.py, and every test file there is named after a core file."""

import os

HERE = os.path.dirname(__file__)
CORE = os.path.join(HERE, '..', '..', '..', 'plugins', 'module_utils')
TESTS = os.path.join(HERE, 'module_utils')


def names(folder, prefix):
    return set(name[len(prefix):-3] for name in os.listdir(folder) if name.startswith(prefix) and name.endswith('.py'))


def test_every_core_file_has_its_test_file():
    core = names(CORE, '_') - {'_init__'}
    assert 'api' in core and 'names' in core
    assert sorted(core - names(TESTS, 'test_')) == []


def test_every_test_file_is_named_after_a_core_file():
    assert sorted(names(TESTS, 'test_') - names(CORE, '_')) == []

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures shared by the unit tests: none of the machine's NCR settings, and the fake NCR behind requests.Session."""

import importlib
import json
import os
import sys
import types

import pytest

from ansible.module_utils.testing import patch_module_args

try:
    from ansible.module_utils.secrets import mask_secrets
except ImportError:  # ansible-core before 2.22: a module masks its result itself (no_log_values)
    mask_secrets = None

from ansible_collections.ncloud.ncr.plugins.module_utils import _secrets, _transport
from ansible_collections.ncloud.ncr.tests.unit.fake_ncr import FakeNcr, FakeSession, make_tag
from ansible_collections.ncloud.ncr.tests.unit.fake_registry import FakeRegistry

# The variables that configure the collection: the vendor's (NCLOUD_ACCESS_KEY, NCLOUD_SITE, NCLOUD_PROFILE...)
# and the lookups' own (ANSIBLE_NCLOUD_NCR_ENDPOINT...).
VENDOR_ENV_PREFIXES = ('NCLOUD_', 'ANSIBLE_NCLOUD_NCR_')


@pytest.fixture(autouse=True)
def own_secret_masker(monkeypatch):
    """ansible-core 2.22+: each test gets a secret masker of its own. The core's is one per process, and a secret one
    test registers (a one-letter password, say) would otherwise mask another test's output."""
    if mask_secrets is None:
        return
    from ansible.module_utils._internal import _secrets as core_secrets  # pylint: disable=import-outside-toplevel
    masker = core_secrets.SecretMasker()
    monkeypatch.setattr(core_secrets, '_secret_masker', masker)
    monkeypatch.setattr(sys.modules['ansible.module_utils.secrets'], '_secret_masker', masker)


@pytest.fixture
def no_vendor_env(monkeypatch, tmp_path):
    """No NCLOUD_* or ANSIBLE_NCLOUD_NCR_* variable, and HOME an empty directory (so no ~/.ncloud/configure).

    A test then sees only the settings it gives, whatever the machine running it has configured.
    """
    for name in list(os.environ):
        if name.startswith(VENDOR_ENV_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.setenv('HOME', str(tmp_path))


@pytest.fixture
def serve_fake_ncr(monkeypatch, no_vendor_env):
    """``serve_fake_ncr(fake)``: every requests.Session the code under test makes answers from ``fake`` (a FakeNcr).

    Only the socket layer is replaced: the modules and lookups build their own sessions, through
    _transport.requests.Session. Each session made is appended to ``fake.sessions``. Returns ``fake``.
    """
    def serve(fake):
        fake.sessions = []

        def session():
            made = FakeSession(fake)
            fake.sessions.append(made)
            return made
        monkeypatch.setattr(_transport.requests, 'Session', session)
        return fake
    return serve


@pytest.fixture
def run_main(capsys):
    """``run_main(module, **args)``: runs ``module.main()`` with those arguments; ``(exit code, result, output)``.

    The output as the controller shows it: from ansible-core 2.22 on, a module hands the secrets it registered to the
    controller (``_ansible_new_secrets``), which masks them in everything it shows; this process holds the same
    registry, so the output is masked with it here.
    """
    def run(module, **args):
        with pytest.raises(SystemExit) as exit_info:
            with patch_module_args(args):
                module.main()
        out = capsys.readouterr().out
        if mask_secrets is not None:
            out = mask_secrets(out)
        return exit_info.value.code, json.loads(out), out
    return run


def _secrets_reloaded_with(monkeypatch, module):
    monkeypatch.setitem(sys.modules, 'ansible.module_utils.secrets', module)
    importlib.reload(_secrets)


@pytest.fixture
def secrets_api_present(monkeypatch):
    """ansible-core 2.22's secrets API, whatever the installed core: _secrets reloaded over a stand-in
    ``ansible.module_utils.secrets`` that records each ``register_secrets`` call (a list of lists, yielded)."""
    calls = []
    stand_in = types.ModuleType('ansible.module_utils.secrets')
    stand_in.register_secrets = lambda values: calls.append(list(values))
    _secrets_reloaded_with(monkeypatch, stand_in)
    assert _secrets.secrets_api()
    yield calls
    monkeypatch.undo()
    importlib.reload(_secrets)


@pytest.fixture
def secrets_api_absent(monkeypatch):
    """An ansible-core before 2.22, whatever the installed one: importing ansible.module_utils.secrets fails."""
    _secrets_reloaded_with(monkeypatch, None)
    assert not _secrets.secrets_api()
    yield
    monkeypatch.undo()
    importlib.reload(_secrets)


@pytest.fixture
def resolving_ncr(serve_fake_ncr):
    """The API and the registry of my-registry/web for resolve_manifest, served: four tags, each an index in the
    registry; a cosign signature of v2.0.0's index; a tag "gone" the API lists and the registry no longer has."""
    api = FakeNcr()
    registry = FakeRegistry(api=api)
    registry.digests = {}
    tags = []
    for number, name in enumerate(['v1.0.0', 'v1.1.0', 'v2.0.0', 'latest']):
        registry.digests[name] = registry.put_index('web', name, [('linux', 'amd64', None), ('linux', 'arm64', 'v8')],
                                                    labels={'org.opencontainers.image.version': name})
        tags.append(make_tag(name, 1700000000000 + number * 1000, index=number))
    # cosign signed what v2.0.0 resolves to: its index, not the API's amd64 image.
    signature = 'sha256-%s.sig' % registry.digests['v2.0.0'][7:]
    tags.append(make_tag(signature, 1700000000000, index=9))
    # The API lists a tag the registry no longer has.
    tags.append(make_tag('gone', 1600000000000, index=8))
    api.add_image('my-registry', 'web', tags)
    return serve_fake_ncr(registry)

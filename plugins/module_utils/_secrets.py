# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Secrets registered with ansible-core, so that it masks them wherever they would show. Internal use only.

ansible-core 2.22 and later have ``ansible.module_utils.secrets``: a value registered there is masked (as
``$REDACTED$``) in every result, message and log line, of a module and of a lookup alike; those cores no longer mask
a module's result with ``no_log_values``. Older cores have no such API: there the running module's ``no_log_values``
masks its result (:func:`masking_into`, from ``_api.run_module``), and a lookup has nothing to register with (it never
shows a secret itself).
"""

from contextlib import contextmanager

try:
    from ansible.module_utils.secrets import register_secrets as _core_register_secrets
except ImportError:  # ansible-core before 2.22
    _core_register_secrets = None

# Before 2.22: the no_log_values of the module running in this process, innermost last.
_NO_LOG_VALUES = []


def secrets_api():
    """Whether this ansible-core has the secrets API (2.22 and later)."""
    return _core_register_secrets is not None


def register_secrets(values):
    """Register each non-blank string of ``values`` as a secret: with ansible-core's secrets API where it exists,
    else in the running module's ``no_log_values`` (none for a lookup). Returns what was registered, sorted."""
    found = sorted(set(value for value in values if isinstance(value, str) and value.strip()))
    if found:
        if _core_register_secrets is not None:
            _core_register_secrets(found)
        elif _NO_LOG_VALUES:
            _NO_LOG_VALUES[-1].update(found)
    return found


@contextmanager
def masking_into(no_log_values):
    """While the block runs, :func:`register_secrets` adds to ``no_log_values`` (a module's) on cores without the
    secrets API; a module's ``exit_json``/``fail_json`` inside the block masks its result with them."""
    _NO_LOG_VALUES.append(no_log_values)
    try:
        yield
    finally:
        _NO_LOG_VALUES.pop()

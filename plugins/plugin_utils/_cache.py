# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Per-run cache of API answers for the lookup. Controller only; internal use only: not a public API.

A play templating the same lookup for many hosts evaluates it in many forked workers. They all
share ansible-playbook's per-run local temporary directory (created 0700, removed when the run
ends), so a cache kept there is shared by the forks of one run and never seen by another run.
"""

import fcntl
import hashlib
import json
import os
import tempfile
import time

from ansible import constants as C

from ansible_collections.ncloud.ncr.plugins.module_utils._api import NcrError, NotFound

# What a cached failure keeps of its NcrError: enough to raise the same error again.
ERROR_FIELDS = ('message', 'status', 'error_code', 'api_message', 'details', 'hint', 'option', 'retryable')
# A failed fetch is kept this long (at most), so that the forks waiting for it fail at once with its error
# instead of repeating it one after another, while a later task of the run still tries again.
FAILURE_TTL = 10.0


def _digest(text):
    # surrogateescape: a secret key read from an environment that is not UTF-8 (see _signing.encode_secret).
    return hashlib.sha256(text.encode('utf-8', 'surrogateescape')).hexdigest()


class RunCache:
    """The answers of one ``ansible-playbook`` run, shared by its forks: :meth:`get` gives ``fetch()``'s answer, from
    the cache while it is fresh. Its key is what the caller says the answer depends on, plus the task's connection."""

    def __init__(self, ttl, settings, directory=None):
        self.ttl = ttl
        self.failure_ttl = min(ttl, FAILURE_TTL)
        self.directory = directory or os.path.join(C.DEFAULT_LOCAL_TMP, 'ncloud_ncr_cache')
        # Everything of the connection that changes an answer: another secret or TLS setting may fail where this one
        # did not. The keys are hashed so that even the cache's key material holds no credential; a registry-only
        # task may have no key pair (its registry credentials were given).
        self.connection = [settings.endpoint, _digest(settings.access_key or ''), _digest(settings.secret_key or ''),
                           settings.verify, settings.max_tags]
        # What gives a registry's URL (registry_url, else site and region) and its credentials: they change what the
        # registry itself answers.
        self.registry = [settings.registry_url, settings.site, settings.region, _digest(settings.registry_username or ''),
                         _digest(settings.registry_password or '')]

    def key(self, parts, registry=False):
        """The file name of the answer asked for by ``parts`` (a JSON value), of the registry itself with ``registry``."""
        return _digest(json.dumps(self.connection + (self.registry if registry else []) + [parts]))

    def get(self, parts, fetch, registry=False):
        """``fetch()``'s answer (a JSON value; from the cache, as JSON gives it back: a tuple as a list), kept under
        ``parts`` (see :meth:`key`); concurrent forks wait for the first one's answer. Without a ttl, ``fetch()`` itself.

        An NcrError is an answer too, kept for :data:`FAILURE_TTL` seconds: its message, status and API
        error fields, which never hold a secret (see _errors.NcrError).
        """
        if self.ttl <= 0:
            return fetch()
        if not os.path.isdir(self.directory):
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
        path = os.path.join(self.directory, self.key(parts, registry) + '.json')
        with open(path + '.lock', 'a') as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            entry = self._read(path)
            if entry is None:
                try:
                    answer = fetch()
                except NcrError as exc:
                    entry = {'time': time.time(), 'error': dict((name, getattr(exc, name)) for name in ERROR_FIELDS),
                             'not_found': isinstance(exc, NotFound)}
                else:
                    entry = {'time': time.time(), 'answer': answer}
                self._write(path, entry)
        if 'error' in entry:
            # The same type: a lookup skips a missing image (NotFound) by its type, cached or not.
            raise (NotFound if entry.get('not_found') else NcrError)(**entry['error'])
        return entry['answer']

    def _read(self, path):
        try:
            with open(path, 'r') as handle:
                entry = json.load(handle)
        except (IOError, OSError, ValueError):
            return None
        if not isinstance(entry, dict) or not isinstance(entry.get('time'), (int, float)):
            return None
        ttl = self.failure_ttl if 'error' in entry else self.ttl
        if time.time() - entry['time'] > ttl:
            return None
        return entry

    def _write(self, path, entry):
        fd, tmp = tempfile.mkstemp(dir=self.directory, suffix='.tmp')
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, 'w') as handle:
                json.dump(entry, handle)
            os.rename(tmp, path)
        except Exception:
            os.unlink(tmp)
            raise

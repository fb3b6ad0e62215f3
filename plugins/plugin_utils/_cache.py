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

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError, NotFound

# What a cached failure keeps of its NcrError: enough to raise the same error again.
ERROR_FIELDS = ('message', 'status', 'error_code', 'api_message', 'details', 'hint', 'option', 'retryable')
# A failed fetch is kept this long (at most), so that the forks waiting for it fail at once with its error
# instead of repeating it one after another, while a later task of the run still tries again.
FAILURE_TTL = 10.0


def _digest(text):
    # surrogateescape: a secret key read from an environment that is not UTF-8 (see _signing.encode_secret).
    return hashlib.sha256(text.encode('utf-8', 'surrogateescape')).hexdigest()


class RunCache:
    def __init__(self, ttl, directory=None):
        self.ttl = ttl
        self.failure_ttl = min(ttl, FAILURE_TTL)
        self.directory = directory or os.path.join(C.DEFAULT_LOCAL_TMP, 'ncloud_ncr_cache')

    def key(self, client, selection, registry, image):
        # Everything that changes the answer: another secret or TLS setting may fail where this one did not.
        # The keys are hashed so that even the cache's key material holds no credential.
        settings = client.settings
        # A registry-only task may have no key pair (its registry credentials were given).
        parts = [settings.endpoint, _digest(settings.access_key or ''), _digest(settings.secret_key or ''), settings.verify,
                 settings.max_tags, registry, image]
        cache_parts = getattr(selection, 'cache_parts', None)
        if cache_parts is not None:
            # A manifest query (_manifest_info.ManifestQuery): its references and options, and what gives the registry's
            # URL (registry_url, else site and region) and its credentials, which change its answer.
            parts += [cache_parts(), settings.registry_url, settings.site, settings.region,
                      _digest(settings.registry_username or ''), _digest(settings.registry_password or '')]
        else:
            parts.append((sorted(selection.tags), selection.signed_only) if selection.by_detail else None)
        return _digest(json.dumps(parts))

    def wrap(self, fetch):
        """``fetch`` (see _api.fetch_tags) behind the cache; concurrent forks wait for the first one's answer.

        An NcrError is an answer too, kept for :data:`FAILURE_TTL` seconds: its message, status and API
        error fields, which never hold a secret (see _errors.NcrError).
        """
        if self.ttl <= 0:
            return fetch

        def cached(client, selection, registry, image):
            if not os.path.isdir(self.directory):
                os.makedirs(self.directory, mode=0o700, exist_ok=True)
            path = os.path.join(self.directory, self.key(client, selection, registry, image) + '.json')
            with open(path + '.lock', 'a') as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                entry = self._read(path)
                if entry is None:
                    try:
                        raw, total = fetch(client, selection, registry, image)
                    except NcrError as exc:
                        entry = {'time': time.time(), 'error': dict((name, getattr(exc, name)) for name in ERROR_FIELDS),
                                 'not_found': isinstance(exc, NotFound)}
                    else:
                        entry = {'time': time.time(), 'raw': raw, 'total': total}
                    self._write(path, entry)
            if 'error' in entry:
                # The same type: a lookup skips a missing image (NotFound) by its type, cached or not.
                raise (NotFound if entry.get('not_found') else NcrError)(**entry['error'])
            return entry['raw'], entry['total']
        return cached

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

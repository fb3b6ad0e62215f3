# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Per-run cache of API answers for the lookup. Controller only; internal use only: not a public API.

A play templating the same lookup for many hosts evaluates it in many forked workers. They all
share ansible-playbook's per-run local temporary directory (created 0700, removed when the run
ends), so a cache kept there is shared by the forks of one run and never seen by another run.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fcntl
import hashlib
import json
import os
import tempfile
import time

from ansible import constants as C


def _digest(text):
    return hashlib.sha256(text.encode('utf-8')).hexdigest()


class RunCache(object):

    def __init__(self, ttl, directory=None):
        self.ttl = ttl
        self.directory = directory or os.path.join(C.DEFAULT_LOCAL_TMP, 'ncloud_ncr_cache')

    def key(self, client, selection, registry, image):
        # The access key is hashed so that even the cache's key material holds no credential.
        parts = [client.settings.endpoint, _digest(client.settings.access_key), registry, image,
                 sorted(selection.tags) if selection.by_detail else None]
        return _digest(json.dumps(parts))

    def wrap(self, fetch):
        """``fetch`` (see _api.fetch_tags) behind the cache; concurrent forks wait for the first one's answer."""
        if self.ttl <= 0:
            return fetch

        def cached(client, selection, registry, image):
            if not os.path.isdir(self.directory):
                os.makedirs(self.directory, mode=0o700, exist_ok=True)
            path = os.path.join(self.directory, self.key(client, selection, registry, image) + '.json')
            with open(path + '.lock', 'a') as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                entry = self._read(path)
                if entry is not None:
                    return entry['raw'], entry['total']
                raw, total = fetch(client, selection, registry, image)
                self._write(path, {'time': time.time(), 'raw': raw, 'total': total})
                return raw, total
        return cached

    def _read(self, path):
        try:
            with open(path, 'r') as handle:
                entry = json.load(handle)
        except (IOError, OSError, ValueError):
            return None
        if not isinstance(entry, dict) or time.time() - entry.get('time', 0) > self.ttl:
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

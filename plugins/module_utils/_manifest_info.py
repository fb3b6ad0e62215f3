# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the ncr_manifest_info module and the ncr_manifest lookup ask of a registry: their options checked, then the
facts of each reference, a missing one reported rather than failed. Internal use only: not a public API."""

from ansible_collections.ncloud.ncr.plugins.module_utils._criteria import parse_platform
from ansible_collections.ncloud.ncr.plugins.module_utils._deadline import Cancel, all_or_cancel
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NotFound
from ansible_collections.ncloud.ncr.plugins.module_utils._manifests import describe
from ansible_collections.ncloud.ncr.plugins.module_utils._names import check_reference, validate_names


class ManifestQuery:
    """The checked options of a manifest query: ``registry``, ``image``, ``references``, ``platform``, ``labels``."""

    def __init__(self, options):
        self.registry = options.get('registry')
        self.image = options.get('image')
        if self.registry is not None or self.image is not None:
            validate_names(self.registry, self.image)
        references = options.get('reference')
        references = [references] if isinstance(references, str) else list(references or [])
        self.references = list(dict.fromkeys(check_reference(reference) for reference in references))
        self.platform = parse_platform(options.get('platform'))
        self.labels = options.get('labels') is True

    def term(self, registry, image, reference):
        """The query of one lookup term: the same platform and labels, for ``reference`` of ``registry/image``."""
        query = ManifestQuery(dict(registry=registry, image=image, reference=[reference]))
        query.platform = self.platform
        query.labels = self.labels
        return query


def describe_references(registry, query, references, concurrency):
    """``[facts or NotFound]`` for ``references`` of ``query.image``, several at once: at most ``concurrency`` requests
    in flight. Any other failure fails the whole call and cuts the requests of the others."""
    if not references:
        return []
    workers = max(1, min(concurrency, len(references)))
    cancel = Cancel()

    def one(reference):
        try:
            return describe(registry, query.image, reference, labels=query.labels, platform=query.platform,
                            concurrency=max(1, concurrency // workers), cancel=cancel)
        except NotFound as exc:
            return exc

    return all_or_cancel(one, references, workers, cancel)


def manifest_info(registry, query, concurrency):
    """The module's result: ``registry``, ``image``, ``registry_host``, ``found``, ``missing`` and ``manifests``."""
    answers = describe_references(registry, query, query.references, concurrency)
    manifests = [answer for answer in answers if not isinstance(answer, NotFound)]
    missing = [reference for reference, answer in zip(query.references, answers) if isinstance(answer, NotFound)]
    return dict(registry=query.registry, image=query.image, registry_host=registry.host, found=not missing,
                missing=missing, manifests=manifests)

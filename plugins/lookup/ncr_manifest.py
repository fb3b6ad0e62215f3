# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r'''
name: ncr_manifest
short_description: Pinned references and manifest digests of NCR images, from the registry itself, for templates
version_added: 2.0.0
description:
  - Asks the registry's own API (what C(docker pull) talks to) what each term resolves to, and returns the pinned
    reference C(<registry_host>/<image>@<digest>) to deploy, the digest alone, or the facts of
    M(ncloud.ncr.ncr_manifest_info) for it. One value per term, in order.
  - For a multi-platform image the digest is the image index's, which C(docker pull) resolves on every platform;
    O(platform) gives one platform's instead.
  - Every digest is checked against the body read, as in M(ncloud.ncr.ncr_manifest_info).
  - Within one C(ansible-playbook) run, each term is asked once for all hosts and tasks that evaluate the same
    lookup (see O(cache_ttl)); the terms of one evaluation share one HTTP session, one challenge and one token per image.
author:
  - ncloud.ncr maintainers (@ncloud-ansible)
extends_documentation_fragment:
  - ncloud.ncr.connection
  - ncloud.ncr.connection.plugins
  - ncloud.ncr.registry
  - ncloud.ncr.registry.plugins
options:
  _terms:
    description:
      - References as C(REGISTRY/IMAGE:TAG) (V(my-registry/team/app:1.4.2)) or C(REGISTRY/IMAGE@<digest>)
        (V(my-registry/web@sha256:<64 hex>)). REGISTRY is the registry's name; the image may contain C(/).
      - A term names a tag or a digest; a pin of an implied C(latest) is refused.
    required: true
    type: list
    elements: str
  output:
    description:
      - V(pinned_reference) returns C(<registry_host>/<image>@<digest>), with C(registry_host) the C(host[:port]) of
        O(registry_url).
      - V(digest) returns the digest alone.
      - V(facts) returns the dict M(ncloud.ncr.ncr_manifest_info) returns for the reference (an element of its
        RV(ncloud.ncr.ncr_manifest_info#module:manifests)).
      - With O(platform), V(pinned_reference) and V(digest) give that platform's image; a manifest without that
        platform is treated like a missing reference (see O(on_missing)). V(facts) holds both.
    type: str
    choices: [pinned_reference, digest, facts]
    default: pinned_reference
  platform:
    description:
      - A platform, V(os/architecture) or V(os/architecture/variant) (V(linux/arm64), V(linux/arm64/v8)), as for
        M(ncloud.ncr.ncr_manifest_info), the index entry for it (without a variant, the first with that os and
        architecture), or the manifest itself when it is a single image of that platform.
    type: str
  labels:
    description:
      - Also read each image's config blob for its creation time and labels (in the platforms of O(output=facts)).
    type: bool
    default: false
  on_missing:
    description:
      - What to do when a reference does not exist (HTTP 404), or, with O(platform) and an O(output) other than
        V(facts), has no such platform.
      - V(error) fails the task, V(warn) warns and gives V(null) for the term, V(skip) gives V(null) silently.
    type: str
    choices: [error, warn, skip]
    default: error
  cache_ttl:
    description:
      - Seconds a term's answer is reused by later evaluations within the same C(ansible-playbook) run, across forks
        and hosts. V(0) disables the cache.
      - The cache lives in the run's private local temporary directory (C(ansible-local-*), mode 0700, files 0600) and
        is removed with it when the run ends. It is keyed by the reference, the options, the registry URL, site, region,
        the TLS settings, and hashes of the credentials; it never holds a credential or a token.
      - A failure is kept too, for at most 10 seconds, so that the forks waiting for the same term fail at once.
    type: int
    default: 60
    env:
      - name: ANSIBLE_NCLOUD_NCR_CACHE_TTL
    vars:
      - name: ncloud_ncr_cache_ttl
    ini:
      - section: ncloud_ncr
        key: cache_ttl
notes:
  - Lookups run on the controller, so the registry is reached from there, and the E(NCLOUD_*) and
    E(ANSIBLE_NCLOUD_NCR_REGISTRY_*) variables are read there.
  - Option sources, highest first, are keyword arguments, Ansible variables C(ncloud_ncr_<option>),
    E(ANSIBLE_NCLOUD_NCR_<OPTION>) environment variables, the C([ncloud_ncr]) section of C(ansible.cfg)
    (never for the secret key or the registry password), then E(NCLOUD_*) environment variables and
    C(~/.ncloud/configure).
  - With O(registry_username) and O(registry_password) set, no NCP key pair is needed.
seealso:
  - module: ncloud.ncr.ncr_manifest_info
  - plugin: ncloud.ncr.ncr_image_tags
    plugin_type: lookup
'''

EXAMPLES = r'''
- name: Deploy what docker pull resolves web:1.4.2 to, pinned (credentials from NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY)
  ansible.builtin.debug:
    msg: "image: {{ lookup('ncloud.ncr.ncr_manifest', 'my-registry/web:1.4.2') }}"

- name: The arm64 image's digest of two tags, as a list
  ansible.builtin.debug:
    msg: "{{ query('ncloud.ncr.ncr_manifest', 'my-registry/web:1.4.2', 'my-registry/team/backend:latest', output='digest', platform='linux/arm64') }}"

- name: Pin the newest release the tags lookup selects
  ansible.builtin.set_fact:
    web_image: >-
      {{ lookup('ncloud.ncr.ncr_manifest', 'my-registry/web:' ~ lookup('ncloud.ncr.ncr_image_tags', 'my-registry/web',
                sort='semver', include_prerelease=false, output='latest')) }}

- name: Is this digest signed with cosign, and what are its labels?
  ansible.builtin.debug:
    msg: "{{ facts.signed }} {{ facts.platforms | map(attribute='labels') }}"
  vars:
    facts: >-
      {{ lookup('ncloud.ncr.ncr_manifest', 'my-registry/web@sha256:8f3c5e5b8a1e0c1f6b6a2b5a3f0d9d1c4e2b7a6f5e4d3c2b1a09f8e7d6c5b4a3',
                output='facts', labels=true) }}

- name: Through a private endpoint, null for a tag that does not exist yet
  ansible.builtin.debug:
    msg: "{{ lookup('ncloud.ncr.ncr_manifest', 'my-registry/web:next', registry_url='https://abcd1234.kr.private-ncr.ntruss.com', on_missing='skip') }}"
'''

RETURN = r'''
_raw:
  description:
    - One value per term, in order. With O(output=pinned_reference) C(<registry_host>/<image>@<digest>), with
      O(output=digest) the digest, with O(output=facts) the dict of M(ncloud.ncr.ncr_manifest_info)'s
      RV(ncloud.ncr.ncr_manifest_info#module:manifests); V(null) for a term skipped by O(on_missing).
  type: list
  elements: raw
'''

from functools import partial

from ansible_collections.ncloud.ncr.plugins.module_utils._api import (
    CONNECTION_ARGSPEC, REGISTRY_ARGSPEC, NotFound, describe_references, parse_reference_term, prepare_manifests, registry)
from ansible_collections.ncloud.ncr.plugins.plugin_utils._cache import RunCache
from ansible_collections.ncloud.ncr.plugins.plugin_utils._lookup import NcrLookup


class LookupModule(NcrLookup):

    NAME = 'ncloud.ncr.ncr_manifest'
    TERMS = 'REGISTRY/IMAGE:TAG or REGISTRY/IMAGE@DIGEST'
    OPTIONS = tuple(CONNECTION_ARGSPEC) + tuple(REGISTRY_ARGSPEC) + ('platform', 'labels')

    def parse_term(self, term):
        return parse_reference_term(term)

    def prepare(self, options):
        return prepare_manifests(options)

    def answer(self, client, selection, terms):
        # The selection of this lookup is a manifest query (_manifest_info.ManifestQuery: platform, labels).
        query = selection
        output = self.get_option('output')
        cache = RunCache(self.get_option('cache_ttl'), client.settings)
        registries = {}

        def facts_of(name, image, reference):
            """One term's facts (a NotFound is raised, and cached, as such)."""
            answer, = describe_references(registries[name], query.term(name, image, reference), [reference],
                                          client.settings.concurrency)
            if isinstance(answer, NotFound):
                raise answer
            return answer

        values = []
        for name, image, reference in terms:
            if name not in registries:
                registries[name] = registry(client, name)
            term = '%s/%s%s%s' % (name, image, '@' if ':' in reference else ':', reference)
            try:
                # The registry answers: its URL and credentials are part of the key (registry=True).
                facts = cache.get(['manifest', name, image, [reference], query.platform, query.labels],
                                  partial(facts_of, name, image, reference), registry=True)
                value = self.value(facts, output, query)
            except NotFound as exc:
                self.missing(exc, term)
                value = None
            values.append(value)
        return values

    def value(self, facts, output, query):
        if output == 'facts':
            return facts
        if query.platform is None:
            return facts[output]
        if facts['platform_digest'] is None:
            raise NotFound('%s has no platform %s (its platforms: %s)' % (
                facts['pinned_reference'], '/'.join(part for part in query.platform if part),
                ', '.join(p['platform'] for p in facts['platforms']) or 'none'))
        return facts['platform_' + output]

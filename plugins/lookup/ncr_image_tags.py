# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Every plugin's DOCUMENTATION opens with the fields Ansible requires, so the lookups' headers share their shape.
DOCUMENTATION = r'''
name: ncr_image_tags
short_description: Tags of images in NAVER Cloud Platform Container Registry, for templates and vars
version_added: 1.0.0
description:
  - Lists the tags of one or more NCR images, with the same selection options as the
    M(ncloud.ncr.ncr_image_tags) module, and returns tag names, tag dicts or the first selected tag of each image.
  - Several terms share one keep-alive HTTP session.
  - Within one C(ansible-playbook) run, each image is listed once for all hosts and tasks that evaluate the same
    lookup (see O(cache_ttl)).
author:
  - ncloud.ncr maintainers (@ncloud-ansible)
extends_documentation_fragment:
  - ncloud.ncr.connection
  - ncloud.ncr.connection.plugins
  - ncloud.ncr.selection
  - ncloud.ncr.registry.image_tags
  - ncloud.ncr.registry
  - ncloud.ncr.registry.plugins
options:
  _terms:
    description:
      - Images as C(REGISTRY/IMAGE). Everything after the first C(/) is the image name, which may contain C(/)
        itself (V(my-registry/team/backend)).
      - Or image patterns as C(REGISTRY/PATTERN), where PATTERN holds the shell wildcards C(*), C(?) or C([...]) matched
        against whole image names (Python's C(fnmatch), case-sensitive; C(*) also matches C(/)), so V(my-registry/*) is every
        image of the registry, V(my-registry/team/*) every image under C(team/). The registry's images are listed once,
        then the tags of each matching image, in image name order, several images at once (at most O(concurrency)
        requests in flight in all), with the same selection applied to each image. A pattern matching no image adds nothing.
      - With a pattern, O(on_missing) applies to the registry and to each matching image (an image deleted between the
        listings). Both listings are cached for O(cache_ttl) like a single image's.
    required: true
    type: list
    elements: str
  output:
    description:
      - V(names) returns the selected tag names, the terms' lists concatenated in order.
      - V(tags) returns the selected tag dicts (as the module's RV(ncloud.ncr.ncr_image_tags#module:tags)), each with
        C(registry) and C(image) added.
      - V(latest) returns one name per term, the first selected tag (V(null) when none is selected), so that
        C(lookup()) with one term gives a plain string. A pattern term gives one per matching image, in image name
        order; use V(tags) to know which image each belongs to.
    type: str
    choices: [names, tags, latest]
    default: names
  tag:
    description:
      - Exact tag names to check. The selection is restricted to these tags; the other options still filter and sort them.
      - A lookup returns values only, not the module's RV(ncloud.ncr.ncr_image_tags#module:found) and
        RV(ncloud.ncr.ncr_image_tags#module:missing). A name that does not exist is left out of the values (with
        O(output=latest), the term gives V(null) when none exists), so whether the values are empty tells whether a
        single name was pushed (see the examples). Use the module M(ncloud.ncr.ncr_image_tags) to get C(found) and
        C(missing).
      - Up to 20 names are looked up one by one on the tag-detail endpoint (one request each, no listing); more names
        are checked against the listing.
  on_missing:
    description:
      - What to do when a registry or an image does not exist (HTTP 404).
      - V(error) fails the task, V(warn) warns and skips the term, V(skip) skips it silently.
        A skipped term adds nothing, or V(null) with O(output=latest).
    type: str
    choices: [error, warn, skip]
    default: error
  cache_ttl:
    description:
      - Seconds an image's answer is reused by later evaluations within the same C(ansible-playbook) run,
        across forks and hosts. V(0) disables the cache.
      - The cache lives in the run's private local temporary directory (C(ansible-local-*), mode 0700, files 0600)
        and is removed with it when the run ends. It is keyed by endpoint, hashes of the access key and the secret key,
        the TLS settings, registry and image; it never holds a key or a signature.
      - A failed listing is kept too, for at most 10 seconds, so that the forks waiting for the same image fail at once
        with the same error instead of each repeating the failing requests.
      - With O(resolve_manifest), the registry's answers for the tags kept are cached the same way (keyed by the tags too,
        and by O(registry_url) and hashes of the registry credentials); the registry is then asked, challenge and token
        included, only when the cache has no answer.
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
  - Lookups run on the controller, so the E(NCLOUD_*) variables and C(~/.ncloud/configure) are read there.
  - Option sources, highest first, are keyword arguments, Ansible variables C(ncloud_ncr_<option>),
    E(ANSIBLE_NCLOUD_NCR_<OPTION>) environment variables, the C([ncloud_ncr]) section of C(ansible.cfg)
    (never for the secret key), then E(NCLOUD_*) environment variables and C(~/.ncloud/configure).
  - C(module_defaults) does not apply to lookups.
  - Prereleases (V(2.0.0-rc.1)) are selected unless O(include_prerelease=false), as in the module; the role
    C(ncloud.ncr.resolve_image) leaves them out by default instead.
  - Like every lookup, it is evaluated lazily, each time a template uses it; the cache keeps that cheap.
seealso:
  - module: ncloud.ncr.ncr_image_tags
'''

EXAMPLES = r'''
- name: Every tag name of an image (credentials from NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY on the controller)
  ansible.builtin.debug:
    msg: "{{ lookup('ncloud.ncr.ncr_image_tags', 'my-registry/team/backend') }}"

- name: Newest stable release, as a plain string
  ansible.builtin.set_fact:
    release: "{{ lookup('ncloud.ncr.ncr_image_tags', 'my-registry/web', sort='semver', include_prerelease=false, output='latest') }}"

- name: Newest 1.4 patch release (a node-semver range), as a plain string
  ansible.builtin.set_fact:
    web_patch: "{{ lookup('ncloud.ncr.ncr_image_tags', 'my-registry/web', sort='semver', version_range='~1.4.0', output='latest') }}"

- name: The -alpine upgrade Renovate would propose for nginx 1.25.3-alpine
  ansible.builtin.set_fact:
    nginx_tag: >-
      {{ lookup('ncloud.ncr.ncr_image_tags', 'my-registry/nginx', sort='version', compatible_with='1.25.3-alpine',
                version_range='>1.25.3', output='latest') }}

- name: Which versions is latest? (the other tags sharing its digest)
  ansible.builtin.debug:
    msg: "{{ (query('ncloud.ncr.ncr_image_tags', 'my-registry/web', include='latest', output='tags') | first).aliases }}"

- name: Newest stable release of two images at once, as a list (prereleases are in unless include_prerelease=false)
  ansible.builtin.debug:
    msg: >-
      {{ query('ncloud.ncr.ncr_image_tags', 'my-registry/web', 'my-registry/api', sort='semver', include_prerelease=false,
               output='latest') }}

- name: Was v1.4.2 pushed? A lookup returns the tags that exist, so an empty list means no
  ansible.builtin.debug:
    msg: "{{ query('ncloud.ncr.ncr_image_tags', 'my-registry/web', tag=['v1.4.2']) | length > 0 }}"

- name: Loop over the five most recent tags with their digests
  ansible.builtin.debug:
    msg: "{{ item.image }}:{{ item.name }} is {{ item.digest }}"
  loop: "{{ query('ncloud.ncr.ncr_image_tags', 'my-registry/web', output='tags', limit=5) }}"

- name: In play vars, templated lazily when used
  hosts: web
  vars:
    web_tag: "{{ lookup('ncloud.ncr.ncr_image_tags', 'my-registry/web', output='latest', include=['v.*']) }}"
    ncloud_ncr_region: SGN
  tasks:
    - name: Deploy
      ansible.builtin.debug:
        msg: "deploying web:{{ web_tag }}"

- name: Registry-wide cleanup report in one expression, every image, tags older than 90 days that are not releases
  ansible.builtin.debug:
    msg: "{{ item.image }}:{{ item.name }} pushed {{ item.last_updated }}"
  loop: >-
    {{ query('ncloud.ncr.ncr_image_tags', 'my-registry/*', older_than='90d', exclude=['v?\d+\.\d+\.\d+'],
             output='tags', fields=['name', 'last_updated']) }}

- name: Newest stable release of every image under team/, skipping images deleted meanwhile
  ansible.builtin.debug:
    msg: >-
      {{ query('ncloud.ncr.ncr_image_tags', 'my-registry/team/*', sort='semver', include_prerelease=false, output='tags',
               limit=1, on_missing='warn') }}

- name: Tolerate an image that does not exist yet
  ansible.builtin.debug:
    msg: "{{ query('ncloud.ncr.ncr_image_tags', 'my-registry/maybe', on_missing='warn') | length }} tags"
'''

RETURN = r'''
_raw:
  description:
    - With O(output=names), the selected tag names of every term, concatenated in term order.
    - With O(output=tags), the selected tag dicts (with O(fields), only those keys), each with C(registry) and C(image)
      added.
    - With O(output=latest), one element per term (per matching image for a pattern term), the first selected tag's
      name or V(null).
  type: list
  elements: raw
'''

from ansible_collections.ncloud.ncr.plugins.module_utils._api import (
    CONNECTION_ARGSPEC, REGISTRY_ARGSPEC, RESOLVE_ARGSPEC, SELECTION_ARGSPEC, NotFound, fetch_tags, image_tags, images_tags,
    manifest_resolver, parse_term, pattern_images, prepare, registry_images)
from ansible_collections.ncloud.ncr.plugins.plugin_utils._cache import RunCache
from ansible_collections.ncloud.ncr.plugins.plugin_utils._lookup import NcrLookup


class LookupModule(NcrLookup):

    NAME = 'ncloud.ncr.ncr_image_tags'
    TERMS = 'REGISTRY/IMAGE or REGISTRY/PATTERN'
    # Set by answer() for each run: _api.manifest_resolver's resolve with resolve_manifest, else None.
    resolve = None
    OPTIONS = tuple(CONNECTION_ARGSPEC) + tuple(SELECTION_ARGSPEC) + tuple(RESOLVE_ARGSPEC) + tuple(REGISTRY_ARGSPEC)

    def parse_term(self, term):
        return parse_term(term)

    def prepare(self, options):
        return prepare(options)

    def answer(self, client, selection, terms):
        # Every answer of the API and of the registry goes through the run's cache: an image's tag listing, a
        # pattern's image listing and, with resolve_manifest, the registry's answers for the tags kept.
        cache = RunCache(self.get_option('cache_ttl'), client.settings)

        def fetch(client, selection, registry, image):
            """_api.fetch_tags behind the cache: what it reads depends on the image and on the tags named."""
            tags, total = cache.get(['tags', registry, image, selection.fetched()],
                                    lambda: fetch_tags(client, selection, registry, image))
            # A pair, as fetch_tags gives it (JSON gives the cached one back as a list).
            return tags, total

        def list_images(client, registry):
            return cache.get(['images', registry], lambda: registry_images(client, registry))

        def heads(fetch_heads, client, registry, image, names):
            return cache.get(['resolve_manifest', registry, image, names], fetch_heads, registry=True)

        # resolve_manifest: one client per registry for all terms (without a cache, it authenticates while the API
        # lists the tags).
        self.resolve = None
        if self.get_option('resolve_manifest'):
            self.resolve = manifest_resolver(client, heads if self.get_option('cache_ttl') > 0 else None)
        values = []
        for registry, image, pattern in terms:
            if pattern is None:
                values.extend(self._one(client, selection, registry, image, fetch))
            else:
                values.extend(self._pattern(client, selection, registry, pattern, fetch, list_images))
        return values

    def _pattern(self, client, selection, registry, pattern, fetch, list_images):
        """The registry's images listed once, then the tags of every image matching ``pattern``, several at once."""
        try:
            images = pattern_images(client, registry, pattern, list_images=list_images)
            answers = images_tags(client, selection, registry, images, fetch=fetch, resolve=self.resolve)
        except NotFound as exc:
            # The registry is missing: the term adds nothing (there is no image to give a null for).
            self.missing(exc, '%s/%s' % (registry, pattern))
            return []
        return [value for image, result in answers
                for value in self._one(client, selection, registry, image, fetch, result)]

    def _one(self, client, selection, registry, image, fetch, result=None):
        output = self.get_option('output')
        try:
            if result is None:
                result = image_tags(client, selection, registry, image, fetch=fetch, resolve=self.resolve)
            if isinstance(result, NotFound):
                raise result
        except NotFound as exc:
            self.missing(exc, '%s/%s' % (registry, image))
            return [None] if output == 'latest' else []
        for warning in result.pop('warnings'):
            self.warn(warning)
        if output == 'latest':
            return [result['names'][0] if result['names'] else None]
        if output == 'tags':
            return [dict(tag, registry=registry, image=image) for tag in result['tags']]
        return result['names']

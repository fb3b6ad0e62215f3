# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Every plugin's DOCUMENTATION opens with the fields Ansible requires, so the lookups' headers share their shape.
DOCUMENTATION = r'''
name: ncr_images
short_description: Images of registries in NAVER Cloud Platform Container Registry, for templates and vars
version_added: 2.0.0
description:
  - Lists every image of one or more NCR registries (every page), with the same selection options as the
    M(ncloud.ncr.ncr_image_info) module, and returns image names or image dicts.
  - Several terms share one keep-alive HTTP session. Each evaluation lists each registry once; there is no cache
    across evaluations (use M(ncloud.ncr.ncr_image_info) with C(register) to list once for many tasks).
author:
  - ncloud.ncr maintainers (@ncloud-ansible)
extends_documentation_fragment:
  - ncloud.ncr.connection
  - ncloud.ncr.connection.plugins
  - ncloud.ncr.image_selection
options:
  _terms:
    description:
      - Registries, as C(REGISTRY), or C(REGISTRY/PATTERN) to keep only the images whose whole name matches the shell
        wildcard PATTERN (Python's C(fnmatch), case-sensitive; C(*) also matches C(/)), such as V(my-registry/team/*).
    required: true
    type: list
    elements: str
  output:
    description:
      - V(names) returns the selected image names, the terms' lists concatenated in order.
      - V(images) returns the selected image dicts (as the module's RV(ncloud.ncr.ncr_image_info#module:images)), each
        with C(registry) added.
    type: str
    choices: [names, images]
    default: names
  on_missing:
    description:
      - What to do when a registry does not exist (HTTP 404).
      - V(error) fails the task, V(warn) warns and skips the term, V(skip) skips it silently.
    type: str
    choices: [error, warn, skip]
    default: error
notes:
  - Lookups run on the controller, so the E(NCLOUD_*) variables and C(~/.ncloud/configure) are read there.
  - Option sources, highest first, are keyword arguments, Ansible variables C(ncloud_ncr_<option>),
    E(ANSIBLE_NCLOUD_NCR_<OPTION>) environment variables, the C([ncloud_ncr]) section of C(ansible.cfg)
    (never for the secret key), then E(NCLOUD_*) environment variables and C(~/.ncloud/configure).
  - C(module_defaults) does not apply to lookups.
seealso:
  - module: ncloud.ncr.ncr_image_info
  - plugin: ncloud.ncr.ncr_image_tags
    plugin_type: lookup
'''

EXAMPLES = r'''
- name: Every image name of a registry (credentials from NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY on the controller)
  ansible.builtin.debug:
    msg: "{{ query('ncloud.ncr.ncr_images', 'my-registry') }}"

- name: Images not pushed for 90 days, oldest first
  ansible.builtin.debug:
    msg: "{{ query('ncloud.ncr.ncr_images', 'my-registry', older_than='90d', sort='updated', order='asc') }}"

- name: The images under team/ of two registries, as dicts
  ansible.builtin.debug:
    msg: "{{ item.registry }}/{{ item.name }} was pulled {{ item.pull_count }} times"
  loop: "{{ query('ncloud.ncr.ncr_images', 'my-registry/team/*', 'prod-registry/team/*', output='images') }}"

- name: Loop over the tags of every image (the ncr_image_tags lookup takes the same pattern itself)
  ansible.builtin.debug:
    msg: "{{ query('ncloud.ncr.ncr_image_tags', 'my-registry/' ~ item, sort='semver', output='latest') }}"
  loop: "{{ query('ncloud.ncr.ncr_images', 'my-registry', include='web|api') }}"
'''

RETURN = r'''
_raw:
  description:
    - With O(output=names), the selected image names of every term, concatenated in term order.
    - With O(output=images), the selected image dicts, each with C(registry) added.
  type: list
  elements: raw
'''

from ansible_collections.ncloud.ncr.plugins.module_utils._api import (
    CONNECTION_ARGSPEC, IMAGE_SELECTION_ARGSPEC, NotFound, matching, parse_registry_term, prepare_images, registry_images)
from ansible_collections.ncloud.ncr.plugins.plugin_utils._lookup import NcrLookup


class LookupModule(NcrLookup):

    NAME = 'ncloud.ncr.ncr_images'
    TERMS = 'REGISTRY or REGISTRY/PATTERN'
    OPTIONS = tuple(CONNECTION_ARGSPEC) + tuple(IMAGE_SELECTION_ARGSPEC)

    def parse_term(self, term):
        """``(registry, pattern or None)`` from ``REGISTRY`` or ``REGISTRY/PATTERN``."""
        return parse_registry_term(term)

    def prepare(self, options):
        return prepare_images(options)

    def answer(self, client, selection, terms):
        values = []
        for registry, pattern in terms:
            try:
                images = registry_images(client, registry)
            except NotFound as exc:
                self.missing(exc, registry)
                continue
            if pattern is not None:
                wanted = set(matching(pattern, [image['name'] for image in images]))
                images = [image for image in images if image['name'] in wanted]
            selected = selection.apply(images)
            if self.get_option('output') == 'images':
                values.extend(dict(image, registry=registry) for image in selected)
            else:
                values.extend(image['name'] for image in selected)
        return values

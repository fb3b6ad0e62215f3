#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r'''
module: ncr_image_info
short_description: List and select the images of a registry in NAVER Cloud Platform Container Registry
version_added: 2.0.0
description:
  - Lists every image of one NCR registry through the NCR v2 API, following every page, and returns image facts
    (names, descriptions, pull counts, last push) that a playbook registers and branches on.
  - Filters by image name (regular expressions) and by the time of the last push, sorts by name, push time or pulls;
    O(name) checks given images by the image-detail call instead, which also returns C(tag_mutability_enabled).
  - Read-only, like a Terraform data source; it never changes the registry.
author:
  - ncloud.ncr maintainers (@ncloud-ansible)
extends_documentation_fragment:
  - ncloud.ncr.connection
  - ncloud.ncr.image_selection
  - ncloud.ncr.attributes
options:
  registry:
    description:
      - Name of the registry (3 to 30 lower-case letters, digits and hyphens).
    type: str
    required: true
  name:
    description:
      - Image names to look up, one image-detail request each, without listing the registry (V(team/app) as is).
      - Sets RV(found) and RV(missing); a missing image is not an error. The other options still filter and sort
        the images found.
    type: list
    elements: str
    default: []
notes:
  - O(max_tags) caps the number of images of the listing too.
seealso:
  - module: ncloud.ncr.ncr_image_tags
  - module: ncloud.ncr.ncr_registry_info
  - plugin: ncloud.ncr.ncr_images
    plugin_type: lookup
  - plugin: ncloud.ncr.ncr_image_tags
    plugin_type: lookup
'''

EXAMPLES = r'''
- name: Every image of a registry (credentials from NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY)
  ncloud.ncr.ncr_image_info:
    registry: my-registry
  register: images

- name: Show their names
  ansible.builtin.debug:
    msg: "{{ images.names }}"

- name: Images not pushed for 90 days, oldest first
  ncloud.ncr.ncr_image_info:
    registry: my-registry
    older_than: 90d
    sort: updated
    order: asc
  register: stale

- name: The five most pulled images of the team
  ncloud.ncr.ncr_image_info:
    registry: my-registry
    include: 'team/.*'
    sort: pull_count
    limit: 5
  register: popular

- name: Do these images exist, and are their tags immutable? (one request each, no listing)
  ncloud.ncr.ncr_image_info:
    registry: my-registry
    name: [web, team/backend]
  register: checked

- name: Fail when one is missing
  ansible.builtin.assert:
    that: checked.found
    fail_msg: "missing: {{ checked.missing }}"
'''

# The keys the modules share (registry_host, total, count, names, found, missing, unreadable) are described in each
# RETURN: return values have no doc fragments (ansible-core 2.19 has none for RETURN). The repeated lines are
# documentation, kept in step by review; `error` is the same in every module, which tests/unit/plugins/test_error_docs.py checks.
RETURN = r'''
registry:
  description: The registry asked for.
  returned: success
  type: str
  sample: my-registry
registry_host:
  description:
    - The host C(docker pull) uses for the registry, from O(site) and O(region), as for M(ncloud.ncr.ncr_image_tags);
      C(<registry_host>/<name>) is an image reference. V(null) for a public region without a documented pull host.
  returned: success
  type: str
  sample: my-registry.kr.ncr.ntruss.com
total:
  description:
    - How many images the registry has (the API's C(count), verified against the complete listing).
    - V(null) when O(name) was answered by the image-detail call, which gives no total.
  returned: success
  type: int
  sample: 12
count:
  description: How many images were selected (the length of RV(images)).
  returned: success
  type: int
  sample: 3
names:
  description: The selected image names, in the same order as RV(images).
  returned: success
  type: list
  elements: str
  sample: [api, team/backend, web]
found:
  description: Whether every image named in O(name) exists.
  returned: when O(name) is set
  type: bool
  sample: true
missing:
  description: The images named in O(name) that do not exist, in the order given.
  returned: when O(name) is set
  type: list
  elements: str
  sample: [team/old]
images:
  description:
    - The selected images, one dict each, in the selected order. Every field the API returns, with snake_case keys
      and C(last_updated) as an ISO 8601 UTC string.
  returned: success
  type: list
  elements: dict
  contains:
    name:
      description: Image name, without the registry; may contain C(/).
      type: str
      sample: team/backend
    namespace:
      description: Namespace of the image (the registry name).
      type: str
      sample: my-registry
    description:
      description: Short description.
      type: str
      sample: Backend API
    full_description:
      description: Long description.
      type: str
      returned: when O(name) is set (image-detail call)
      sample: ""
    is_private:
      description: Whether the image is private.
      type: bool
      sample: true
    is_automated:
      description: Whether the image is built automatically.
      type: bool
      sample: false
    can_edit:
      description: Whether these credentials may edit the image.
      type: bool
      sample: true
    last_updated:
      description: When a tag of the image was last pushed, ISO 8601 UTC, or V(null) when absent, 0 or unreadable.
      type: str
      sample: "2024-09-02T10:05:00Z"
    pull_count:
      description: How many times the image was pulled.
      type: int
      sample: 18423
    star_count:
      description: How many stars the image has.
      type: int
      sample: 0
    repository_type:
      description: Type of repository, as the API gives it.
      type: str
      sample: image
    status:
      description: Status code of the image, as the API gives it.
      type: int
      sample: 1
    user:
      description: Owner of the image, as the API gives it.
      type: str
      sample: my-registry
    tag_mutability_enabled:
      description: Whether tags of the image may be overwritten by a new push.
      type: bool
      returned: when O(name) is set (image-detail call)
      sample: true
    private_id:
      description: Private ID of the image, as the API gives it.
      type: str
      returned: when O(name) is set (image-detail call)
      sample: ""
    unreadable:
      description: The time fields returned as V(null) because the server sent them in a form that cannot be read.
      type: list
      elements: str
      returned: when a time cannot be read
      sample: [last_updated]
error:
  description:
    - Why the task failed, as facts a playbook can branch on (with C(ignore_errors) or C(failed_when)); C(msg) says
      it in words. The same in every module of the collection.
    - Only the facts this failure has are present, never a null. Bad input has C(option). A server's answer has
      C(status), with C(error_code), C(message) and C(details) when it was the API gateway's JSON error body. A request
      that got no answer (connection refused, timeout, TLS) has none of these, at most C(hint).
  returned: failure
  type: dict
  contains:
    status:
      description: HTTP status of the answer that failed the task.
      returned: when a server answered
      type: int
      sample: 404
    error_code:
      description: The API gateway's C(errorCode).
      returned: when the gateway sent its JSON error body with one
      type: str
      sample: '300'
    message:
      description: The API gateway's C(message), control characters escaped and cut short.
      returned: when the gateway sent its JSON error body with one
      type: str
      sample: Not Found Exception
    details:
      description: The API gateway's C(details), control characters escaped and cut short.
      returned: when the gateway sent its JSON error body with them
      type: str
      sample: Not found.
    hint:
      description: What to check, for the failures the collection knows a likely cause of (also at the end of C(msg)).
      returned: when there is one
      type: str
      sample: 'Hint: check the registry and image names; image names with "/" are given as is, e.g. team/app.'
    option:
      description: The option whose value is wrong, for bad input and for an endpoint without an API at its path.
      returned: when an option is to blame
      type: str
      sample: registry
  sample:
    status: 404
    error_code: '300'
    message: Not Found Exception
    details: Not found.
    hint: 'Hint: check the registry name; ncloud.ncr.ncr_registry_info lists them.'
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.ncloud.ncr.plugins.module_utils._api import (
    CONNECTION_ARGSPEC, IMAGE_SELECTION_ARGSPEC, image_info, prepare_images, run_module, session)


def answer(params, warn):
    settings, selection = prepare_images(params)
    with session(settings, warn) as client:
        return image_info(client, selection, params['registry'])


def main():
    argument_spec = dict(registry=dict(type='str', required=True), name=dict(type='list', elements='str', default=[]))
    argument_spec.update(CONNECTION_ARGSPEC)
    argument_spec.update(IMAGE_SELECTION_ARGSPEC)
    run_module(AnsibleModule(argument_spec=argument_spec, supports_check_mode=True), answer)


if __name__ == '__main__':
    main()

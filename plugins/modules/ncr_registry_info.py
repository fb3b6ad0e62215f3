#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r'''
module: ncr_registry_info
short_description: List the registries of NAVER Cloud Platform Container Registry
version_added: 2.0.0
description:
  - Lists every registry the credentials can see in the O(site) and O(region) (or O(endpoint)), through the NCR v2 API,
    and returns their facts (bucket, endpoints, creation time, status).
  - The documented answer is a paged listing; it is read completely, every page, like a tag listing. A server that
    answers with a plain list of registries, or with an object holding only C(results) (neither C(count) nor C(next)), is taken
    to have given the whole list in one answer.
  - Both documented shapes of a registry are accepted (see RV(registries)).
  - Read-only, like a Terraform data source; it never changes anything.
author:
  - ncloud.ncr maintainers (@ncloud-ansible)
extends_documentation_fragment:
  - ncloud.ncr.connection
  - ncloud.ncr.attributes
options:
  name:
    description:
      - Registry names to check for in the listing. Sets RV(found) and RV(missing); a missing registry is not an error.
      - RV(registries) still lists every registry.
    type: list
    elements: str
    default: []
notes:
  - O(max_tags) caps the number of registries of the listing too.
seealso:
  - module: ncloud.ncr.ncr_image_info
  - module: ncloud.ncr.ncr_image_tags
'''

EXAMPLES = r'''
- name: Which registries do I have?
  ncloud.ncr.ncr_registry_info:
  register: registries

- name: Show their names and public endpoints
  ansible.builtin.debug:
    msg: "{{ registries.registries | items2dict(key_name='name', value_name='end_point') }}"

- name: Is my-registry there, in the Singapore region?
  ncloud.ncr.ncr_registry_info:
    region: SGN
    name: [my-registry]
  register: sgn

- name: Create it when it is not
  ansible.builtin.debug:
    msg: "my-registry must be created in SGN"
  when: not sgn.found
'''

# The keys the modules share (registry_host, total, count, names, found, missing, unreadable) are described in each
# RETURN: return values have no doc fragments (ansible-core 2.19 has none for RETURN). The repeated lines are
# documentation, kept in step by review; `error` is the same in every module, which tests/unit/plugins/test_error_docs.py checks.
RETURN = r'''
count:
  description: How many registries there are (the length of RV(registries)).
  returned: success
  type: int
  sample: 2
names:
  description: The registry names, sorted.
  returned: success
  type: list
  elements: str
  sample: [my-registry, prod-registry]
found:
  description: Whether every registry named in O(name) exists.
  returned: when O(name) is set
  type: bool
  sample: true
missing:
  description: The registries named in O(name) that do not exist, in the order given.
  returned: when O(name) is set
  type: list
  elements: str
  sample: [old-registry]
registries:
  description:
    - The registries, sorted by name, one dict each. Every field the API returns, with snake_case keys and
      C(created) as an ISO 8601 UTC string.
    - The current documented shape fills C(name), C(bucket), C(end_point), C(created), C(status), C(end_point_enabled),
      C(private_end_point), C(private_id), C(public_reg_status) and C(scan_on_push_enabled), and leaves C(usage) V(null).
    - The older documented shape fills C(name), C(bucket), C(end_point), C(usage), C(created) and C(status) only.
    - C(name), C(bucket), C(end_point), C(usage), C(created) and C(status) are always present, V(null) when the server
      did not send them; the other keys only when it did.
  returned: success
  type: list
  elements: dict
  contains:
    name:
      description: Registry name.
      type: str
      sample: my-registry
    bucket:
      description: The Object Storage bucket that holds the registry's images.
      type: str
      sample: my-registry-bucket
    end_point:
      description: The registry's public endpoint, the host C(docker pull) uses.
      type: str
      sample: my-registry.kr.ncr.ntruss.com
    usage:
      description: Storage used, as the older shape gives it (V(null) with the current shape).
      type: raw
      sample: 104857600
    created:
      description: When the registry was created, ISO 8601 UTC, or V(null) when absent, 0 or unreadable.
      type: str
      sample: "2023-11-02T09:00:00Z"
    status:
      description: Status of the registry, as the API gives it.
      type: str
      sample: Running
    end_point_enabled:
      description: Whether the public endpoint is enabled.
      type: bool
      returned: with the current shape
      sample: true
    private_end_point:
      description: The registry's private (VPC) endpoint.
      type: str
      returned: with the current shape
      sample: k8x2p9qm.kr.private-ncr.ntruss.com
    private_id:
      description: The random ID in the private endpoint.
      type: str
      returned: with the current shape
      sample: k8x2p9qm
    public_reg_status:
      description: Whether the registry is public.
      type: bool
      returned: with the current shape
      sample: false
    scan_on_push_enabled:
      description: Whether images are scanned for vulnerabilities when pushed.
      type: bool
      returned: with the current shape
      sample: false
    unreadable:
      description: The time fields returned as V(null) because the server sent them in a form that cannot be read.
      type: list
      elements: str
      returned: when a time cannot be read
      sample: [created]
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

from ansible_collections.ncloud.ncr.plugins.module_utils._api import CONNECTION_ARGSPEC, prepare_registries, registry_info, run_module, session


def answer(params, warn):
    with session(prepare_registries(params), warn) as client:
        return registry_info(client, params['name'])


def main():
    argument_spec = dict(name=dict(type='list', elements='str', default=[]))
    argument_spec.update(CONNECTION_ARGSPEC)
    run_module(AnsibleModule(argument_spec=argument_spec, supports_check_mode=True), answer)


if __name__ == '__main__':
    main()

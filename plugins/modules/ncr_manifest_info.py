#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r'''
module: ncr_manifest_info
short_description: Manifest digests, platforms, labels and signatures of NCR images, from the registry itself
version_added: 2.0.0
description:
  - Reads the registry's own API (the Docker Registry v2 API that C(docker pull) talks to) for one or more tags or
    digests of an image in NAVER Cloud Platform Container Registry, and returns what C(docker pull) resolves each to,
    the manifest digest (the image index's, for a multi-platform image), with its platforms as the index lists them,
    its annotations, whether a cosign signature exists for it, and a pinned reference C(<registry_host>/<image>@<digest>).
  - The management API's tag C(digest) (M(ncloud.ncr.ncr_image_tags)) is one platform image's; this module gives the
    digest the tag resolves to, the one C(crane digest), C(skopeo inspect) and Renovate pin.
  - Every digest is checked. The registry's C(Docker-Content-Digest) must be C(<algorithm>:<hex>) and the digest of
    the body read; a body fetched by digest must be that digest's content. Anything else fails the task.
  - Read-only; it never changes the registry.
author:
  - ncloud.ncr maintainers (@ncloud-ansible)
extends_documentation_fragment:
  - ncloud.ncr.connection
  - ncloud.ncr.registry
  - ncloud.ncr.attributes
options:
  registry:
    description:
      - Name of the registry (3 to 30 lower-case letters, digits and hyphens). With O(site) and O(region) it gives the
        default O(registry_url).
    type: str
    required: true
  image:
    description:
      - Name of the image in the registry. May contain C(/) (V(team/app)).
    type: str
    required: true
  reference:
    description:
      - Tags (V(1.4.2)) or digests (V(sha256:<64 hex>)) of the image, each looked up once, in the order given.
      - One that does not exist is listed in RV(missing), not an error.
    type: list
    elements: str
    required: true
  platform:
    description:
      - A platform, V(os/architecture) or V(os/architecture/variant) (V(linux/arm64), V(linux/arm64/v8)), whose digest
        each manifest gives as RV(manifests[].platform_digest) and RV(manifests[].platform_pinned_reference), the entry
        of an index for that platform (without a variant, the first with that os and architecture), or the manifest
        itself when it is a single image of that platform.
    type: str
  labels:
    description:
      - Also read each image's config blob (for an index, each platform's manifest and config) for its creation time and
        its labels (OCI labels such as C(org.opencontainers.image.version), C(.revision), C(.source)).
      - Two more requests per platform of an index.
    type: bool
    default: false
notes:
  - O(concurrency) requests at a time, references side by side. Per reference, one C(GET) of the manifest, one C(HEAD) of
    its signature tag and, for a single image, one C(GET) of its config blob; per task one C(GET /v2/) and one token
    request per image when the registry asks for a Bearer token.
  - O(max_tags) and O(page_size) do not apply here.
seealso:
  - module: ncloud.ncr.ncr_image_tags
  - plugin: ncloud.ncr.ncr_manifest
    plugin_type: lookup
  - name: OCI image index specification
    description: The image index and its platform entries.
    link: https://github.com/opencontainers/image-spec/blob/main/image-index.md
'''

EXAMPLES = r'''
- name: What docker pull resolves web:1.4.2 to (credentials from NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY)
  ncloud.ncr.ncr_manifest_info:
    registry: my-registry
    image: web
    reference: [1.4.2]
  register: web

- name: Deploy the pinned reference, on every platform
  ansible.builtin.debug:
    msg: "{{ web.manifests[0].pinned_reference }}"

- name: The arm64 image of two tags, with labels, failing when one is missing
  ncloud.ncr.ncr_manifest_info:
    registry: my-registry
    image: team/backend
    reference: [1.4.2, latest]
    platform: linux/arm64
    labels: true
  register: backend
  failed_when: not backend.found

- name: Show each arm64 pin and the version label of its platforms
  ansible.builtin.debug:
    msg: "{{ item.platform_pinned_reference }}: {{ item.platforms | map(attribute='labels') | map(attribute='org.opencontainers.image.version', default='?') }}"
  loop: "{{ backend.manifests }}"

- name: Is the image signed with cosign (a sha256-<hex>.sig tag for its digest)?
  ncloud.ncr.ncr_manifest_info:
    registry: my-registry
    image: web
    reference: ["sha256:8f3c5e5b8a1e0c1f6b6a2b5a3f0d9d1c4e2b7a6f5e4d3c2b1a09f8e7d6c5b4a3"]
  register: checked

- name: Through a private endpoint, with docker login credentials of their own
  ncloud.ncr.ncr_manifest_info:
    registry: my-registry
    image: web
    reference: [1.4.2]
    registry_url: https://abcd1234.kr.private-ncr.ntruss.com
    registry_username: "{{ vault_registry_user }}"
    registry_password: "{{ vault_registry_password }}"
'''

RETURN = r'''
registry:
  description: The registry asked for.
  returned: success
  type: str
  sample: my-registry
image:
  description: The image asked for.
  returned: success
  type: str
  sample: web
registry_host:
  description: The C(host[:port]) of O(registry_url), which the pinned references name.
  returned: success
  type: str
  sample: my-registry.kr.ncr.ntruss.com
found:
  description: Whether every reference in O(reference) exists.
  returned: success
  type: bool
  sample: true
missing:
  description: The references of O(reference) that do not exist, in the order given.
  returned: success
  type: list
  elements: str
  sample: []
manifests:
  description: One dict per reference found, in the order given.
  returned: success
  type: list
  elements: dict
  contains:
    reference:
      description: The tag or digest asked for.
      type: str
      sample: 1.4.2
    digest:
      description: The manifest digest the reference resolves to (the image index's, when it is one), checked against the body read.
      type: str
      sample: "sha256:3edd33ece4db5c0a3f3d36f82411b15e5685fa30ce9d11e2695733e447357fb8"
    media_type:
      description: The manifest's media type.
      type: str
      sample: application/vnd.oci.image.index.v1+json
    is_index:
      description: Whether the manifest is an image index (a manifest list), listing one image per platform.
      type: bool
      sample: true
    platforms:
      description:
        - The platforms, as an index lists them (attestation manifests left out), or the one platform of a single
          image (from its config; none for an artifact that is not an image).
      type: list
      elements: dict
      contains:
        platform:
          description: C(os/architecture[/variant]).
          type: str
          sample: linux/arm64/v8
        os:
          description: Operating system.
          type: str
          sample: linux
        architecture:
          description: CPU architecture.
          type: str
          sample: arm64
        variant:
          description: Architecture variant, or V(null).
          type: str
          sample: v8
        digest:
          description: Digest of this platform's image manifest.
          type: str
          sample: "sha256:01f7b41e3979733c642814e188af38fc48a3a5b897977b81c3474a4a31453792"
        size:
          description: Size of that manifest in bytes.
          type: int
          sample: 1021
        media_type:
          description: Media type of that manifest.
          type: str
          sample: application/vnd.oci.image.manifest.v1+json
        created:
          description: The image's creation time from its config, ISO 8601 UTC, or V(null).
          type: str
          returned: when O(labels=true)
          sample: "2024-04-01T00:41:28Z"
        labels:
          description: The image's labels from its config (empty when none).
          type: dict
          returned: when O(labels=true)
          sample: {org.opencontainers.image.version: 1.4.2, org.opencontainers.image.revision: 5e1c0ff}
    annotations:
      description: The manifest's annotations (empty when none).
      type: dict
      sample: {org.opencontainers.image.version: 1.4.2}
    signed:
      description: Whether a cosign signature exists for RV(manifests[].digest) (the tag RV(manifests[].signature_tag)).
      type: bool
      sample: true
    signature_tag:
      description: The tag cosign stores the signature of RV(manifests[].digest) under.
      type: str
      sample: sha256-3edd33ece4db5c0a3f3d36f82411b15e5685fa30ce9d11e2695733e447357fb8.sig
    pinned_reference:
      description: C(<registry_host>/<image>@<digest>), what to deploy.
      type: str
      sample: my-registry.kr.ncr.ntruss.com/web@sha256:3edd33ece4db5c0a3f3d36f82411b15e5685fa30ce9d11e2695733e447357fb8
    platform_digest:
      description: The digest of O(platform)'s image, or V(null) when the manifest has no such platform.
      type: str
      returned: when O(platform) is set
      sample: "sha256:01f7b41e3979733c642814e188af38fc48a3a5b897977b81c3474a4a31453792"
    platform_pinned_reference:
      description: C(<registry_host>/<image>@<platform_digest>), or V(null) when the manifest has no such platform.
      type: str
      returned: when O(platform) is set
      sample: my-registry.kr.ncr.ntruss.com/web@sha256:01f7b41e3979733c642814e188af38fc48a3a5b897977b81c3474a4a31453792
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
    CONNECTION_ARGSPEC, REGISTRY_ARGSPEC, manifest_info, prepare_manifests, run_module, session)


def answer(params, warn):
    settings, query = prepare_manifests(params)
    with session(settings, warn) as client:
        return manifest_info(client, query)


def main():
    argument_spec = dict(registry=dict(type='str', required=True), image=dict(type='str', required=True),
                         reference=dict(type='list', elements='str', required=True), platform=dict(type='str'),
                         labels=dict(type='bool', default=False))
    argument_spec.update(CONNECTION_ARGSPEC)
    argument_spec.update(REGISTRY_ARGSPEC)
    run_module(AnsibleModule(argument_spec=argument_spec, supports_check_mode=True), answer)


if __name__ == '__main__':
    main()

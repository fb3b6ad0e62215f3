#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r'''
module: ncr_image_tags
short_description: List and select the tags of an image in NAVER Cloud Platform Container Registry
version_added: 1.0.0
description:
  - Lists every tag of one image in an NCR registry through the NCR v2 API, following every page, and returns
    tag facts (names, digests, sizes, dates, platforms) that a playbook registers and branches on.
  - Filters, sorts and checks tags (newest SemVer release, most recent push, tags older than a date, platform
    digests, whether given tags exist) with the selection options.
  - Read-only, like a Terraform data source; it never changes the registry.
author:
  - ncloud.ncr maintainers (@ncloud-ansible)
extends_documentation_fragment:
  - ncloud.ncr.connection
  - ncloud.ncr.selection
  - ncloud.ncr.registry.image_tags
  - ncloud.ncr.registry
  - ncloud.ncr.attributes
options:
  registry:
    description:
      - Name of the registry (3 to 30 lower-case letters, digits and hyphens).
    type: str
    required: true
  image:
    description:
      - Name of the image in the registry. May contain C(/) (V(team/app)); it is sent as one path segment.
    type: str
    required: true
seealso:
  - plugin: ncloud.ncr.ncr_image_tags
    plugin_type: lookup
'''

EXAMPLES = r'''
- name: Every tag of an image (credentials from NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY)
  ncloud.ncr.ncr_image_tags:
    registry: my-registry
    image: team/backend
  register: tags

- name: Show the most recently pushed tag and how many there are
  ansible.builtin.debug:
    msg: "{{ tags.latest.name }} of {{ tags.total }} tags"

- name: Newest stable SemVer release
  ncloud.ncr.ncr_image_tags:
    registry: my-registry
    image: web
    sort: semver
    include_prerelease: false
    limit: 1
  register: release

- name: Was v1.4.2 pushed? (one request, no listing)
  ncloud.ncr.ncr_image_tags:
    registry: my-registry
    image: web
    tag: [v1.4.2]
  register: check

- name: Deploy only when it was
  ansible.builtin.debug:
    msg: "deploying v1.4.2"
  when: check.found

- name: Cleanup candidates, older than 90 days, releases excluded
  ncloud.ncr.ncr_image_tags:
    registry: my-registry
    image: web
    older_than: 90d
    exclude: ['v?\d+\.\d+\.\d+', latest]
    sort: updated
    order: asc
  register: old

- name: The newest 1.x release (node-semver range), whatever else is tagged
  ncloud.ncr.ncr_image_tags:
    registry: my-registry
    image: web
    sort: semver
    version_range: ^1.0.0
    limit: 1
  register: newest_1x

- name: The upgrade Renovate would propose for nginx 1.25.3-alpine (the newest of the same flavour and precision)
  ncloud.ncr.ncr_image_tags:
    registry: my-registry
    image: nginx
    sort: version
    compatible_with: 1.25.3-alpine
    version_range: '>1.25.3'
    limit: 1
  register: next_alpine

- name: Which versions is latest? (latest.aliases, from the listing)
  ncloud.ncr.ncr_image_tags:
    registry: my-registry
    image: web
    include: latest
  register: latest_tag

- name: Newest signed release only (cosign sha256-<digest>.sig present)
  ncloud.ncr.ncr_image_tags:
    registry: my-registry
    image: web
    sort: version
    signed_only: true
    include_prerelease: false
    limit: 1
  register: signed

- name: Every tag but the ten newest (cleanup candidates; signatures are left out by default)
  ncloud.ncr.ncr_image_tags:
    registry: my-registry
    image: web
    sort: updated
    skip: 10
  register: all_but_ten

- name: Names, digests and push times of every tag of a big image, without the rest of each tag (a lean result)
  ncloud.ncr.ncr_image_tags:
    registry: my-registry
    image: team/app
    fields: [name, digest, last_updated]
  register: listed

- name: Which tags point at the image running now?
  ncloud.ncr.ncr_image_tags:
    registry: my-registry
    image: web
    digest: "sha256:8f3c5e5b8a1e0c1f6b6a2b5a3f0d9d1c4e2b7a6f5e4d3c2b1a09f8e7d6c5b4a3"
  register: running

- name: Digest of the arm64 image of the newest release, for an image@digest reference
  ncloud.ncr.ncr_image_tags:
    registry: my-registry
    image: web
    sort: semver
    include_prerelease: false
    platform: linux/arm64
    limit: 1
  register: arm

- name: The newest release pinned to what docker pull resolves (the index digest of a multi-platform image)
  ncloud.ncr.ncr_image_tags:
    registry: my-registry
    image: web
    sort: semver
    include_prerelease: false
    limit: 1
    resolve_manifest: true
  register: pinned             # pinned.registry_host ~ '/web@' ~ pinned.latest.manifest_digest

- name: Set the connection once for a block, against the Singapore region
  module_defaults:
    group/ncloud.ncr.ncr:
      region: SGN
      access_key: "{{ vault_ncp_access_key }}"
      secret_key: "{{ vault_ncp_secret_key }}"
  block:
    - name: List tags
      ncloud.ncr.ncr_image_tags:
        registry: my-registry
        image: web
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
image:
  description: The image asked for.
  returned: success
  type: str
  sample: team/backend
registry_host:
  description:
    - The host C(docker pull) uses for the registry, from O(site) and O(region) (NCR's documented public pull hosts,
      C(<registry>.<kr|sg|jp>.ncr.ntruss.com) on public, C(<registry>.ncr.gov-ntruss.com) on gov,
      C(<registry>.ncr.fin-ntruss.com) on fin), so that C(<registry_host>/<image>@<digest>) is a pinned reference.
    - V(null) for a public region without a documented pull host.
  returned: success
  type: str
  sample: my-registry.kr.ncr.ntruss.com
total:
  description:
    - How many tags the image has (the API's C(count), verified against the complete listing).
    - V(null) when O(tag) was answered from the tag-detail endpoint, which gives no total.
  returned: success
  type: int
  sample: 42
count:
  description: How many tags were selected (the length of RV(tags)).
  returned: success
  type: int
  sample: 3
names:
  description: The selected tag names, in the same order as RV(tags).
  returned: success
  type: list
  elements: str
  sample: [v1.4.2, v1.4.1, latest]
latest:
  description:
    - The first selected tag, or V(null) when none is selected. With the default O(sort=updated) that is the
      most recently updated tag; with O(sort=semver) and O(include_prerelease=false) the newest stable release.
    - Same keys as an element of RV(tags).
  returned: success
  type: dict
  sample: {name: v1.4.2, digest: "sha256:8f3c...", last_updated: "2024-04-01T00:41:28Z"}
found:
  description: Whether every tag named in O(tag) exists.
  returned: when O(tag) is set
  type: bool
  sample: true
missing:
  description: The tags named in O(tag) that do not exist, in the order given.
  returned: when O(tag) is set
  type: list
  elements: str
  sample: [v9.9.9]
tags:
  description: The selected tags, one dict each, in the selected order. The fields of NCR's tag object below (any
    other a server sends is dropped as the page is read), with
    C(mediaType) renamed C(media_type) and times as ISO 8601 UTC strings (V(null) when 0 or absent).
    With O(fields), only the keys it names.
  returned: success
  type: list
  elements: dict
  contains:
    name:
      description: Tag name.
      type: str
      sample: v1.4.2
    digest:
      description: Digest of the tag's representative image (linux/amd64, else the first); per-platform digests are in C(images).
      type: str
      sample: "sha256:8f3c5e5b8a1e0c1f6b6a2b5a3f0d9d1c4e2b7a6f5e4d3c2b1a09f8e7d6c5b4a3"
    full_size:
      description: Size of the tag in bytes.
      type: int
      sample: 83518086
    id:
      description: Tag ID.
      type: int
      sample: 730606
    image_id:
      description: Image ID.
      type: int
      sample: 322122
    creator:
      description: ID of who pushed the tag first.
      type: str
      sample: 9b2d7c1e-0000-0000-0000-000000000000
    last_updated:
      description: When the tag was last updated, ISO 8601 UTC, or V(null).
      type: str
      sample: "2024-04-01T00:41:28Z"
    last_updater:
      description: ID of who updated the tag last.
      type: str
      sample: 9b2d7c1e-0000-0000-0000-000000000000
    repository:
      description: Registry ID.
      type: int
      sample: 5976
    v2:
      description: Whether the image follows the registry v2 spec.
      type: bool
      sample: true
    signed:
      description:
        - Whether the image holds a cosign signature for this tag's digest (a tag C(sha256-<hex>.sig)).
        - V(null) when O(tag) was answered from the tag-detail endpoint without O(signed_only), which sees no other tag.
      type: bool
      returned: for tags that are not digest tags
      sample: true
    aliases:
      description:
        - The other tags with the same digest, sorted, digest tags left out. For V(latest) this tells which versions it is.
        - V(null) when O(tag) was answered from the tag-detail endpoint, which sees no other tag.
      type: list
      elements: str
      returned: for tags that are not digest tags
      sample: [1.10.0, v1.10]
    unreadable:
      description:
        - The fields the server sent in a form that could not be read (a time out of the years 1 to 9999, for example),
          returned as V(null); the task also warns. Present only when there are any.
      type: list
      elements: str
      returned: when a field of the tag could not be read
      sample: [last_updated, "images[0].created"]
    platforms:
      description: The platforms of the tag's images, as C(os/architecture[/variant]).
      type: list
      elements: str
      sample: [linux/amd64, linux/arm64/v8]
    platform_digest:
      description: Digest of the image that matched O(platform).
      type: str
      returned: when O(platform) is set
      sample: "sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
    platform_image:
      description: The element of C(images) that matched O(platform).
      type: dict
      returned: when O(platform) is set
    manifest_digest:
      description:
        - The digest the registry itself resolves the tag to, what C(docker pull) pulls (for a multi-platform image,
          the image index's, where RV(tags[].digest) is one platform image's). Checked like every digest.
        - V(null) when the registry knows no manifest for the tag (the task warns).
      type: str
      returned: when O(resolve_manifest=true)
      sample: "sha256:3edd33ece4db5c0a3f3d36f82411b15e5685fa30ce9d11e2695733e447357fb8"
    manifest_media_type:
      description: The media type of that manifest (an image index, a manifest list or an image manifest), or V(null).
      type: str
      returned: when O(resolve_manifest=true)
      sample: application/vnd.oci.image.index.v1+json
    images:
      description: One entry per platform image of the tag.
      type: list
      elements: dict
      contains:
        platform:
          description: C(os/architecture[/variant]) of this image.
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
          description: Digest of this platform's image.
          type: str
          sample: "sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
        media_type:
          description: Media type of the image (the API's C(mediaType)).
          type: str
          sample: application/vnd.docker.container.image.v1+json
        size:
          description: Size in bytes.
          type: int
          sample: 83518086
        created:
          description: Creation time, ISO 8601 UTC, or V(null).
          type: str
          sample: "2024-04-01T00:41:28Z"
        updated:
          description: Update time, ISO 8601 UTC, or V(null).
          type: str
          sample: "2024-04-01T00:41:28Z"
        latest_pulled:
          description: Last pull time, ISO 8601 UTC, or V(null) when never pulled.
          type: str
          sample: null
        os_version:
          description: OS version, or V(null).
          type: str
        os_features:
          description: Not used by NCR.
          type: str
        features:
          description: Not used by NCR.
          type: str
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
    CONNECTION_ARGSPEC, REGISTRY_ARGSPEC, RESOLVE_ARGSPEC, SELECTION_ARGSPEC, image_tags, manifest_resolver, prepare, run_module,
    session)


def answer(params, warn):
    settings, selection = prepare(params)
    with session(settings, warn) as client:
        resolve = manifest_resolver(client) if params['resolve_manifest'] else None
        return image_tags(client, selection, params['registry'], params['image'], resolve=resolve)


def main():
    argument_spec = dict(registry=dict(type='str', required=True), image=dict(type='str', required=True))
    argument_spec.update(CONNECTION_ARGSPEC)
    argument_spec.update(SELECTION_ARGSPEC)
    argument_spec.update(RESOLVE_ARGSPEC)
    argument_spec.update(REGISTRY_ARGSPEC)
    run_module(AnsibleModule(argument_spec=argument_spec, supports_check_mode=True), answer)


if __name__ == '__main__':
    main()

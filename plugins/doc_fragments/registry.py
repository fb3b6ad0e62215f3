# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


class ModuleDocFragment:

    # Options of the registry's own API (the data plane that docker pull talks to), for the plugins that read it.
    DOCUMENTATION = r'''
options:
  registry_url:
    description:
      - Base URL of the registry's own API (the Docker Registry v2 API that C(docker pull) talks to), as
        C(https://host[:port]), without a path. Plain C(http://) is accepted for loopback addresses only, and then
        never through a proxy.
      - Defaults to C(https://) and the registry's pull host derived from O(site) and O(region)
        (C(<registry>.<kr|sg|jp>.ncr.ntruss.com) on public, C(<registry>.ncr.gov-ntruss.com) on gov,
        C(<registry>.ncr.fin-ntruss.com) on fin). Falls back to E(ANSIBLE_NCLOUD_NCR_REGISTRY_URL) before that default.
      - Set it for a private endpoint (C(https://<id>.<region>.private-ncr.ntruss.com), reachable from inside its VPC
        only; its id is not derivable from the registry name), or when the registry's public endpoint is switched off.
      - The pinned references returned name this URL's C(host[:port]).
      - The registry asks for credentials with the challenge of C(GET /v2/), Basic or a Bearer token; a token is fetched
        from the challenge's realm (with the scope C(repository:<image>:pull)) and reused for its lifetime. A realm on plain
        C(http://) off loopback is refused. The credentials go only to the hosts the challenge names, the registry
        (Basic), or the realm (the token request), the token then only to the registry. A blob redirected to storage
        is read without them.
      - The connection options apply to the registry as to the API (O(validate_certs), O(ca_cert), O(timeout),
        O(retries), proxies from the environment). A manifest, config blob or token answer is refused past 4 MiB, the
        distribution registry's own manifest limit.
    type: str
  registry_username:
    description:
      - User name for the registry (what C(docker login) takes). Defaults to the NCP access key (O(access_key) or
        its fallbacks), which is what NCR takes.
      - Falls back to E(ANSIBLE_NCLOUD_NCR_REGISTRY_USERNAME). Given together with O(registry_password) or not at all.
      - With both set, no NCP key pair is needed by a task that reads the registry only.
    type: str
  registry_password:
    description:
      - Password for the registry. Defaults to the NCP secret key (O(secret_key) or its fallbacks).
      - Falls back to E(ANSIBLE_NCLOUD_NCR_REGISTRY_PASSWORD). Never logged, never part of a message or a result;
        registered as a secret with ansible-core like O(secret_key).
    type: str
'''

    # The lookups' extra configuration sources; the password never comes from ansible.cfg.
    PLUGINS = r'''
options:
  registry_url:
    env:
      - name: ANSIBLE_NCLOUD_NCR_REGISTRY_URL
    vars:
      - name: ncloud_ncr_registry_url
    ini:
      - section: ncloud_ncr
        key: registry_url
  registry_username:
    env:
      - name: ANSIBLE_NCLOUD_NCR_REGISTRY_USERNAME
    vars:
      - name: ncloud_ncr_registry_username
    ini:
      - section: ncloud_ncr
        key: registry_username
  registry_password:
    # See secret_key in connection.py: honoured by ansible-core 2.22 and later, accepted by the older ones.
    secret: true
    env:
      - name: ANSIBLE_NCLOUD_NCR_REGISTRY_PASSWORD
    vars:
      - name: ncloud_ncr_registry_password
'''

    # ncr_image_tags (module and lookup): the registry's own answer for the tags kept.
    IMAGE_TAGS = r'''
options:
  resolve_manifest:
    description:
      - Also ask the registry itself what each tag kept (after O(limit)) resolves to, as C(docker pull) does; each
        such tag gains C(manifest_digest) and C(manifest_media_type), from one manifest C(HEAD) per tag,
        O(concurrency) at a time, plus one C(GET /v2/) and at most one token request per image, which are sent while
        the API lists the tags.
      - For a multi-platform image, or one with BuildKit's attestations, C(manifest_digest) is the image index's digest,
        where C(digest) (the API's) is one platform image's; C(<registry_host>/<image>@<manifest_digest>) is what
        C(docker pull <image>:<tag>) pulls, on every platform.
      - C(signed) then also counts a cosign signature made on C(manifest_digest) (the tag C(sha256-<hex>.sig) in
        the listing), which is how C(cosign sign image:tag) signs. O(signed_only) still selects by the API's C(digest),
        before the tags are resolved.
      - A tag the registry does not know (deleted since the listing) gets V(null) for both keys, and the task warns.
      - Without it no registry request is made. See O(registry_url) for where the registry is and how it is reached.
    type: bool
    default: false
'''

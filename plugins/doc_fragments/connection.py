# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Connection options shared by the module and the lookup.
    DOCUMENTATION = r'''
options:
  access_key:
    description:
      - NCP API access key ID.
      - When neither O(access_key) nor O(secret_key) is set, the key pair comes from the environment variables
        E(NCLOUD_ACCESS_KEY) (or E(NCLOUD_ACCESS_KEY_ID)) and E(NCLOUD_SECRET_KEY) (or E(NCLOUD_SECRET_ACCESS_KEY)),
        and failing those from the ncloud CLI file C(~/.ncloud/configure), profile O(profile).
      - O(access_key) and O(secret_key) are given together or not at all.
    type: str
  secret_key:
    description:
      - NCP API secret key. Never logged, never part of a message or a result.
    type: str
  profile:
    description:
      - Profile (section) of C(~/.ncloud/configure) to read the key pair from, when no option or environment
        variable gives one. Falls back to E(NCLOUD_PROFILE), then V(DEFAULT).
      - Both the sectioned file written by the ncloud CLI (keys C(ncloud_access_key_id) and
        C(ncloud_secret_access_key)) and the older section-less form are accepted.
    type: str
  site:
    description:
      - NCP site. With O(region), picks the API base URL. Falls back to E(NCLOUD_SITE), then V(public).
      - Ignored when O(endpoint) is set.
    type: str
    choices: [public, gov, fin]
  region:
    description:
      - NCP region code within O(site) (case-insensitive). Falls back to E(NCLOUD_REGION), then V(KR).
      - V(public) has V(KR), V(SGN), V(JPN); V(gov) has V(KR), V(KRS); V(fin) has V(KR).
      - Ignored when O(endpoint) is set.
    type: str
  endpoint:
    description:
      - Full base URL of the NCR v2 API including its prefix, for example
        V(https://ncr.apigw.ntruss.com/ncr/api/v2) or the URL printed by the bundled simulator.
        Overrides O(site) and O(region).
      - Plain C(http://) is accepted for loopback addresses only, so credentials never cross a network in clear text.
    type: str
  validate_certs:
    description:
      - Verify the server's TLS certificate. Setting V(false) is discouraged; prefer O(ca_cert).
    type: bool
    default: true
  ca_cert:
    description:
      - Path of a PEM CA bundle to verify the server's certificate with, instead of the system's.
      - Contradicts O(validate_certs=false).
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP request to connect and to answer (not for the whole task).
    type: float
    default: 30
  page_size:
    description:
      - Tags asked for per page, 1 to 1000. The server may return fewer; listings stay complete either way.
    type: int
    default: 100
  concurrency:
    description:
      - Pages (or exact tags) fetched at once over one keep-alive connection pool, 1 to 32. V(1) fetches sequentially.
    type: int
    default: 4
  retries:
    description:
      - How many times one request is retried after HTTP 429, 502, 503, 504, a dropped connection or a timeout,
        0 to 10. HTTP 400, 401, 403, 404 and 500 are never retried.
      - Waits grow exponentially with jitter (0.5 s, 1 s, 2 s, ... at most 8 s) or follow C(Retry-After)
        (seconds or an HTTP date) capped at 30 s, so one request waits at most O(retries) x 30 s in all.
    type: int
    default: 4
notes:
  - The E(NCLOUD_*) environment variables and C(~/.ncloud/configure) are read on the host that runs the task,
    which is the managed host for the module and the controller for the lookup.
requirements:
  - requests (Python library, on the host that runs the task)
'''

    # The lookup's extra configuration sources; the secret never comes from ansible.cfg.
    PLUGINS = r'''
options:
  access_key:
    env:
      - name: ANSIBLE_NCLOUD_NCR_ACCESS_KEY
    vars:
      - name: ncloud_ncr_access_key
    ini:
      - section: ncloud_ncr
        key: access_key
  secret_key:
    env:
      - name: ANSIBLE_NCLOUD_NCR_SECRET_KEY
    vars:
      - name: ncloud_ncr_secret_key
  profile:
    env:
      - name: ANSIBLE_NCLOUD_NCR_PROFILE
    vars:
      - name: ncloud_ncr_profile
    ini:
      - section: ncloud_ncr
        key: profile
  site:
    env:
      - name: ANSIBLE_NCLOUD_NCR_SITE
    vars:
      - name: ncloud_ncr_site
    ini:
      - section: ncloud_ncr
        key: site
  region:
    env:
      - name: ANSIBLE_NCLOUD_NCR_REGION
    vars:
      - name: ncloud_ncr_region
    ini:
      - section: ncloud_ncr
        key: region
  endpoint:
    env:
      - name: ANSIBLE_NCLOUD_NCR_ENDPOINT
    vars:
      - name: ncloud_ncr_endpoint
    ini:
      - section: ncloud_ncr
        key: endpoint
  validate_certs:
    env:
      - name: ANSIBLE_NCLOUD_NCR_VALIDATE_CERTS
    vars:
      - name: ncloud_ncr_validate_certs
    ini:
      - section: ncloud_ncr
        key: validate_certs
  ca_cert:
    env:
      - name: ANSIBLE_NCLOUD_NCR_CA_CERT
    vars:
      - name: ncloud_ncr_ca_cert
    ini:
      - section: ncloud_ncr
        key: ca_cert
  timeout:
    env:
      - name: ANSIBLE_NCLOUD_NCR_TIMEOUT
    vars:
      - name: ncloud_ncr_timeout
    ini:
      - section: ncloud_ncr
        key: timeout
  page_size:
    env:
      - name: ANSIBLE_NCLOUD_NCR_PAGE_SIZE
    vars:
      - name: ncloud_ncr_page_size
    ini:
      - section: ncloud_ncr
        key: page_size
  concurrency:
    env:
      - name: ANSIBLE_NCLOUD_NCR_CONCURRENCY
    vars:
      - name: ncloud_ncr_concurrency
    ini:
      - section: ncloud_ncr
        key: concurrency
  retries:
    env:
      - name: ANSIBLE_NCLOUD_NCR_RETRIES
    vars:
      - name: ncloud_ncr_retries
    ini:
      - section: ncloud_ncr
        key: retries
'''

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


class ModuleDocFragment:

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
      - Printable ASCII without spaces, as it is sent in an HTTP header; a key that is not fails before any request,
        without showing the value.
    type: str
  secret_key:
    description:
      - NCP API secret key. Never logged, never part of a message or a result.
      - Whichever source it comes from (this option, an environment variable or C(~/.ncloud/configure)), it is
        registered as a secret with ansible-core, which masks it wherever it would still show (ansible-core 2.22
        and later as C($REDACTED$) in the results and output of modules and lookups alike, older releases in the
        module's result).
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
      - Falls back to the environment variable E(ANSIBLE_NCLOUD_NCR_ENDPOINT), in the modules (and so in the role
        C(ncloud.ncr.resolve_image)) as in the lookups, so that one variable points them all at the same API, for example
        the simulator. An endpoint in the environment overrides O(site) and O(region) like the option does.
      - Plain C(http://) is accepted for loopback addresses (C(127.0.0.1), C(::1)) and C(localhost) only, so credentials never
        cross a network in clear text; a name under C(.localhost) is not taken for loopback.
        Such an endpoint is always reached directly, never through a proxy from E(HTTP_PROXY) or E(ALL_PROXY).
      - Redirects are never followed; a 3xx answer fails the task and names its C(Location), with any credentials
        and query in it masked.
      - Must not hold credentials (C(user:password@)), a query, a fragment, spaces or control characters, and its host
        must be a plain DNS name (an internationalized one in its C(xn--) form) or IP address. Such an endpoint fails
        before any request, with its secret parts masked in the message and in the task's invocation.
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
      - Seconds one HTTP request may take in all, more than 0 and at most 3600, counting the connection, the answer's
        headers and its whole body. A server that answers slowly, or sends a byte now and then, is cut off when it is spent.
      - A request cut off is retried like a dropped connection (see O(retries)), so one request takes at most
        O(timeout) x (O(retries) + 1) plus the waits between attempts. A listing reads its pages O(concurrency) at a
        time, and O(max_tags) bounds how many there are.
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
      - The default, 8, comes from a measured sweep (see the collection's C(docs/performance.md)). Against 4 it lists
        10,000 tags about a third faster at 50 ms of latency, while 16 gains little more.
    type: int
    default: 8
  retries:
    description:
      - How many times one request is retried after HTTP 429, 502, 503, 504, a dropped connection or a timeout,
        0 to 10. HTTP 400, 401, 403, 404 and 500 are never retried.
      - Waits grow exponentially with jitter (0.5 s, 1 s, 2 s, ... at most 8 s) or follow C(Retry-After)
        (seconds or an HTTP date) capped at 30 s, so one request waits at most O(retries) x 30 s in all.
    type: int
    default: 4
  max_tags:
    description:
      - Most tags (or images, when a registry's images are listed) one listing may have, 0 to 10000000; V(0) for no
        cap. This is not a filter (C(limit) is). A listing whose first page reports more fails, naming this option,
        before any other page is fetched, and so does one whose pages bring more than this many.
      - It bounds the requests (O(max_tags) / O(page_size) pages, more if the server sends smaller pages) and the
        memory of a task against a server that claims a huge C(count) or never ends its pages. The default lists
        100000 tags, 1000 pages of 100.
      - A lookup term that is a pattern keeps at most this many selected tags over all its images together.
    type: int
    default: 100000
notes:
  - "What bounds a task: each request ends within O(timeout) (connect, headers and body together); one request is
    tried at most O(retries) + 1 times, with waits of at most 8 s (30 s with C(Retry-After)) between attempts; a listing
    holds at most O(max_tags) tags and reads its pages O(concurrency) at a time; an answer's body is refused past 16 MiB
    (decompressed), which is several times the largest page NCR sends, and the pages of one listing together past
    16 MiB and 16 KiB per item they bring; of a tag, only the fields the task returns are kept. After a request fails
    for good, the listing sends nothing more and cuts the requests still in flight."
  - Ansible's task C(timeout) stops waiting for the task; the limits above are what stop the requests themselves.
  - The E(NCLOUD_*) and E(ANSIBLE_NCLOUD_NCR_ENDPOINT) environment variables and C(~/.ncloud/configure) are read on the
    host that runs the task, which is the managed host for the module (the controller when the task runs on
    C(localhost) or is delegated there, as the role's is by default) and the controller for the lookup.
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
    # ansible-core 2.22 and later register the value as a secret (masked wherever it would show); the sanity tests
    # of 2.19 to 2.21 accept the keyword, and those cores ignore it.
    secret: true
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
  max_tags:
    env:
      - name: ANSIBLE_NCLOUD_NCR_MAX_TAGS
    vars:
      - name: ncloud_ncr_max_tags
    ini:
      - section: ncloud_ncr
        key: max_tags
'''

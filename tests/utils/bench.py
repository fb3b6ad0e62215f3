# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`make bench` measurements against a running simulator (started by the nox sessions bench-<core> in noxfile.py).

Reads NCR_BENCH_ENDPOINT, NCR_BENCH_COLLECTIONS, NCR_BENCH_WORK, NCR_BENCH_VENV, and the simulator's key pair from
NCR_SIM_ACCESS_KEY / NCR_SIM_SECRET_KEY; prints a markdown table and writes results.json into NCR_BENCH_WORK.
Requests are signed with the collection's own signer; the playbooks (tests/utils/playbooks/bench_*.yml) get the
key pair through NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY, never on a command line.
"""

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import requests
import urllib3

ENDPOINT = os.environ['NCR_BENCH_ENDPOINT'].rstrip('/')
ACCESS = os.environ['NCR_SIM_ACCESS_KEY']
SECRET = os.environ['NCR_SIM_SECRET_KEY']
COLLECTIONS = os.environ['NCR_BENCH_COLLECTIONS']
WORK = os.environ['NCR_BENCH_WORK']
VENV = os.environ['NCR_BENCH_VENV']
REGISTRY = 'demo-registry'
IMAGE_10K = 'bench10k'
IMAGE_50K = 'bench50k'
SMALL_IMAGE = 'web'
LATENCY = 0.020
PAGE_SIZE = 100
CONCURRENCY = 8
REPS = 3
# In-process runs are cheap: more of them steady the medians on a noisy machine.
CORE_REPS = 7
SMALL_REPS = 5
# Rows 8 and 9 switch the running simulator to this latency, then back to LATENCY.
LATENCY_HIGH = 0.050
SWEEP_CONCURRENCY = (1, 2, 4, 8, 16)
# One repetition of the sweep costs about 6 s at 20 ms and 12 s at 50 ms on an idle machine (14 s and 20 s on a
# loaded one), most of it concurrency 1 (100 pages one after the other): 5 keep the sweep near 1.5 min (3 min
# loaded) of the whole bench, while a median of 5 still shrugs off the one or two runs a noisy machine slows down.
SWEEP_REPS = 5
EXACT_TAGS = ['build-000001', 'build-005000', 'build-010000']
# Made by the bench session: --generate bench-fleet/app-01=200 ... bench-fleet/app-50=200.
PATTERN_REGISTRY = 'bench-fleet'
PATTERN_IMAGES = 50
PATTERN_TAGS = 200

SCHEME, REST = ENDPOINT.split('://', 1)
HOSTPORT, BASE_PATH = REST.split('/', 1)
BASE_PATH = '/' + BASE_PATH
CONTROL = '%s://%s/_sim' % (SCHEME, HOSTPORT)
PLAYBOOKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'playbooks')

sys.path.insert(0, COLLECTIONS)

from ansible_collections.ncloud.ncr.plugins.module_utils import _api  # noqa: E402 pylint: disable=wrong-import-position
from ansible_collections.ncloud.ncr.plugins.module_utils import _argspec, _digests, _transport  # noqa: E402 pylint: disable=wrong-import-position
from ansible_collections.ncloud.ncr.plugins.module_utils import _selection  # noqa: E402 pylint: disable=wrong-import-position
from ansible_collections.ncloud.ncr.plugins.module_utils import _signing  # noqa: E402 pylint: disable=wrong-import-position


def defaults():
    """Every option at its argument-spec default, as the module would receive them."""
    spec = dict(_argspec.CONNECTION_ARGSPEC)
    spec.update(_argspec.SELECTION_ARGSPEC)
    return dict((name, list(value['default']) if isinstance(value.get('default'), list) else value.get('default'))
                for name, value in spec.items())


def headers_for(target):
    headers = _signing.auth_headers('GET', target, ACCESS, SECRET)
    headers['Content-Type'] = 'application/json'
    return headers


def clear_log():
    requests.delete(CONTROL + '/log', timeout=10).raise_for_status()


def read_log():
    answer = requests.get(CONTROL + '/log', timeout=30)
    answer.raise_for_status()
    return answer.json()


def log_summary(entries, route=None):
    chosen = [e for e in entries if route is None or e.get('route') == route]
    if not chosen:
        return dict(requests=0, span=None)
    span = max(e['end'] for e in chosen) - min(e['start'] for e in chosen)
    return dict(requests=len(chosen), span=span)


def median(values):
    return float(statistics.median(values)) if values else float('nan')


def physical_limit(pages, concurrency, latency):
    """The first page, then the other pages CONCURRENCY at a time, each costing the simulator's latency only."""
    return (1 + int(math.ceil((pages - 1) / concurrency))) * latency


def set_latency(latency):
    answer = requests.post(CONTROL + '/config', json=dict(latency_ms=latency * 1000), timeout=10)
    answer.raise_for_status()
    assert answer.json()['latency_ms'] == latency * 1000, answer.json()


def core_options(image_tags=None, concurrency=CONCURRENCY):
    options = defaults()
    options.update(endpoint=ENDPOINT, access_key=ACCESS, secret_key=SECRET, page_size=PAGE_SIZE, concurrency=concurrency)
    if image_tags:
        options['tag'] = image_tags
    return options


def run_core(image, image_tags=None, concurrency=CONCURRENCY):
    settings, selection = _api.prepare(core_options(image_tags, concurrency), environ={})
    client = _transport.Client(settings)
    start, cpu = time.perf_counter(), time.process_time()
    result = _api.image_tags(client, selection, REGISTRY, image)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    client.close()
    run_core.cpu = cpu
    return elapsed, result


def core_sample(times, cpu, requests_made, spans):
    """One core listing of the 10,000 tags: its wall time, client CPU, requests and request span, each appended."""
    clear_log()
    elapsed, result = run_core(IMAGE_10K)
    assert result['count'] == 10000, result['count']
    summary = log_summary(read_log())
    times.append(elapsed)
    cpu.append(run_core.cpu)
    requests_made.append(summary['requests'])
    spans.append(summary['span'])


def tags_target(image, page):
    return '%s/repositories/%s/%s/tags?page=%d&pagesize=%d' % (BASE_PATH, REGISTRY, image, page, PAGE_SIZE)


def run_sequential(image):
    session = requests.Session()
    page = 1
    names = []
    start = time.perf_counter()
    while page:
        target = tags_target(image, page)
        answer = session.get('%s://%s%s' % (SCHEME, HOSTPORT, target), headers=headers_for(target), timeout=30)
        answer.raise_for_status()
        body = answer.json()
        names.extend(t['name'] for t in body['results'])
        page = body.get('next')
    return time.perf_counter() - start, names


def run_floor(image, pages, transport='requests'):
    """The transport floor: the same page requests, CONCURRENCY threads on one connection pool, HTTP + json only.

    No normalization, selection or validation: what a client pays to receive and parse the pages, with
    ``requests`` (as the core) or with ``urllib3`` alone (the library under requests), to show requests' own share.
    """
    if transport == 'requests':
        session = requests.Session()
        session.mount('http://', requests.adapters.HTTPAdapter(pool_maxsize=CONCURRENCY))

        def get(target):
            answer = session.get('%s://%s%s' % (SCHEME, HOSTPORT, target), headers=headers_for(target), timeout=30)
            answer.raise_for_status()
            return answer.content
        close = session.close
    else:
        host, port = HOSTPORT.rsplit(':', 1)
        pool = urllib3.HTTPConnectionPool(host, int(port), maxsize=CONCURRENCY, block=True, timeout=30.0)

        def get(target):
            answer = pool.request('GET', target, headers=headers_for(target))
            if answer.status != 200:
                raise RuntimeError('HTTP %d' % answer.status)
            return answer.data
        close = pool.close

    def fetch(page):
        return json.loads(get(tags_target(image, page)))['results']

    start, cpu = time.perf_counter(), time.process_time()
    names = [t['name'] for t in fetch(1)]
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as executor:
        for results in executor.map(fetch, range(2, pages + 1)):
            names.extend(t['name'] for t in results)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    close()
    return elapsed, cpu, names


def playbook_env():
    env = dict(os.environ)
    env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
               ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='false', ANSIBLE_PYTHON_INTERPRETER=os.path.join(VENV, 'bin', 'python'))
    env['PATH'] = os.path.join(VENV, 'bin') + os.pathsep + env.get('PATH', '')
    # The module's and the lookup's own fallback: the key pair never goes on ansible-playbook's command line.
    env.update(NCLOUD_ACCESS_KEY=ACCESS, NCLOUD_SECRET_KEY=SECRET)
    return env


def write(name, text):
    path = os.path.join(WORK, name)
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write(text)
    return path


def play_vars(name, **variables):
    """A vars file in WORK for one of the bench playbooks (no secrets: those travel in the environment)."""
    return write(name, json.dumps(variables))


def run_playbook(name, vars_file=None, inventory=None, forks=None):
    path = os.path.join(PLAYBOOKS, name)
    command = [os.path.join(VENV, 'bin', 'ansible-playbook'), path, '-e', 'ncr_endpoint=%s' % ENDPOINT]
    if vars_file:
        command += ['-e', '@' + vars_file]
    if inventory:
        command += ['-i', inventory]
    if forks:
        command += ['--forks', str(forks)]
    start = time.perf_counter()
    proc = subprocess.run(command, env=playbook_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout)
        raise SystemExit('ansible-playbook %s failed (exit %d)' % (path, proc.returncode))
    return elapsed


# Run as `python -c MEMORY_SCRIPT COLLECTIONS REGISTRY IMAGE`, the options (with the secret key) on its stdin.
MEMORY_SCRIPT = """
import json, re, sys
collections, registry, image = sys.argv[1:]
options = json.load(sys.stdin)
sys.path.insert(0, collections)
from ansible_collections.ncloud.ncr.plugins.module_utils import _api, _transport
def peak_kib():
    # VmHWM, the peak RSS of this process image. Not ru_maxrss: Linux keeps that across fork and exec, so a child
    # started by a big parent (bench.py holds the 10,000-tag runs) begins at the parent's peak and hides its growth.
    with open('/proc/self/status') as status:
        return int(re.search(r'VmHWM:\\s*(\\d+) kB', status.read()).group(1))
before = peak_kib()
settings, selection = _api.prepare(options, environ={})
result = _api.image_tags(_transport.Client(settings), selection, registry, image)
after = peak_kib()
print(json.dumps(dict(before_kib=before, after_kib=after, count=result['count'], json_bytes=len(json.dumps(result['tags'])))))
"""


def module_vars(name, image, count, image_tags=None, **more):
    """The vars file of bench_module.yml: one listing of IMAGE that must find COUNT tags.

    MORE: bench_fields, bench_limit (passed to the module), bench_total (checked like COUNT).
    """
    variables = dict(bench_registry=REGISTRY, bench_image=image, bench_page_size=PAGE_SIZE, bench_concurrency=CONCURRENCY,
                     bench_count=count, **more)
    if image_tags:
        variables['bench_tags'] = image_tags
    return play_vars(name, **variables)


def verdict(ok):
    return 'PASS' if ok else 'FAIL'


def bench_listing(results, rows):
    pages = int(math.ceil(10000 / PAGE_SIZE))
    limit = physical_limit(pages, CONCURRENCY, LATENCY)
    # Warm-up, not counted: the first listing pays imports, connection set-up and the simulator's first build of
    # each tag's answer.
    run_core(IMAGE_10K)
    run_sequential(IMAGE_10K)
    core_times, core_cpu, core_requests, core_spans = [], [], [], []
    seq_times, seq_requests = [], []
    floor_times, floor_cpu, u3_times, u3_cpu = [], [], [], []
    for dummy in range(CORE_REPS):
        # Interleaved, so drift in machine load hits all four alike.
        core_sample(core_times, core_cpu, core_requests, core_spans)
        clear_log()
        elapsed, names = run_sequential(IMAGE_10K)
        assert len(names) == 10000, len(names)
        seq_times.append(elapsed)
        seq_requests.append(log_summary(read_log())['requests'])
        elapsed, cpu, names = run_floor(IMAGE_10K, pages)
        assert len(set(names)) == 10000, len(set(names))
        floor_times.append(elapsed)
        floor_cpu.append(cpu)
        elapsed, cpu, names = run_floor(IMAGE_10K, pages, transport='urllib3')
        assert len(set(names)) == 10000, len(set(names))
        u3_times.append(elapsed)
        u3_cpu.append(cpu)
    # The same task three ways: the whole result, the result cut to tag names (fields), and one tag (limit), whose
    # small result shows what the playbook costs without moving 10,000 tags from the module to the controller.
    variants = [
        ('full', module_vars('module_10k.json', IMAGE_10K, 10000, bench_total=10000)),
        ('fields', module_vars('module_10k_fields.json', IMAGE_10K, 10000, bench_total=10000, bench_fields=['name'])),
        ('limit', module_vars('module_10k_limit.json', IMAGE_10K, 1, bench_total=10000, bench_limit=1)),
    ]
    play_wall, play_task, play_requests = [dict((v, []) for v, dummy in variants) for dummy in range(3)]
    for rep in range(REPS):
        # Interleaved, so drift in machine load hits the three alike; the order turns each repetition so that none
        # of them always runs right after the big one (the full result) has churned the memory and page cache.
        for variant, play in variants[rep % 3:] + variants[:rep % 3]:
            clear_log()
            play_wall[variant].append(run_playbook('bench_module.yml', play))
            summary = log_summary(read_log())
            play_task[variant].append(summary['span'])
            play_requests[variant].append(summary['requests'])
    mod_wall, mod_task, mod_requests = play_wall['full'], play_task['full'], play_requests['full']
    fields_wall, limit_wall = median(play_wall['fields']), median(play_wall['limit'])
    core = median(core_times)
    floor = median(floor_times)
    seq = median(seq_times)
    results['listing_10k'] = dict(pages=pages, physical_limit_s=limit, core_s=core_times, core_request_span_s=core_spans,
                                  core_requests=core_requests, core_cpu_s=core_cpu, floor_s=floor_times, floor_cpu_s=floor_cpu,
                                  urllib3_floor_s=u3_times, urllib3_floor_cpu_s=u3_cpu,
                                  sequential_s=seq_times, sequential_requests=seq_requests, module_wall_s=mod_wall,
                                  module_request_span_s=mod_task, module_requests=mod_requests,
                                  module_fields_wall_s=play_wall['fields'], module_fields_request_span_s=play_task['fields'],
                                  module_fields_requests=play_requests['fields'], module_limit_wall_s=play_wall['limit'],
                                  module_limit_request_span_s=play_task['limit'], module_limit_requests=play_requests['limit'])
    rows.append(('1. 10,000 tags: physical limit (1 + ceil(99/8)) x 20 ms', '%.3f s' % limit, '-', ''))
    rows.append(('1a. core (image_tags, concurrency 8)', '%.3f s' % core, '%s' % core_requests,
                 'median of %d; client CPU %.3f s' % (CORE_REPS, median(core_cpu))))
    rows.append(('1a. core: first request start to last request end', '%.3f s' % median(core_spans), '', 'network part of 1a'))
    rows.append(('1b. module via ansible-playbook: whole process', '%.3f s' % median(mod_wall), '%s' % mod_requests,
                 'full result; %.2fx the limit: 1 playbook (1g)' % (median(mod_wall) / limit_wall)))
    rows.append(('1b. module: first request start to last request end', '%.3f s' % median(mod_task), '', ''))
    rows.append(('1f. the same task with fields: [name]: whole process', '%.3f s' % fields_wall, '%s' % play_requests['fields'],
                 'requests span %.3f s; %.2fx the limit: 1 playbook (1g)' % (median(play_task['fields']), fields_wall / limit_wall)))
    rows.append(('1g. the same task with limit: 1: whole process', '%.3f s' % limit_wall, '%s' % play_requests['limit'],
                 'requests span %.3f s; 1b, 1f and 1g interleaved' % median(play_task['limit'])))
    rows.append(('1c. plain sequential client (one Session, follows next)', '%.3f s' % seq, '%s' % seq_requests,
                 'median of %d' % CORE_REPS))
    rows.append(('1d. transport floor: 8 threads, one Session, requests + json only', '%.3f s' % floor, '-',
                 'median of %d; client CPU %.3f s; %.2fx the limit' % (CORE_REPS, median(floor_cpu), floor / limit)))
    rows.append(('1e. the same floor with urllib3 alone (no requests layer)', '%.3f s' % median(u3_times), '-',
                 'median of %d; client CPU %.3f s; %.2fx the limit' % (CORE_REPS, median(u3_cpu), median(u3_times) / limit)))
    checks = [
        ('core within 1.5x of the physical limit', core <= 1.5 * limit, '%.2fx' % (core / limit)),
        ('core at least 5x faster than sequential', seq >= 5 * core, '%.1fx' % (seq / core)),
        ('core at 20 ms at most 1.2x the requests transport floor (1d)', core <= 1.2 * floor,
         '%.2fx (core %.3f s, floor %.3f s)' % (core / floor, core, floor)),
        ('module with fields: [name] at most 1.3x the limit: 1 playbook', fields_wall <= 1.3 * limit_wall,
         '%.2fx (%.3f s against %.3f s)' % (fields_wall / limit_wall, fields_wall, limit_wall)),
        ('module full result at most 2x the limit: 1 playbook', median(mod_wall) <= 2 * limit_wall,
         '%.2fx (%.3f s against %.3f s)' % (median(mod_wall) / limit_wall, median(mod_wall), limit_wall)),
        # limit: 1 lists every page too: the newest tag and the total need the complete listing.
        ('requests == pages (core and module)', all(n == pages for n in core_requests + sum(play_requests.values(), [])),
         'core %s, module %s, pages %d' % (core_requests, ', '.join('%s %s' % (v, play_requests[v]) for v, dummy in variants), pages)),
    ]
    return checks


def bench_exact(results, rows):
    core_times, core_requests = [], []
    for dummy in range(REPS):
        clear_log()
        elapsed, result = run_core(IMAGE_10K, EXACT_TAGS)
        assert result['count'] == 3, result['count']
        core_times.append(elapsed)
        core_requests.append(log_summary(read_log())['requests'])
    play = module_vars('module_exact.json', IMAGE_10K, 3, EXACT_TAGS)
    mod_wall, mod_requests = [], []
    for dummy in range(REPS):
        clear_log()
        mod_wall.append(run_playbook('bench_module.yml', play))
        mod_requests.append(log_summary(read_log())['requests'])
    results['exact_3_tags'] = dict(core_s=core_times, core_requests=core_requests, module_wall_s=mod_wall, module_requests=mod_requests)
    full = median(results['listing_10k']['core_s'])
    rows.append(('2. exact tags (3 of 10,000): core', '%.3f s' % median(core_times), '%s' % core_requests,
                 '%.1fx faster than listing all' % (full / median(core_times))))
    rows.append(('2. exact tags: module via ansible-playbook', '%.3f s' % median(mod_wall), '%s' % mod_requests,
                 'full listing: %.3f s' % median(results['listing_10k']['module_wall_s'])))
    return [('exact tags: exactly 3 requests (core and module)', all(n == 3 for n in core_requests + mod_requests),
             'core %s, module %s' % (core_requests, mod_requests))]


# Version-aware selection on 10,000 tags: each combination against the default selection, in one process.
SELECTION_COMBOS = [
    ('sort semver, version_range ^1.0.0 || >=3.0.0-0, no prereleases, limit 1',
     dict(sort='semver', version_range='^1.0.0 || >=3.0.0-0', include_prerelease=False, limit=1)),
    ('sort version, compatible_with 1.25.3-alpine, version_range >1.25.3, limit 1',
     dict(sort='version', compatible_with='1.25.3-alpine', version_range='>1.25.3', limit=1)),
    ('sort version, every version kept (10,000-tag sort and aliases)', dict(sort='version')),
    ('signed_only, digest, skip 10 (sort updated)', dict(signed_only=True, digest='sha256:' + '0' * 64, skip=10)),
    ('all at once: include, exclude, range, flavour, signed_only, skip, limit, prereleases out',
     dict(include=['v?[0-9].*'], exclude=['.*-rc.*'], sort='version', version_range='>=1 <40 || ~3.7',
          compatible_with='1.25.3-alpine', signed_only=True, skip=1, limit=5, include_prerelease=False)),
]


def version_like(tags):
    """The 10,000 listed tags renamed to the forms real images carry: loose versions, flavours, signatures, hashes.

    Tags 2k and 2k+1 share a digest (aliases), and one tag in eight is a cosign signature.
    """
    forms = ['v%d.%d.%d', '%d.%d.%d-alpine', '%d.%d', '%d.%d.%db1', '%d.%d.%d-rc.1', 'sha256-%064x.sig', 'main-%d', '%07x']
    renamed = []
    for i, tag in enumerate(tags):
        form, parts = forms[i % len(forms)], (i % 40, i // 40 % 50, i // 2000)
        if form.startswith('sha256'):
            name = form % ((i - 4) // 2)  # signs tags i-5 and i-4 (a v-version and its -alpine twin)
        elif form.count('%') == 1:
            name = form % (i + 0x1000000 if form == '%07x' else i)
        else:
            name = form % parts[:form.count('%')]
        renamed.append(dict(tag, name=name, digest='sha256:%064x' % (i // 2)))
    return renamed


def bench_selection(results, rows):
    settings, selection = _api.prepare(core_options(), environ={})
    client = _transport.Client(settings)
    tags = version_like(_api.fetch_tags(client, selection, REGISTRY, IMAGE_10K)[0])
    client.close()
    assert len(tags) == 10000, len(tags)

    def timed(options):
        start = time.perf_counter()
        selected = _selection.Selection(dict(core_options(), **options)).apply(tags)
        return time.perf_counter() - start, len(selected)

    timed({})  # warm-up
    base_times, combo_times = [], dict((label, []) for label, dummy in SELECTION_COMBOS)
    counts = {}
    for dummy in range(CORE_REPS):
        # Interleaved with the default selection, so drift in machine load hits both alike.
        base_times.append(timed({})[0])
        for label, options in SELECTION_COMBOS:
            elapsed, counts[label] = timed(options)
            combo_times[label].append(elapsed)
    base = median(base_times)
    added = dict((label, median(times) - base) for label, times in combo_times.items())
    results['selection_10k'] = dict(default_s=base_times, combos_s=combo_times, kept=counts)
    rows.append(('6. selection on 10,000 listed tags: default options', '%.3f s' % base, '0',
                 'median of %d; tags renamed to loose versions, flavours, signatures' % CORE_REPS))
    for label, dummy in SELECTION_COMBOS:
        rows.append(('6. + %s' % label, '%+.3f s' % added[label], '0', '%d kept' % counts[label]))
    worst = max(added.values())
    return [('version options add at most 50 ms to the core listing of 10,000 tags', worst <= 0.050,
             'worst %+.1f ms' % (worst * 1000))]


def run_pattern():
    """One registry-wide pattern, as the lookup runs it: the registry's images listed once, then each image's tags."""
    settings, selection = _api.prepare(core_options(), environ={})
    client = _transport.Client(settings)
    start = time.perf_counter()
    names = _api.pattern_images(client, PATTERN_REGISTRY, '*')
    answers = _api.images_tags(client, selection, PATTERN_REGISTRY, names)
    elapsed = time.perf_counter() - start
    client.close()
    return elapsed, answers


def bench_patterns(results, rows):
    run_pattern()  # warm-up, not counted
    pattern_times, single_times, pattern_logs = [], [], []
    for dummy in range(CORE_REPS):
        # Interleaved with the single image, so drift in machine load hits both alike.
        clear_log()
        elapsed, answers = run_pattern()
        assert len(answers) == PATTERN_IMAGES, len(answers)
        assert all(result['count'] == PATTERN_TAGS for dummy, result in answers), 'a pattern image was not listed completely'
        pattern_times.append(elapsed)
        pattern_logs.append(read_log())
        elapsed, result = run_core(IMAGE_10K)
        assert result['count'] == 10000, result['count']
        single_times.append(elapsed)
    image_listings = [len([e for e in log if e.get('route') == 'images']) for log in pattern_logs]
    per_image = [len([e for e in log if e.get('route') == 'tags' and e.get('page') == 1]) for log in pattern_logs]
    distinct = [len(set(e['path'].split('/tags?')[0] for e in log if e.get('route') == 'tags')) for log in pattern_logs]
    requests_made = [len(log) for log in pattern_logs]
    pattern, single = median(pattern_times), median(single_times)
    ratio = pattern / single
    results['pattern_50x200'] = dict(pattern_s=pattern_times, single_10k_s=single_times, ratio=ratio, requests=requests_made,
                                     image_listings=image_listings, first_pages=per_image)
    rows.append(('7. pattern %s/* over %d images of %d tags (lookup core, concurrency %d)'
                 % (PATTERN_REGISTRY, PATTERN_IMAGES, PATTERN_TAGS, CONCURRENCY), '%.3f s' % pattern,
                 '%s' % sorted(set(requests_made)), 'median of %d; one image listing + pages of each image' % CORE_REPS))
    rows.append(('7. one image of 10,000 tags in the same run', '%.3f s' % single, '-', 'median of %d' % CORE_REPS))
    return [
        ('pattern over 50 images at most 1.3x one image of 10,000 tags', ratio <= 1.3, '%.2fx' % ratio),
        ('pattern: one registry listing, exactly one listing per image',
         all(n == 1 for n in image_listings) and all(n == PATTERN_IMAGES for n in per_image + distinct),
         'registry listings %s, first pages %s' % (sorted(set(image_listings)), sorted(set(per_image)))),
    ]


def bench_lookup(results, rows):
    inventory = write('hosts50.ini', '[bench]\n' + ''.join('host%02d ansible_connection=local ansible_python_interpreter=%s\n'
                                                           % (i, os.path.join(VENV, 'bin', 'python')) for i in range(50)))
    clear_log()
    wall = run_playbook('bench_lookup.yml', inventory=inventory, forks=10)
    entries = read_log()
    listings = [e for e in entries if e.get('route') == 'tags']
    first_pages = [e for e in listings if e.get('page') in (None, 1)]
    results['lookup_50_hosts'] = dict(wall_s=wall, requests=len(entries), tag_list_requests=len(listings), listings=len(first_pages))
    rows.append(('3. lookup on 50 hosts, forks 10 (demo-registry/web)', '%.3f s' % wall, '%d' % len(entries),
                 '%d listing(s), %d tag-list request(s)' % (len(first_pages), len(listings))))
    return [('lookup: 1 listing per image for 50 hosts', len(first_pages) == 1, '%d listing(s)' % len(first_pages))]


def bench_small(results, rows):
    target = '%s/repositories/%s/%s/tags?page=1&pagesize=%d' % (BASE_PATH, REGISTRY, SMALL_IMAGE, PAGE_SIZE)
    body = requests.get('%s://%s%s' % (SCHEME, HOSTPORT, target), headers=headers_for(target), timeout=30).json()
    count = body['count']
    assert body.get('next') is None, 'the small image has more than one page'
    # The module leaves out digest tags (cosign signatures) by default: it must find what the core finds.
    module_path = module_vars('module_small.json', SMALL_IMAGE, run_core(SMALL_IMAGE)[1]['count'])
    uri_path = play_vars('uri_small.json', bench_url='%s://%s%s' % (SCHEME, HOSTPORT, target), bench_headers=headers_for(target),
                         bench_count=count)
    mod_wall, uri_wall = [], []
    for dummy in range(SMALL_REPS):
        # Interleaved, so drift in machine load hits both alike.
        mod_wall.append(run_playbook('bench_module.yml', module_path))
        uri_wall.append(run_playbook('bench_uri.yml', uri_path))
    ratio = median(mod_wall) / median(uri_wall)
    results['one_page'] = dict(tags=count, module_wall_s=mod_wall, uri_wall_s=uri_wall, ratio=ratio)
    rows.append(('4. one page (%d tags): module via ansible-playbook' % count, '%.3f s' % median(mod_wall), '1', 'median of %d' % SMALL_REPS))
    rows.append(('4. one page: ansible.builtin.uri with pre-signed headers', '%.3f s' % median(uri_wall), '1', 'median of %d' % SMALL_REPS))
    return [('one page: module at most 1.2x of uri', ratio <= 1.2, '%.2fx' % ratio)]


def bench_memory(results, rows):
    options = core_options()
    clear_log()
    start = time.perf_counter()
    out = subprocess.run([sys.executable, '-c', MEMORY_SCRIPT, COLLECTIONS, REGISTRY, IMAGE_50K], input=json.dumps(options),
                         stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout
    elapsed = time.perf_counter() - start
    data = json.loads(out.strip().splitlines()[-1])
    data['requests'] = log_summary(read_log())['requests']
    data['wall_s'] = elapsed
    growth = (data['after_kib'] - data['before_kib']) / 1024.0
    data['growth_mib'] = growth
    data['json_mib'] = data['json_bytes'] / 1048576.0
    results['memory_50k'] = data
    rows.append(('5. core listing 50,000 tags: peak RSS growth', '%.1f MiB' % growth, '%d' % data['requests'],
                 'peak %.1f MiB; tags as JSON %.1f MiB (%.1fx); subprocess %.2f s'
                 % (data['after_kib'] / 1024.0, data['json_mib'], growth / data['json_mib'], elapsed)))
    ratio = growth / data['json_mib']
    data['growth_to_json'] = ratio
    return [('50,000 tags: peak RSS growth at most 1.5x their JSON size', ratio <= 1.5,
             '%.2fx (%.1f MiB for %.1f MiB of JSON)' % (ratio, growth, data['json_mib']))]


def bench_high_latency(results, rows):
    """Row 8: the core listing at LATENCY_HIGH against its physical limit (a constant: nothing to interleave with)."""
    pages = int(math.ceil(10000 / PAGE_SIZE))
    limit = physical_limit(pages, CONCURRENCY, LATENCY_HIGH)
    run_core(IMAGE_10K)  # warm-up, not counted
    core_times, core_cpu, core_requests, core_spans = [], [], [], []
    for dummy in range(CORE_REPS):
        core_sample(core_times, core_cpu, core_requests, core_spans)
    core = median(core_times)
    results['listing_10k_50ms'] = dict(latency_ms=LATENCY_HIGH * 1000, pages=pages, physical_limit_s=limit, core_s=core_times,
                                       core_request_span_s=core_spans, core_requests=core_requests, core_cpu_s=core_cpu)
    rows.append(('8. 10,000 tags at %d ms: physical limit (1 + ceil(99/8)) x %d ms' % (LATENCY_HIGH * 1000, LATENCY_HIGH * 1000),
                 '%.3f s' % limit, '-', ''))
    rows.append(('8. core at %d ms (image_tags, concurrency 8)' % (LATENCY_HIGH * 1000), '%.3f s' % core, '%s' % core_requests,
                 'median of %d; client CPU %.3f s; requests span %.3f s; %.2fx the limit'
                 % (CORE_REPS, median(core_cpu), median(core_spans), core / limit)))
    return [
        ('core at %d ms at most 1.2x the physical limit' % (LATENCY_HIGH * 1000), core <= 1.2 * limit,
         '%.2fx (core %.3f s, limit %.3f s)' % (core / limit, core, limit)),
        ('requests == pages at %d ms (core)' % (LATENCY_HIGH * 1000), all(n == pages for n in core_requests),
         'core %s, pages %d' % (core_requests, pages)),
    ]


def bench_sweep(results, rows, latency):
    """Row 9 at one latency: the core listing with each of SWEEP_CONCURRENCY; no target: it informs the default."""
    pages = int(math.ceil(10000 / PAGE_SIZE))
    run_core(IMAGE_10K)  # warm-up, not counted
    times, requests_made = [dict((c, []) for c in SWEEP_CONCURRENCY) for dummy in range(2)]
    for dummy in range(SWEEP_REPS):
        # Interleaved, so drift in machine load hits every concurrency alike.
        for concurrency in SWEEP_CONCURRENCY:
            clear_log()
            elapsed, result = run_core(IMAGE_10K, concurrency=concurrency)
            assert result['count'] == 10000, result['count']
            times[concurrency].append(elapsed)
            requests_made[concurrency].append(log_summary(read_log())['requests'])
    sweep = results.setdefault('concurrency_sweep', [])
    for concurrency in SWEEP_CONCURRENCY:
        limit = physical_limit(pages, concurrency, latency)
        core = median(times[concurrency])
        sweep.append(dict(latency_ms=latency * 1000, concurrency=concurrency, physical_limit_s=limit, core_s=times[concurrency],
                          requests=requests_made[concurrency], ratio=core / limit))
        rows.append(('9. 10,000 tags at %d ms, concurrency %d' % (latency * 1000, concurrency), '%.3f s' % core,
                     '%s' % sorted(set(requests_made[concurrency])),
                     'median of %d; limit (1 + ceil(99/%d)) x %d ms = %.3f s; %.2fx the limit'
                     % (SWEEP_REPS, concurrency, latency * 1000, limit, core / limit)))


def bench_latency(results, rows):
    """Row 9 at LATENCY, then rows 8 and 9 at LATENCY_HIGH: one switch of the simulator's latency, and back."""
    sweep_rows = []
    bench_sweep(results, sweep_rows, LATENCY)
    set_latency(LATENCY_HIGH)
    try:
        checks = bench_high_latency(results, rows)
        bench_sweep(results, sweep_rows, LATENCY_HIGH)
    finally:
        set_latency(LATENCY)
    # Row 8 first, then the whole sweep, one latency after the other, whatever order they ran in.
    rows.extend(sweep_rows)
    return checks


def result_steps():
    """What ansible-core 2.19 does with a module's result, step by step: (label, the input it gets from the result's
    JSON text, the step itself)."""
    # pylint: disable=import-outside-toplevel  # controller internals, only for this row
    import pickle
    from ansible.module_utils.common.json import Direction, get_module_decoder, get_module_encoder
    from ansible.module_utils.common.parameters import remove_values
    from ansible.utils.vars import transform_to_native_types
    from ansible.vars.clean import module_response_deepcopy, strip_internal_keys
    encoder = get_module_encoder('legacy', Direction.MODULE_TO_CONTROLLER)
    decoder = get_module_decoder('legacy', Direction.MODULE_TO_CONTROLLER)

    def parsed(text):
        return json.loads(text, cls=decoder)

    def same(text):
        return text

    def copied(value):
        return strip_internal_keys(module_response_deepcopy(value))
    return [
        ('module: no_log scrub (remove_values)', json.loads, lambda value: remove_values(value, {SECRET})),
        ('module: JSON encoding', json.loads, lambda value: json.dumps(value, cls=encoder)),
        ('controller: JSON decoding', same, parsed),
        ('controller: worker to main process (pickle)', parsed, lambda value: pickle.loads(pickle.dumps(value))),
        ('controller: register (strip_internal_keys, deepcopy)', parsed, copied),
        ('controller: the same again for the callbacks', parsed, copied),
        ('controller: callback result (transform_to_native_types)', parsed, transform_to_native_types),
    ]


def bench_result_cost(results, rows):
    """Row 10: the CPU each step of Ansible's handling of the 10,000-tag result takes, complete and with fields: [name]
    (each on the result as the module returns it, minimum of 3)."""
    try:
        steps = result_steps()
    except ImportError as exc:
        rows.append(('10. Ansible steps on the 10,000-tag result', 'n/a', '-', 'this ansible-core lacks %s' % exc))
        return []
    figures = {}
    for variant, extra in (('full', {}), ('fields [name]', dict(fields=['name']))):
        settings, selection = _api.prepare(dict(core_options(), **extra), environ={})
        client = _transport.Client(settings)
        result = _api.image_tags(client, selection, REGISTRY, IMAGE_10K)
        client.close()
        result.pop('warnings')
        text = json.dumps(dict(result, changed=False, invocation=dict(module_args=dict(extra, registry=REGISTRY, image=IMAGE_10K))))
        figures[variant] = dict(json_bytes=len(text), steps=dict(
            (label, min(cpu_of(step, given(text)) for dummy in range(3))) for label, given, step in steps))
    results['result_cost_10k'] = figures
    for label, dummy, dummy in steps:
        rows.append(('10. %s' % label, '%.3f s' % figures['full']['steps'][label], '-',
                     'CPU; with fields: [name] %.3f s' % figures['fields [name]']['steps'][label]))
    rows.append(('10. all of these', '%.3f s' % sum(figures['full']['steps'].values()), '-',
                 'result %.1f MB as JSON; with fields: [name] %.3f s (%.2f MB)'
                 % (figures['full']['json_bytes'] / 1e6, sum(figures['fields [name]']['steps'].values()),
                    figures['fields [name]']['json_bytes'] / 1e6)))
    return []


# Row 11: resolve_manifest on the tags kept after limit, against the simulator's data plane (same latency as the API).
RESOLVE_IMAGE = 'bench-resolve'
RESOLVE_KEPT = 10
RESOLVE_CAP_MIB = 4


def registry_entries(log):
    """The simulator's data-plane entries of a request log, by route."""
    routes = {}
    for entry in log:
        if entry.get('plane') == 'registry':
            routes.setdefault(entry.get('route'), []).append(entry)
    return routes


def run_resolve(options):
    """One resolve_manifest run of image_tags in the core: (whole time, time in the registry part, result)."""
    settings, selection = _api.prepare(options, environ={})
    client = _transport.Client(settings)
    resolve = _api.manifest_resolver(client)
    spent = []

    class Timed:
        """The resolver, its part after the listing timed (the challenge and token run during the listing)."""

        start = resolve.start

        def __call__(self, *args):
            start = time.perf_counter()
            try:
                return resolve(*args)
            finally:
                spent.append(time.perf_counter() - start)
    timed = Timed()
    start = time.perf_counter()
    result = _api.image_tags(client, selection, REGISTRY, RESOLVE_IMAGE, resolve=timed)
    elapsed = time.perf_counter() - start
    client.close()
    return elapsed, spent[0], result


def capped_fetch(registry_url, fault):
    """Fetch one manifest while the data plane answers with ``fault``: (NcrError message, peak traced MiB, bytes sent)."""
    import tracemalloc  # pylint: disable=import-outside-toplevel  # only for this row
    from ansible_collections.ncloud.ncr.plugins.module_utils import _manifests  # pylint: disable=import-outside-toplevel
    clear_log()
    requests.post(CONTROL + '/faults', json=dict(fault, plane='registry', match='/manifests/', count=1), timeout=10).raise_for_status()
    options = dict(core_options(), registry_url=registry_url, registry='demo-registry', image=RESOLVE_IMAGE,
                   reference=['build-000001'], retries=0)
    settings, dummy = _api.prepare_manifests(options, environ={})
    client = _transport.Client(settings)
    registry = _api.registry(client, REGISTRY)
    registry.ping()
    tracemalloc.start()
    try:
        _manifests.fetch(registry, RESOLVE_IMAGE, 'build-000001')
        message = None
    except _api.NcrError as exc:
        message = str(exc)
    finally:
        peak = tracemalloc.get_traced_memory()[1] / 1048576.0
        tracemalloc.stop()
        client.close()
        requests.delete(CONTROL + '/faults', timeout=10)
    sent = [e.get('sent') for e in registry_entries(read_log()).get('manifest', []) if e.get('sent') is not None]
    return message, peak, sent[0] if sent else None


def bench_resolve(results, rows):
    """Row 11: ncr_image_tags resolve_manifest for the 10 tags kept: requests and time beyond the listing, against
    (2 + ceil(10 / concurrency)) x latency (the challenge and the token one round trip each, then the manifests
    concurrency at a time); and a manifest past the 4 MiB cap refused with bounded memory."""
    made = requests.post(CONTROL + '/images', json=dict(registry=REGISTRY, image=RESOLVE_IMAGE, generate=2 * RESOLVE_KEPT,
                                                        replace=True), timeout=30)
    made.raise_for_status()
    registry_url = made.json()['registry_url']
    options = dict(core_options(), registry_url=registry_url, resolve_manifest=True, limit=RESOLVE_KEPT, sort='name')
    limit = (2 + int(math.ceil(RESOLVE_KEPT / float(CONCURRENCY)))) * LATENCY
    run_resolve(options)  # warm-up, not counted
    totals, registry_times, counts, spans = [], [], [], []
    for dummy in range(CORE_REPS):
        clear_log()
        elapsed, spent, result = run_resolve(options)
        kept = result['tags']
        assert len(kept) == RESOLVE_KEPT and all(_digests.is_digest(t['manifest_digest']) for t in kept), kept[:1]
        routes = registry_entries(read_log())
        counts.append(dict((route, len(routes.get(route, []))) for route in ('manifest', 'base', 'token')))
        entries = sum(routes.values(), [])
        spans.append(max(e['end'] for e in entries) - min(e['start'] for e in entries))
        totals.append(elapsed)
        registry_times.append(spent)
    beyond = median(registry_times)
    ratio = beyond / limit
    big_message, big_peak, big_sent = capped_fetch(registry_url, dict(kind='big_manifest', mb=64))
    bomb_message, bomb_peak, bomb_sent = capped_fetch(registry_url, dict(kind='gzip_bomb', mb=1024))
    results['resolve_10'] = dict(kept=RESOLVE_KEPT, concurrency=CONCURRENCY, latency_ms=LATENCY * 1000, limit_s=limit,
                                 total_s=totals, registry_s=registry_times, ratio=ratio, requests=counts,
                                 registry_span_s=spans,
                                 big_manifest=dict(message=big_message, peak_mib=big_peak, sent=big_sent),
                                 gzip_bomb=dict(message=bomb_message, peak_mib=bomb_peak, sent=bomb_sent))
    label = '11. resolve_manifest, %d kept tags: limit (2 + ceil(%d/%d)) x %d ms' % (
        RESOLVE_KEPT, RESOLVE_KEPT, CONCURRENCY, LATENCY * 1000)
    rows.append((label, '%.3f s' % limit, '-', 'challenge, token, then the manifests %d at a time' % CONCURRENCY))
    rows.append(('11. resolve_manifest beyond the listing (core)', '%.3f s' % beyond,
                 '%s' % sorted(set(tuple(sorted(c.items())) for c in counts)),
                 'median of %d; %.2fx the limit; whole task %.3f s; the registry requests span %.3f s (challenge and '
                 'token during the listing)' % (CORE_REPS, ratio, median(totals), median(spans))))
    rows.append(('11. a manifest padded by 64 MiB (Content-Length given): refused', '-', '1',
                 'peak traced %.1f MiB; %s bytes sent before the hang-up' % (big_peak, big_sent)))
    rows.append(('11. a 1 GiB gzip bomb as a manifest: refused while read', '-', '1',
                 'peak traced %.1f MiB; %s bytes sent before the hang-up' % (bomb_peak, bomb_sent)))
    exact = all(c == dict(manifest=RESOLVE_KEPT, base=1, token=1) for c in counts)
    capped = 'more than the %d MiB' % RESOLVE_CAP_MIB
    return [
        ('resolve_manifest: %d manifest requests + at most 1 challenge + 1 token' % RESOLVE_KEPT,
         all(c['manifest'] == RESOLVE_KEPT and c['base'] <= 1 and c['token'] <= 1 for c in counts) and exact,
         '%s' % counts[0]),
        ('resolve_manifest at %d ms at most 1.3x (2 + ceil(%d/%d)) x latency beyond the listing'
         % (LATENCY * 1000, RESOLVE_KEPT, CONCURRENCY), ratio <= 1.3, '%.2fx (%.3f s against %.3f s)' % (ratio, beyond, limit)),
        ('a manifest past the 4 MiB cap is refused with bounded memory (both forms)',
         bool(big_message and capped in big_message and bomb_message and 'grew past the 4 MiB' in bomb_message)
         and max(big_peak, bomb_peak) < 2 * RESOLVE_CAP_MIB,
         'peaks %.1f and %.1f MiB traced' % (big_peak, bomb_peak)),
    ]


def cpu_of(work, value):
    start = time.process_time()
    work(value)
    return time.process_time() - start


def main():
    results = dict(date=time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), machine=dict(
        platform=platform.platform(), python=platform.python_version(), cpus=os.cpu_count(), processor=platform.processor()),
        settings=dict(latency_ms=LATENCY * 1000, page_size=PAGE_SIZE, concurrency=CONCURRENCY, repetitions=REPS,
                      core_repetitions=CORE_REPS, high_latency_ms=LATENCY_HIGH * 1000,
                      sweep_concurrency=list(SWEEP_CONCURRENCY), sweep_repetitions=SWEEP_REPS))
    rows, checks = [], []
    started = time.perf_counter()
    steps = (bench_listing, bench_exact, bench_selection, bench_patterns, bench_lookup, bench_small, bench_memory, bench_latency,
             bench_result_cost, bench_resolve)
    # BENCH_ROWS=resolve,memory runs those steps only (bench_<name>); bench_exact needs bench_listing's figures.
    chosen = [name.strip() for name in os.environ.get('BENCH_ROWS', '').split(',') if name.strip()]
    unknown = sorted(set(chosen) - set(step.__name__[len('bench_'):] for step in steps))
    if unknown:
        raise SystemExit('BENCH_ROWS: no such step %s; the steps are %s'
                         % (', '.join(unknown), ', '.join(step.__name__[len('bench_'):] for step in steps)))
    for step in steps:
        if chosen and step.__name__[len('bench_'):] not in chosen:
            continue
        checks.extend(step(results, rows))
        sys.stderr.write('[bench] %s done (%.0f s in)\n' % (step.__name__, time.perf_counter() - started))
    results['bench_s'] = time.perf_counter() - started
    results['targets'] = [dict(target=name, passed=ok, value=value) for name, ok, value in checks]
    print('| Measurement | Time (median of %d unless noted) | Requests | Note |' % REPS)
    print('|---|---|---|---|')
    for row in rows:
        print('| %s | %s | %s | %s |' % row)
    print('')
    print('| Target | Result | Figure |')
    print('|---|---|---|')
    for name, ok, value in checks:
        print('| %s | %s | %s |' % (name, verdict(ok), value))
    with open(os.path.join(WORK, 'results.json'), 'w', encoding='utf-8') as handle:
        json.dump(results, handle, indent=2, sort_keys=True)
    print('')
    print('results: %s (measurements took %.0f s)' % (os.path.join(WORK, 'results.json'), results['bench_s']))


if __name__ == '__main__':
    main()

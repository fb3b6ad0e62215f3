# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`make test`: the nox sessions of the whole suite, side by side, then a summary and `N passed, N failed`.

    python tests/utils/run_all.py                    # every session of QUEUE (make test)
    python tests/utils/run_all.py sanity-2.22 units-2.22    # some of them, the same way

The suite is CPU-bound and a session uses about one core: JOBS workers (NCR_TEST_JOBS, default 3) keep the two
cores of the CI machine busy. Each worker takes the next item of QUEUE, longest first, so the two integration
sessions (~14 min of one core each) start at once and the short ones fill in around them and at the end. The
release checks are one item, run one after another: they share this checkout. Sessions share nothing writable
otherwise: each has its own nox environment, copy of the collection and simulator port, each core its own
ansible-test home. A session's output goes to .cache/logs/<session>.log; the console gets a line when one starts
and ends, and the end of the log of one that failed. Every session runs, whatever failed before; the exit status
is 1 when any failed.
"""

import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get('NCR_CACHE', ROOT / '.cache'))
LOGS = CACHE / 'logs'
QUEUE = [
    ['integration-2.22'], ['integration-2.19'],
    ['sanity-2.22'], ['sanity-2.19'], ['sanity-2.21'], ['sanity-2.20'],
    ['docs-check', 'extra-checks', 'build-import-check', 'ansible-lint', 'changelog', 'docs-build',
     'galaxy-install-run', 'readme-examples'],
    ['units-2.22'], ['units-2.19'], ['units-2.21'], ['units-2.20'],
]
JOBS = int(os.environ.get('NCR_TEST_JOBS', '3'))
TAIL = int(os.environ.get('NCR_TEST_TAIL', '40'))

lock = threading.Lock()
results = {}
running = {}


def say(message):
    with lock:
        print('[%s] %s' % (time.strftime('%H:%M:%S'), message), flush=True)


def minutes(seconds):
    return '%dm%02ds' % (seconds // 60, seconds % 60)


def run_session(name):
    log = LOGS / (name + '.log')
    say('%s: started (log: %s)' % (name, log))
    start = time.monotonic()
    with open(log, 'w') as out:
        # A process group of its own, so an interrupted run stops the session's ansible-test and simulators too.
        process = subprocess.Popen([sys.executable, '-m', 'nox', '--no-color', '-s', name], cwd=ROOT, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        running[name] = process
        status = process.wait()
        del running[name]
    seconds = time.monotonic() - start
    results[name] = (status, seconds)
    if status:
        with open(log, errors='replace') as text:
            tail = ''.join(text.readlines()[-TAIL:])
        say('---------- %s: last %d lines of %s\n%s---------- end of %s' % (name, TAIL, log, tail, name))
    say('%s: %s (exit %d) in %s' % (name, 'passed' if status == 0 else 'failed', status, minutes(seconds)))


def worker(queue):
    while True:
        with lock:
            if not queue:
                return
            item = queue.pop(0)
        for name in item:
            run_session(name)


def main(names):
    queue = [[n for n in item if not names or n in names] for item in QUEUE]
    queue = [item for item in queue if item]
    unknown = set(names) - {n for item in QUEUE for n in item}
    if unknown:
        sys.exit('not sessions of make test: %s (nox -l lists every session; nox -s NAME runs any one)'
                 % ', '.join(sorted(unknown)))
    LOGS.mkdir(parents=True, exist_ok=True)
    # One run at a time per checkout: a second one would refresh the collection copies under the first.
    lock_file = open(CACHE / 'run_all.lock', 'w')
    try:
        fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        say('another make test runs in this checkout: waiting for it')
        fcntl.flock(lock_file, fcntl.LOCK_EX)
    order = [n for item in queue for n in item]
    say('sessions: %s (%d at once)' % (' '.join(order), JOBS))
    start = time.monotonic()
    threads = [threading.Thread(target=worker, args=(queue,), daemon=True) for dummy in range(JOBS)]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(1)
    except KeyboardInterrupt:
        say('interrupted: stopping %s' % ' '.join(running))
        for process in list(running.values()):
            os.killpg(process.pid, signal.SIGTERM)
        return 130
    print('\n========== summary ==========')
    passed = failed = 0
    for name in order:
        status, seconds = results[name]
        print('%-20s %-7s %8s' % (name, 'passed' if status == 0 else 'failed', minutes(seconds)))
        passed, failed = passed + (status == 0), failed + (status != 0)
    print('total %s; logs in %s' % (minutes(time.monotonic() - start), LOGS))
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))

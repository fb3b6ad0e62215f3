# shellcheck shell=bash
# Shared helpers for the scripts under tests/utils/ and the script targets' runme.sh (source this file,
# don't run it): log, find_python, pick_python, ensure_venv, the collection's copy, build and install, on_exit, and
# start_simulator, the one launcher of the NCR simulator for scripts.
#
# Everything here works on a fresh machine with no network but the package registries:
# interpreters are found on disk (pyenv may not be on PATH), virtual environments are
# built under .cache/venvs/ and reused while their pins match, and ansible-test gets a
# pip bootstrap of our own because it cannot download its get-pip script here.

# The collection root (galaxy.yml lives there): two levels above this file.
NCR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
NCR_CACHE="${NCR_CACHE:-${NCR_ROOT}/.cache}"
# ansible-test only accepts a collection laid out as .../ansible_collections/NAMESPACE/NAME.
NCR_COLLECTIONS="${NCR_CACHE}/collections"
NCR_COPY="${NCR_COLLECTIONS}/ansible_collections/ncloud/ncr"
# ansible-test keeps its state under ~/.ansible/test (the get-pip scripts it bootstraps
# pip with, one virtual environment per sanity test). Runs get a home of their own under
# .cache instead: other ansible-test runs on the same machine (another checkout, another
# tool) then can't delete a virtual environment this run is building, which happened,
# and `make clean` really starts from nothing. See ansible_test_env.
NCR_TEST_HOME="${NCR_CACHE}/home"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { log "WARNING: $*"; }

# find_python X.Y: print the path of a working python X.Y interpreter, or fail.
# pyenv's shims answer "command not found" for versions that are installed but not
# selected, so every candidate is checked by running it, not only by existing.
find_python() {
    local want="$1" candidate
    local -a candidates=()
    local pyenv_root="${PYENV_ROOT:-${HOME}/.pyenv}"
    # Newest patch release first, where several are installed.
    local dir
    while IFS= read -r dir; do
        candidates+=("${dir}/bin/python${want}")
    done < <(compgen -G "${pyenv_root}/versions/${want}.*" | sort -rV || true)
    if command -v "python${want}" >/dev/null 2>&1; then
        candidates+=("$(command -v "python${want}")")
    fi
    candidates+=("/usr/local/bin/python${want}" "/usr/bin/python${want}")
    for candidate in "${candidates[@]}"; do
        [[ -x "${candidate}" ]] || continue
        if [[ "$("${candidate}" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" == "${want}" ]]; then
            printf '%s\n' "${candidate}"
            return 0
        fi
    done
    log "no working python${want} found (looked in ${pyenv_root}/versions, PATH, /usr/local/bin, /usr/bin)"
    return 1
}

# pick_python WHAT VERSION...: print the first VERSION (X.Y, in the order given: the preferred first) of which
# find_python finds a working interpreter. WHAT names the command for the message when none is found, which says
# which versions to install and where they were looked for; then it fails.
pick_python() {
    local what="$1" version
    shift
    for version in "$@"; do
        if find_python "${version}" >/dev/null 2>&1; then
            printf '%s\n' "${version}"
            return 0
        fi
    done
    local wanted
    wanted="$(printf 'python%s or ' "$@")"
    log "${what} needs ${wanted% or }: none found in ${PYENV_ROOT:-${HOME}/.pyenv}/versions, on PATH," \
        "in /usr/local/bin or /usr/bin. Install one (e.g. \`pyenv install $1\`, or your system's python$1 package" \
        "with its venv module), then run it again."
    return 1
}

# ensure_venv DIR PYTHON_VERSION PACKAGE_SPEC...
# Build DIR as a virtual environment of that Python holding those packages, or reuse it
# when a previous build with exactly the same interpreter version and specs completed
# (the stamp is written last, so a build cut short is rebuilt, never half-used).
ensure_venv() {
    local dir="$1" pyver="$2"
    shift 2
    local stamp="${dir}/.ncr-venv-stamp"
    local want
    want="python=${pyver} packages=$*"
    if [[ -f "${stamp}" && "$(cat "${stamp}")" == "${want}" && -x "${dir}/bin/python" ]] \
        && "${dir}/bin/python" -c 'import sys' >/dev/null 2>&1; then
        log "reusing ${dir} (${want})"
        return 0
    fi
    local python
    python="$(find_python "${pyver}")" || return 1
    log "building ${dir} with ${python}: $*"
    rm -rf "${dir}"
    "${python}" -m venv "${dir}" || return 1
    # --quiet keeps CI logs short; pip still prints errors.
    "${dir}/bin/python" -m pip install --quiet --upgrade pip || return 1
    "${dir}/bin/python" -m pip install --quiet "$@" || return 1
    printf '%s' "${want}" >"${stamp}"
}

# ansible_test_pip_version VENV PYTHON_VERSION: the pip version whose get-pip script the
# ansible-test of that venv bootstraps its own virtual environments with. Asked from
# ansible-test's code (get_venv_packages), so a new ansible-core release that moves the
# pin is followed without editing this file.
# If that internal function ever changes shape, fail loudly rather than guess a version:
# the error names it, and the --venv steps would fail anyway.
ansible_test_pip_version() {
    local venv="$1" pyver="$2"
    "${venv}/bin/python" - "${pyver}" <<'PY'
import sys, types
try:
    from ansible_test._internal.python_requirements import get_venv_packages
    print(get_venv_packages(types.SimpleNamespace(version=sys.argv[1]))['pip'])
except Exception as ex:
    sys.exit('cannot tell which pip version ansible-test bootstraps (ansible_test._internal.'
             'python_requirements.get_venv_packages): %r; see tests/utils/lib.sh' % (ex,))
PY
}

# ansible_test_env: print the environment assignments (for `env`) that run ansible-test
# with NCR_TEST_HOME as its home, while pip keeps the user's configuration and cache.
ansible_test_env() {
    printf '%s\n' \
        "HOME=${NCR_TEST_HOME}" \
        "XDG_CONFIG_HOME=${XDG_CONFIG_HOME:-${HOME}/.config}" \
        "XDG_CACHE_HOME=${XDG_CACHE_HOME:-${HOME}/.cache}"
}

# place_get_pip_standin PIP_VERSION
# ansible-test bootstraps pip into each virtual environment it makes by running
# ~/.ansible/test/cache/get_pip_<X_Y>.py (~ being NCR_TEST_HOME for our runs), which it
# downloads from a host this machine
# cannot reach. Put a stand-in there: it installs the pip bundled with the interpreter
# (ensurepip) and then asks the package index for the exact packages ansible-test wanted.
# A real get-pip script found there (a machine with that host reachable) is left alone.
place_get_pip_standin() {
    local pip_version="$1"
    local cache_dir="${NCR_TEST_HOME}/.ansible/test/cache"
    local path="${cache_dir}/get_pip_${pip_version//./_}.py"
    local marker='# ncloud.ncr get-pip stand-in'
    if [[ -f "${path}" ]] && ! grep -qF "${marker}" "${path}"; then
        log "keeping the real get-pip script at ${path}"
        return 0
    fi
    mkdir -p "${cache_dir}" || return 1
    cat >"${path}.tmp" <<PY || return 1
${marker} (written by tests/utils/lib.sh; ansible-test runs it as get-pip.py).
# ansible-test calls it as: python quiet_pip.py [pip options] pip==X [--no-setuptools] [--no-wheel]
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
PY
    mv -f "${path}.tmp" "${path}" || return 1
    log "placed get-pip stand-in for pip ${pip_version}: ${path}"
}

# sync_collection: copy the working tree (tracked files plus untracked files git does not
# ignore, i.e. exactly what a commit of the current state would hold) to ${NCR_COPY},
# fresh each time so files deleted here do not linger there.
#
# The copy gets a .git of its own (an empty repository, same .gitignore): ansible-test
# looks for .git from the collection upwards, and without one it would find this
# repository's, where .cache/ is ignored, and see no files at all.
#
# ansible-test's --venv environments live in tests/output/.tmp/delegation inside the
# collection; they are moved aside and back so a rerun does not rebuild them.
sync_collection() {
    local keep="${NCR_CACHE}/ansible-test-delegation"
    local delegation="${NCR_COPY}/tests/output/.tmp/delegation"
    rm -rf "${keep}"
    if [[ -d "${delegation}" ]]; then
        mv "${delegation}" "${keep}" || return 1
    fi
    rm -rf "${NCR_COPY}"
    mkdir -p "${NCR_COPY}" || return 1
    # -z everywhere: file names are passed NUL-separated, whatever they contain.
    # Tracked files deleted from the working tree are dropped (tar would fail on them).
    (cd "${NCR_ROOT}" && git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do
            if [[ -e "${f}" || -L "${f}" ]]; then printf '%s\0' "${f}"; fi
        done \
        | tar --null --files-from=- --create --file=-) \
        | tar --extract --file=- --directory="${NCR_COPY}" || return 1
    git -C "${NCR_COPY}" init --quiet || return 1
    if [[ -d "${keep}" ]]; then
        mkdir -p "$(dirname "${delegation}")" || return 1
        mv "${keep}" "${delegation}" || return 1
    fi
    log "copied $(cd "${NCR_COPY}" && find . -path ./.git -prune -o -type f -print | wc -l) files to ${NCR_COPY}"
}

# build_collection VENV BUILD_DIR: build the collection from this checkout with that venv's ansible-galaxy
# (the way it is published) into a fresh BUILD_DIR; sets NCR_TARBALL to the tarball's path.
NCR_TARBALL=""
build_collection() {
    local venv="$1" build="$2" tarballs
    rm -rf "${build}"
    mkdir -p "${build}" || return 1
    "${venv}/bin/ansible-galaxy" collection build --force --output-path "${build}" "${NCR_ROOT}" >/dev/null || return 1
    tarballs=("${build}"/ncloud-ncr-*.tar.gz)
    if [[ "${#tarballs[@]}" -ne 1 || ! -f "${tarballs[0]}" ]]; then
        log "expected one ncloud-ncr-*.tar.gz in ${build}, found: ${tarballs[*]}"
        return 1
    fi
    NCR_TARBALL="${tarballs[0]}"
    log "built ${NCR_TARBALL}"
}

# install_collection VENV BUILD_DIR COLLECTIONS_DIR: build the collection (build_collection) and install
# it into a fresh COLLECTIONS_DIR, offline (it has no dependencies), the way a user installs it.
install_collection() {
    local venv="$1" build="$2" collections="$3"
    build_collection "${venv}" "${build}" || return 1
    rm -rf "${collections}"
    mkdir -p "${collections}" || return 1
    ANSIBLE_COLLECTIONS_PATH="${collections}" \
        "${venv}/bin/ansible-galaxy" collection install --offline --force -p "${collections}" "${NCR_TARBALL}" >/dev/null || return 1
    log "installed $(basename "${NCR_TARBALL}") into ${collections}"
}

# prepare_playground NAME PYTHON_VERSION CORE_SPEC WORKDIR: what `make demo` and `make bench` start from:
# PLAYGROUND_VENV, the virtual environment .cache/venvs/demo (both share it) with that ansible-core and
# requests (ensure_venv); the collection built into .cache/NAME-build and installed into
# PLAYGROUND_COLLECTIONS, .cache/NAME-collections (install_collection); an empty WORKDIR; and the key pair
# of the simulator that start_simulator will start, exported as NCR_SIM_ACCESS_KEY / NCR_SIM_SECRET_KEY
# (the playbooks get it from there too, through NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY).
PLAYGROUND_VENV="${NCR_CACHE}/venvs/demo"
PLAYGROUND_COLLECTIONS=""
prepare_playground() {
    local name="$1" pyver="$2" core="$3" work="$4"
    export NCR_SIM_ACCESS_KEY="PLAYGROUNDACCESSKEY1"
    export NCR_SIM_SECRET_KEY="playground-secret-key-for-the-local-simulator-only"
    PLAYGROUND_COLLECTIONS="${NCR_CACHE}/${name}-collections"
    ensure_venv "${PLAYGROUND_VENV}" "${pyver}" "${core}" "requests>=2.25" || return 1
    # sed, not head: head would close the pipe before ansible has written all of it (BrokenPipeError).
    log "$("${PLAYGROUND_VENV}/bin/ansible" --version | sed -n 1p)"
    rm -rf "${work}"
    mkdir -p "${work}" || return 1
    install_collection "${PLAYGROUND_VENV}" "${NCR_CACHE}/${name}-build" "${PLAYGROUND_COLLECTIONS}"
}

# on_exit COMMAND [ARGS...]: run that command when this shell exits, before the ones added earlier
# (last added, first run). One EXIT trap for every helper that cleans up after itself, so that a
# script's own clean-up and start_simulator's stop do not replace each other's trap.
NCR_EXIT_HOOKS=()
on_exit() {
    NCR_EXIT_HOOKS=("$(printf '%q ' "$@")" ${NCR_EXIT_HOOKS[@]+"${NCR_EXIT_HOOKS[@]}"})
    trap run_exit_hooks EXIT
}

# shellcheck disable=SC2329  # invoked by the EXIT trap on_exit sets
run_exit_hooks() {
    local hook
    for hook in ${NCR_EXIT_HOOKS[@]+"${NCR_EXIT_HOOKS[@]}"}; do
        eval "${hook}" || true
    done
}

# start_simulator PYTHON WORKDIR [ARGS...]: the one launcher of tools/ncr_simulator.py for scripts (the
# demo, the benchmark, the release checks, the integration targets' runme.sh; ansible-test's other targets
# use the setup_ncr_simulator role). Runs it with PYTHON on the seed data, on loopback and a free port,
# with more ARGS. The keys it accepts are NCR_SIM_ACCESS_KEY and NCR_SIM_SECRET_KEY from the environment
# (set them before calling; unset, the simulator's fixed test keys): never on a command line, where any
# local user can read them. Writes WORKDIR/ncr.url, WORKDIR/registries.json (the data plane's URLs:
# {"registries": {NAME: URL}, "token_url", "storage_url", "auth"}), WORKDIR/requests.jsonl (one line per
# API and data-plane request, no secrets), WORKDIR/simulator.out and WORKDIR/simulator.err; sets SIM_PID,
# SIM_ENDPOINT (the API base URL; the control API is the same with /_sim for /ncr/api/v2) and
# SIM_REGISTRIES (the registries.json path; sim_registry_url NAME prints one registry's URL); stops it
# when the shell exits (on_exit). Fails with the simulator's error output if it does not listen within 30 s.
#
# Needs nothing of the checkout but this file and tools/ (no .cache, no venv of ours): a script target
# sources it in ansible-test's copy of the target, with needs/file/tests/utils/lib.sh and
# needs/file/tools/... in its aliases.
SIM_PID=""
SIM_ENDPOINT=""
SIM_REGISTRIES=""
SIM_PYTHON=""
start_simulator() {
    local python="$1" work="$2"
    shift 2
    local url_file="${work}/ncr.url"
    mkdir -p "${work}" || return 1
    rm -f "${url_file}"
    SIM_PYTHON="${python}"
    SIM_REGISTRIES="${work}/registries.json"
    "${python}" "${NCR_ROOT}/tools/ncr_simulator.py" \
        --data "${NCR_ROOT}/tools/ncr_seed.json" --host 127.0.0.1 --port 0 \
        --url-file "${url_file}" --registry-file "${SIM_REGISTRIES}" --log "${work}/requests.jsonl" "$@" \
        >"${work}/simulator.out" 2>"${work}/simulator.err" </dev/null &
    SIM_PID=$!
    on_exit stop_simulator "${SIM_PID}"
    local waited=0
    while [[ ! -s "${url_file}" && "${waited}" -lt 300 ]] && kill -0 "${SIM_PID}" 2>/dev/null; do
        sleep 0.1
        waited=$((waited + 1))
    done
    if [[ ! -s "${url_file}" ]]; then
        log "the simulator did not start:"
        cat "${work}/simulator.err" >&2
        return 1
    fi
    SIM_ENDPOINT="$(tr -d '[:space:]' <"${url_file}")"
    log "simulator listening: ${SIM_ENDPOINT} (pid ${SIM_PID}; requests logged to ${work}/requests.jsonl)"
}

# sim_registry_url NAME: the data-plane URL (http://127.0.0.1:PORT) of that registry of the simulator
# start_simulator started, for registry_url / ANSIBLE_NCLOUD_NCR_REGISTRY_URL. Fails naming the registry
# when the simulator has none of that name.
sim_registry_url() {
    "${SIM_PYTHON}" - "${SIM_REGISTRIES}" "$1" <<'PY'
import json, sys
registries = json.load(open(sys.argv[1]))['registries']
if sys.argv[2] not in registries:
    sys.exit('the simulator has no registry %r (it has %s)' % (sys.argv[2], ', '.join(sorted(registries))))
print(registries[sys.argv[2]])
PY
}

# stop_simulator [PID]: stop the simulator start_simulator started (SIM_PID by default), if it still runs.
# shellcheck disable=SC2329  # invoked by the EXIT trap (on_exit in start_simulator)
stop_simulator() {
    local pid="${1:-${SIM_PID}}"
    if [[ -n "${pid}" ]] && kill -0 "${pid}" 2>/dev/null; then
        kill "${pid}" 2>/dev/null || true
        wait "${pid}" 2>/dev/null || true
        log "simulator stopped"
    fi
}

#!/usr/bin/env bash
# `make units`: the unit tests, run by pytest directly: the fast loop while editing.
#
# Usage:
#   tests/utils/units.sh                          # every unit test (tests/unit)
#   tests/utils/units.sh -k 'semver and not range'   # any pytest arguments (make units K='...')
#   tests/utils/units.sh tests/unit/plugins/lookup -x -n 0
#
# `make test` (tests/utils/run-tests.sh) still runs them through `ansible-test units`, which
# installs its requirements in a virtual environment of its own and forks once per test. This
# script runs the same tests with the pytest plugin and configuration ansible-test uses
# (ansible_pytest_collections, its default.ini, --strict-markers), as amazon.aws's tox.ini does:
#   1. a virtual environment .cache/venvs/units-core-2.21-py<X.Y> (ansible-core 2.21 on the first of
#      Python 3.13, 3.12 and 3.14 found, or UNITS_PYTHON; pytest, pytest-xdist, pytest-mock, mock and
#      tests/unit/requirements.txt), reused while those pins match
#   2. a copy of the working tree at .cache/units/slot-N/collections/ansible_collections/ncloud/ncr
#      (the layout the collection loader needs), fresh each run: slot-0, or the next free slot
#      while other runs hold it, so runs at the same time and run-tests.sh's copy never clash.
#      It stays after the run, to look into
#   3. pytest in that copy, on UNITS_WORKERS processes (pytest-xdist; default 2), with no
#      ANSIBLE_* or NCLOUD_* variable of the calling shell and ansible-test's empty ansible.cfg.
#      Unlike ansible-test, pytest's cache is on (in the slot), so --lf reruns what failed last
# Files and folders of this checkout given as arguments (relative or absolute, with ::test or not)
# are run in the copy; without any, tests/unit runs. The exit status is pytest's (5: no test selected).
#
# Environment: UNITS_WORKERS (pytest -n; 0 runs in this process, easier for pdb), UNITS_PYTHON (X.Y: that
# Python only).
set -euo pipefail

# shellcheck source=tests/utils/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

UNITS_ANSIBLE_CORE="ansible-core>=2.21,<2.22"
# Any Python ansible-core 2.21 runs on as a controller, 3.13 (what run-tests.sh's 2.21 pair tests) first; UNITS_PYTHON
# picks one.
read -r -a pythons <<<"${UNITS_PYTHON:-3.13 3.12 3.14}"
UNITS_PYTHON="$(pick_python "make units (ansible-core 2.21)" "${pythons[@]}")"
UNITS_VENV="${NCR_CACHE}/venvs/units-core-2.21-py${UNITS_PYTHON}"
UNITS_WORKERS="${UNITS_WORKERS:-2}"
# What `ansible-test units` installs (its _data/requirements/units.txt), then ours.
UNITS_PACKAGES=("${UNITS_ANSIBLE_CORE}" pytest pytest-xdist pytest-mock mock)
mapfile -t requirements < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "${NCR_ROOT}/tests/unit/requirements.txt")
UNITS_PACKAGES+=("${requirements[@]}")

ensure_venv "${UNITS_VENV}" "${UNITS_PYTHON}" "${UNITS_PACKAGES[@]}"

# A slot per run going on at once: .cache/units/slot-N, the first one no other run holds (its lock is
# let go when this script ends, however it ends). Its path stays the same from run to run, so the test
# modules pytest rewrote (cached under .cache/units/pycache) are reused while unchanged.
mkdir -p "${NCR_CACHE}/units"
slot=0
while :; do
    exec {lock_fd}>"${NCR_CACHE}/units/slot-${slot}.lock"
    if flock --nonblock "${lock_fd}"; then break; fi
    exec {lock_fd}>&-
    slot=$((slot + 1))
done
slot_dir="${NCR_CACHE}/units/slot-${slot}"
collections="${slot_dir}/collections"
copy="${collections}/ansible_collections/ncloud/ncr"
# sync_collection copies to NCR_COPY and parks ansible-test's environments under NCR_CACHE: for
# this call only (assignments before a function call last as long as the call), both point into
# the slot, away from run-tests.sh's copy.
NCR_CACHE="${slot_dir}" NCR_COPY="${copy}" sync_collection
# What pytest (--lf, --ff) and hypothesis (the failing examples it replays first) remember outlives the copy.
mkdir -p "${slot_dir}/hypothesis"
ln -sfn "${slot_dir}/hypothesis" "${copy}/.hypothesis"

# Arguments naming a file or folder of this checkout (relative to where this was called from, or
# absolute; a pytest node id "path::test" too) name it in the copy. The value after -k, -m and the
# other options below is left as it is, even if a file has that name.
args=()
have_path=0
value_of=""
for arg in "$@"; do
    file="${arg%%::*}"
    node="${arg#"${file}"}"
    if [[ -z "${value_of}" && "${arg}" != -* && -e "${file}" ]]; then
        file="$(realpath -- "${file}")"
        if [[ "${file}" == "${NCR_ROOT}" || "${file}" == "${NCR_ROOT}/"* ]]; then
            args+=("${copy}${file#"${NCR_ROOT}"}${node}")
            have_path=1
            continue
        fi
    fi
    args+=("${arg}")
    case "${arg}" in
        -k | -m | -n | -p | -o | -W | -r | -c | --dist | --maxfail | --durations) value_of="${arg}" ;;
        *) value_of="" ;;
    esac
done
if [[ "${have_path}" -eq 0 ]]; then
    args+=("${copy}/tests/unit")
fi

ansible_test="$("${UNITS_VENV}/bin/python" -c 'import ansible_test, os; print(os.path.dirname(ansible_test.__file__))')"
min_python="$("${UNITS_VENV}/bin/python" -c \
    'from ansible_test._util.target.common.constants import CONTROLLER_PYTHON_VERSIONS as v; print(v[0])')"

# The calling shell's Ansible and NCLOUD settings stay out, as under ansible-test.
unset_vars=()
while IFS= read -r name; do
    unset_vars+=(-u "${name}")
done < <(compgen -e | grep -E '^(ANSIBLE_|NCLOUD_)' || true)

log "pytest on ${UNITS_WORKERS} worker(s) in ${copy}"
cd "${copy}"
# Bytecode is written (PYTHONDONTWRITEBYTECODE unset), outside the copy: pytest's rewritten modules,
# which it would otherwise rewrite on every run (hypothesis's too, a few seconds per worker).
exec env ${unset_vars[@]+"${unset_vars[@]}"} -u PYTHONDONTWRITEBYTECODE \
    PYTHONPYCACHEPREFIX="${NCR_CACHE}/units/pycache" \
    ANSIBLE_COLLECTIONS_PATH="${collections}" \
    ANSIBLE_CONTROLLER_MIN_PYTHON_VERSION="${min_python}" \
    ANSIBLE_CONFIG="${ansible_test}/_data/ansible.cfg" \
    ANSIBLE_LIBRARY=/dev/null \
    ANSIBLE_DEPRECATION_WARNINGS=false \
    ANSIBLE_DEVEL_WARNING=false \
    "${UNITS_VENV}/bin/python" -m pytest \
    -p ansible_test._util.target.pytest.plugins.ansible_pytest_collections \
    -c "${ansible_test}/_data/pytest/config/default.ini" \
    --rootdir "${copy}" --confcutdir "${copy}" -o cache_dir="${slot_dir}/pytest-cache" --strict-markers -r a \
    -n "${UNITS_WORKERS}" "${args[@]}"

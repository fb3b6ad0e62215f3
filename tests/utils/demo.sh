#!/usr/bin/env bash
# `make demo`: examples/demo.yml against the bundled NCR simulator, from a fresh machine.
#
#   1. a virtual environment .cache/venvs/demo (Python 3.11, ansible-core 2.19, requests), reused while its pins match
#   2. the collection built from this checkout (ansible-galaxy collection build) into .cache/demo-build/
#      and installed into .cache/demo-collections/ (the way a user installs it, not the source tree)
#   3. tools/ncr_simulator.py started on tools/ncr_seed.json (loopback, a free port, --ttl), stopped on exit
#   4. ansible-playbook examples/demo.yml with ANSIBLE_COLLECTIONS_PATH on that install, the simulator's URL
#      as the variable ncr_endpoint, and the key pair in NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY (the module's
#      environment fallback, as with a real NCP account)
#
# Environment: DEMO_PYTHON (default 3.11), DEMO_ANSIBLE_CORE (default "ansible-core>=2.19,<2.20"),
# DEMO_ARGS (more ansible-playbook arguments, e.g. "-v").
set -euo pipefail

# shellcheck source=tests/utils/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEMO_PYTHON="${DEMO_PYTHON:-3.11}"
DEMO_ANSIBLE_CORE="${DEMO_ANSIBLE_CORE:-ansible-core>=2.19,<2.20}"
DEMO_VENV="${NCR_CACHE}/venvs/demo"
DEMO_BUILD="${NCR_CACHE}/demo-build"
DEMO_COLLECTIONS="${NCR_CACHE}/demo-collections"
DEMO_WORK="${NCR_CACHE}/demo-run"

# The simulator's key pair for this demo: the playbook gets it only through the environment.
SIM_ACCESS_KEY="DEMOACCESSKEY0000001"
SIM_SECRET_KEY="demo-secret-key-for-the-local-simulator-only"

SIM_PID=""
# shellcheck disable=SC2329  # invoked by the EXIT trap
stop_simulator() {
    if [[ -n "${SIM_PID}" ]] && kill -0 "${SIM_PID}" 2>/dev/null; then
        kill "${SIM_PID}" 2>/dev/null || true
        wait "${SIM_PID}" 2>/dev/null || true
        log "simulator stopped"
    fi
}
trap stop_simulator EXIT

# 1. The virtual environment.
ensure_venv "${DEMO_VENV}" "${DEMO_PYTHON}" "${DEMO_ANSIBLE_CORE}" "requests>=2.25"
log "$("${DEMO_VENV}/bin/ansible" --version | head -n 1)"

# 2. Build and install the collection.
rm -rf "${DEMO_BUILD}" "${DEMO_COLLECTIONS}" "${DEMO_WORK}"
mkdir -p "${DEMO_BUILD}" "${DEMO_COLLECTIONS}" "${DEMO_WORK}"
"${DEMO_VENV}/bin/ansible-galaxy" collection build --force --output-path "${DEMO_BUILD}" "${NCR_ROOT}"
tarballs=("${DEMO_BUILD}"/ncloud-ncr-*.tar.gz)
if [[ "${#tarballs[@]}" -ne 1 || ! -f "${tarballs[0]}" ]]; then
    log "expected one ncloud-ncr-*.tar.gz in ${DEMO_BUILD}, found: ${tarballs[*]}"
    exit 1
fi
ANSIBLE_COLLECTIONS_PATH="${DEMO_COLLECTIONS}" \
    "${DEMO_VENV}/bin/ansible-galaxy" collection install --force -p "${DEMO_COLLECTIONS}" "${tarballs[0]}"

# 3. The simulator, from the checkout (tools/ is not part of the built collection's runtime).
url_file="${DEMO_WORK}/ncr.url"
NCR_SIM_ACCESS_KEY="${SIM_ACCESS_KEY}" NCR_SIM_SECRET_KEY="${SIM_SECRET_KEY}" \
    "${DEMO_VENV}/bin/python" "${NCR_ROOT}/tools/ncr_simulator.py" \
    --data "${NCR_ROOT}/tools/ncr_seed.json" --host 127.0.0.1 --port 0 \
    --url-file "${url_file}" --log "${DEMO_WORK}/requests.jsonl" --ttl 900 \
    >"${DEMO_WORK}/simulator.out" 2>"${DEMO_WORK}/simulator.err" </dev/null &
SIM_PID=$!
for _ in $(seq 1 150); do
    [[ -s "${url_file}" ]] && break
    if ! kill -0 "${SIM_PID}" 2>/dev/null; then
        break
    fi
    sleep 0.1
done
if [[ ! -s "${url_file}" ]]; then
    log "the simulator did not start:"
    cat "${DEMO_WORK}/simulator.err" >&2
    exit 1
fi
endpoint="$(tr -d '[:space:]' <"${url_file}")"
log "simulator listening: ${endpoint} (pid ${SIM_PID}; requests logged to ${DEMO_WORK}/requests.jsonl)"

# 4. The playbook. Implicit localhost runs the module with this venv's Python, which has requests.
extra=()
if [[ -n "${DEMO_ARGS:-}" ]]; then
    read -r -a extra <<<"${DEMO_ARGS}"
fi
rc=0
(
    cd "${NCR_ROOT}"
    export ANSIBLE_COLLECTIONS_PATH="${DEMO_COLLECTIONS}"
    export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
    export NCLOUD_ACCESS_KEY="${SIM_ACCESS_KEY}" NCLOUD_SECRET_KEY="${SIM_SECRET_KEY}"
    "${DEMO_VENV}/bin/ansible-playbook" examples/demo.yml -e "ncr_endpoint=${endpoint}" ${extra[@]+"${extra[@]}"}
) || rc=$?
requests="$(wc -l <"${DEMO_WORK}/requests.jsonl" 2>/dev/null || echo 0)"
log "the simulator answered ${requests// /} API requests"
if [[ "${rc}" -ne 0 ]]; then
    log "the demo playbook failed (exit ${rc})"
fi
exit "${rc}"

#!/usr/bin/env bash
# `make bench`: performance figures of ncloud.ncr against the bundled NCR simulator (see docs/performance.md).
#
#   1. a virtual environment .cache/venvs/demo (Python 3.11, ansible-core 2.19, requests), shared with `make demo`
#   2. the collection built from this checkout and installed into .cache/bench-collections/
#   3. tools/ncr_simulator.py with 20 ms latency, pages of at most 100, and generated images of 10,000 and
#      50,000 tags; stopped on exit
#   4. tests/utils/bench.py: prints a markdown table and writes .cache/bench/results.json
#
# Environment: BENCH_PYTHON (default 3.11), BENCH_ANSIBLE_CORE (default "ansible-core>=2.19,<2.20").
set -euo pipefail

# shellcheck source=tests/utils/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_PYTHON="${BENCH_PYTHON:-3.11}"
BENCH_ANSIBLE_CORE="${BENCH_ANSIBLE_CORE:-ansible-core>=2.19,<2.20}"
BENCH_VENV="${NCR_CACHE}/venvs/demo"
BENCH_BUILD="${NCR_CACHE}/bench-build"
BENCH_COLLECTIONS="${NCR_CACHE}/bench-collections"
BENCH_WORK="${NCR_CACHE}/bench"

SIM_ACCESS_KEY="BENCHACCESSKEY000001"
SIM_SECRET_KEY="bench-secret-key-for-the-local-simulator-only"

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

ensure_venv "${BENCH_VENV}" "${BENCH_PYTHON}" "${BENCH_ANSIBLE_CORE}" "requests>=2.25"
log "$("${BENCH_VENV}/bin/ansible" --version | head -n 1)"

rm -rf "${BENCH_BUILD}" "${BENCH_COLLECTIONS}" "${BENCH_WORK}"
mkdir -p "${BENCH_BUILD}" "${BENCH_COLLECTIONS}" "${BENCH_WORK}"
"${BENCH_VENV}/bin/ansible-galaxy" collection build --force --output-path "${BENCH_BUILD}" "${NCR_ROOT}" >/dev/null
tarballs=("${BENCH_BUILD}"/ncloud-ncr-*.tar.gz)
if [[ "${#tarballs[@]}" -ne 1 || ! -f "${tarballs[0]}" ]]; then
    log "expected one ncloud-ncr-*.tar.gz in ${BENCH_BUILD}, found: ${tarballs[*]}"
    exit 1
fi
ANSIBLE_COLLECTIONS_PATH="${BENCH_COLLECTIONS}" \
    "${BENCH_VENV}/bin/ansible-galaxy" collection install --force -p "${BENCH_COLLECTIONS}" "${tarballs[0]}" >/dev/null
log "installed $(basename "${tarballs[0]}") into ${BENCH_COLLECTIONS}"

url_file="${BENCH_WORK}/ncr.url"
NCR_SIM_ACCESS_KEY="${SIM_ACCESS_KEY}" NCR_SIM_SECRET_KEY="${SIM_SECRET_KEY}" \
    "${BENCH_VENV}/bin/python" "${NCR_ROOT}/tools/ncr_simulator.py" \
    --data "${NCR_ROOT}/tools/ncr_seed.json" --host 127.0.0.1 --port 0 \
    --latency-ms 20 --max-page-size 100 \
    --generate demo-registry/bench10k=10000 --generate demo-registry/bench50k=50000 \
    --url-file "${url_file}" --log "${BENCH_WORK}/requests.jsonl" --ttl 3600 \
    >"${BENCH_WORK}/simulator.out" 2>"${BENCH_WORK}/simulator.err" </dev/null &
SIM_PID=$!
for _ in $(seq 1 300); do
    [[ -s "${url_file}" ]] && break
    kill -0 "${SIM_PID}" 2>/dev/null || break
    sleep 0.1
done
if [[ ! -s "${url_file}" ]]; then
    log "the simulator did not start:"
    cat "${BENCH_WORK}/simulator.err" >&2
    exit 1
fi
endpoint="$(tr -d '[:space:]' <"${url_file}")"
log "simulator listening: ${endpoint} (pid ${SIM_PID})"

cd "${NCR_ROOT}"
NCR_BENCH_ENDPOINT="${endpoint}" NCR_BENCH_ACCESS_KEY="${SIM_ACCESS_KEY}" NCR_BENCH_SECRET_KEY="${SIM_SECRET_KEY}" \
    NCR_BENCH_COLLECTIONS="${BENCH_COLLECTIONS}" NCR_BENCH_WORK="${BENCH_WORK}" NCR_BENCH_VENV="${BENCH_VENV}" \
    "${BENCH_VENV}/bin/python" "${NCR_ROOT}/tests/utils/bench.py"

#!/usr/bin/env bash
# `make bench`: performance figures of ncloud.ncr against the bundled NCR simulator (see docs/performance.md).
#
#   1. a virtual environment .cache/venvs/demo (Python 3.11, ansible-core 2.19, requests), shared with `make demo`
#   2. the collection built from this checkout and installed into .cache/bench-collections/
#   3. tools/ncr_simulator.py with 20 ms latency, pages of at most 100, and generated images of 10,000 and
#      50,000 tags, and 50 images of 200 tags in bench-fleet; stopped on exit
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

ensure_venv "${BENCH_VENV}" "${BENCH_PYTHON}" "${BENCH_ANSIBLE_CORE}" "requests>=2.25"
log "$("${BENCH_VENV}/bin/ansible" --version | head -n 1)"

rm -rf "${BENCH_WORK}"
install_collection "${BENCH_VENV}" "${BENCH_BUILD}" "${BENCH_COLLECTIONS}"
# 50 images of 200 tags in their own registry, for the registry-wide pattern (bench-fleet/*).
fleet=()
for i in $(seq -w 1 50); do
    fleet+=(--generate "bench-fleet/app-${i}=200")
done
start_simulator "${BENCH_VENV}" "${BENCH_WORK}" "${SIM_ACCESS_KEY}" "${SIM_SECRET_KEY}" \
    --latency-ms 20 --max-page-size 100 --ttl 3600 \
    --generate demo-registry/bench10k=10000 --generate demo-registry/bench50k=50000 "${fleet[@]}"
endpoint="${SIM_ENDPOINT}"

cd "${NCR_ROOT}"
NCR_BENCH_ENDPOINT="${endpoint}" NCR_BENCH_ACCESS_KEY="${SIM_ACCESS_KEY}" NCR_BENCH_SECRET_KEY="${SIM_SECRET_KEY}" \
    NCR_BENCH_COLLECTIONS="${BENCH_COLLECTIONS}" NCR_BENCH_WORK="${BENCH_WORK}" NCR_BENCH_VENV="${BENCH_VENV}" \
    "${BENCH_VENV}/bin/python" "${NCR_ROOT}/tests/utils/bench.py"

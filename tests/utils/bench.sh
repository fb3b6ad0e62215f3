#!/usr/bin/env bash
# `make bench`: performance figures of ncloud.ncr against the bundled NCR simulator (see docs/performance.md).
#
#   1. a virtual environment .cache/venvs/demo (ansible-core 2.19 on the first of Python 3.11, 3.12 and 3.13 found,
#      requests), shared with `make demo`
#   2. the collection built from this checkout and installed into .cache/bench-collections/
#   3. tools/ncr_simulator.py with 20 ms latency, pages of at most 100, and generated images of 10,000 and
#      50,000 tags, and 50 images of 200 tags in bench-fleet; stopped on exit (bench.py switches it to 50 ms
#      through /_sim/config for its last rows, and back)
#   4. tests/utils/bench.py: prints a markdown table and writes .cache/bench/results.json
#
# Environment: BENCH_PYTHON (X.Y: that Python only; default the first of 3.11, 3.12, 3.13 found),
# BENCH_ANSIBLE_CORE (default "ansible-core>=2.19,<2.20").
set -euo pipefail

# shellcheck source=tests/utils/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_WORK="${NCR_CACHE}/bench"

# The simulator's key pair is NCR_SIM_* (prepare_playground); bench.py passes it to the playbooks through NCLOUD_*.
# Any Python ansible-core 2.19 runs on as a controller, 3.11 first (docs/performance.md's figures); BENCH_PYTHON picks one.
read -r -a pythons <<<"${BENCH_PYTHON:-3.11 3.12 3.13}"
BENCH_PYTHON="$(pick_python "make bench (ansible-core 2.19)" "${pythons[@]}")"
prepare_playground bench "${BENCH_PYTHON}" "${BENCH_ANSIBLE_CORE:-ansible-core>=2.19,<2.20}" "${BENCH_WORK}"
# 50 images of 200 tags in their own registry, for the registry-wide pattern (bench-fleet/*).
fleet=()
for i in $(seq -w 1 50); do
    fleet+=(--generate "bench-fleet/app-${i}=200")
done
start_simulator "${PLAYGROUND_VENV}/bin/python" "${BENCH_WORK}" \
    --latency-ms 20 --max-page-size 100 --ttl 3600 \
    --generate demo-registry/bench10k=10000 --generate demo-registry/bench50k=50000 "${fleet[@]}"

cd "${NCR_ROOT}"
NCR_BENCH_ENDPOINT="${SIM_ENDPOINT}" NCR_BENCH_COLLECTIONS="${PLAYGROUND_COLLECTIONS}" NCR_BENCH_WORK="${BENCH_WORK}" \
    NCR_BENCH_VENV="${PLAYGROUND_VENV}" "${PLAYGROUND_VENV}/bin/python" "${NCR_ROOT}/tests/utils/bench.py"

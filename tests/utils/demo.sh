#!/usr/bin/env bash
# `make demo`: examples/demo.yml against the bundled NCR simulator, from a fresh machine.
#
#   1. a virtual environment .cache/venvs/demo (ansible-core 2.19 on the first of Python 3.11, 3.12 and 3.13 found,
#      requests), reused while its pins match
#   2. the collection built from this checkout (ansible-galaxy collection build) into .cache/demo-build/
#      and installed into .cache/demo-collections/ (the way a user installs it, not the source tree)
#   3. tools/ncr_simulator.py started on tools/ncr_seed.json (loopback, a free port, --ttl), stopped on exit
#   4. ansible-playbook examples/demo.yml with ANSIBLE_COLLECTIONS_PATH on that install, the simulator's URL
#      as the variable ncr_endpoint, its demo-registry data plane (the registry's own API, what docker pull
#      reads) as ncr_registry_url, and the key pair in NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY (the modules'
#      environment fallback, as with a real NCP account)
#
# Environment: DEMO_PYTHON (X.Y: that Python only; default the first of 3.11, 3.12, 3.13 found),
# DEMO_ANSIBLE_CORE (default "ansible-core>=2.19,<2.20"),
# DEMO_ARGS (more ansible-playbook arguments, e.g. "-v").
set -euo pipefail

# shellcheck source=tests/utils/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEMO_WORK="${NCR_CACHE}/demo-run"

# 1. and 2. The virtual environment; the collection built and installed; the simulator's key pair (NCR_SIM_*),
# which the playbook gets through the environment only (NCLOUD_*, below).
# Any Python ansible-core 2.19 runs on as a controller, 3.11 first; DEMO_PYTHON picks one.
read -r -a pythons <<<"${DEMO_PYTHON:-3.11 3.12 3.13}"
DEMO_PYTHON="$(pick_python "make demo (ansible-core 2.19)" "${pythons[@]}")"
prepare_playground demo "${DEMO_PYTHON}" "${DEMO_ANSIBLE_CORE:-ansible-core>=2.19,<2.20}" "${DEMO_WORK}"

# 3. The simulator, from the checkout (tools/ is not part of the built collection's runtime).
start_simulator "${PLAYGROUND_VENV}/bin/python" "${DEMO_WORK}" --ttl 900

# 4. The playbook. Implicit localhost runs the module with this venv's Python, which has requests.
extra=()
if [[ -n "${DEMO_ARGS:-}" ]]; then
    read -r -a extra <<<"${DEMO_ARGS}"
fi
rc=0
(
    cd "${NCR_ROOT}"
    export ANSIBLE_COLLECTIONS_PATH="${PLAYGROUND_COLLECTIONS}"
    export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
    export NCLOUD_ACCESS_KEY="${NCR_SIM_ACCESS_KEY}" NCLOUD_SECRET_KEY="${NCR_SIM_SECRET_KEY}"
    "${PLAYGROUND_VENV}/bin/ansible-playbook" examples/demo.yml -e "ncr_endpoint=${SIM_ENDPOINT}" \
        -e "ncr_registry_url=$(sim_registry_url demo-registry)" ${extra[@]+"${extra[@]}"}
) || rc=$?
requests="$(wc -l <"${DEMO_WORK}/requests.jsonl" 2>/dev/null || echo 0)"
log "the simulator answered ${requests// /} API requests"
if [[ "${rc}" -ne 0 ]]; then
    log "the demo playbook failed (exit ${rc})"
fi
exit "${rc}"

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

# 1. The virtual environment.
ensure_venv "${DEMO_VENV}" "${DEMO_PYTHON}" "${DEMO_ANSIBLE_CORE}" "requests>=2.25"
log "$("${DEMO_VENV}/bin/ansible" --version | head -n 1)"

# 2. Build and install the collection.
rm -rf "${DEMO_WORK}"
install_collection "${DEMO_VENV}" "${DEMO_BUILD}" "${DEMO_COLLECTIONS}"

# 3. The simulator, from the checkout (tools/ is not part of the built collection's runtime).
start_simulator "${DEMO_VENV}" "${DEMO_WORK}" "${SIM_ACCESS_KEY}" "${SIM_SECRET_KEY}" --ttl 900
endpoint="${SIM_ENDPOINT}"

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

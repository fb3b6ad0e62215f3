# shellcheck shell=bash
# The NCR simulator for the integration targets that are scripts (runme.sh): source this file (ansible-test copies
# it next to the target: needs/file/tests/utils/simulator.sh in the target's aliases, with needs/file/tools/...).
# The nox sessions start it from Python (tests/utils/harness.py), the other targets with setup_ncr_simulator.

# The collection root: two levels above this file.
NCR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { log "WARNING: $*"; }

# on_exit COMMAND [ARGS...]: run it when the shell exits, before the ones added earlier (one EXIT trap for all, so
# a script's own clean-up and the simulator's stop do not replace each other).
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

# start_simulator PYTHON WORKDIR [ARGS...]: tools/ncr_simulator.py on the seed data, on loopback and a free port,
# with more ARGS; stopped when the shell exits. The keys it accepts are NCR_SIM_ACCESS_KEY / NCR_SIM_SECRET_KEY from
# the environment (its fixed test keys when unset), never a command line, where any local user can read them.
# Writes WORKDIR/ncr.url, WORKDIR/registries.json (the data plane's URLs), WORKDIR/requests.jsonl (one line per
# request, no secrets) and its output; sets SIM_PID and SIM_ENDPOINT (the API base URL). Fails with the
# simulator's error output when it does not listen within 30 s.
SIM_PID=""
SIM_ENDPOINT=""
start_simulator() {
    local python="$1" work="$2"
    shift 2
    local url_file="${work}/ncr.url" waited=0
    mkdir -p "${work}" || return 1
    rm -f "${url_file}"
    "${python}" "${NCR_ROOT}/tools/ncr_simulator.py" \
        --data "${NCR_ROOT}/tools/ncr_seed.json" --host 127.0.0.1 --port 0 \
        --url-file "${url_file}" --registry-file "${work}/registries.json" --log "${work}/requests.jsonl" "$@" \
        >"${work}/simulator.out" 2>"${work}/simulator.err" </dev/null &
    SIM_PID=$!
    on_exit stop_simulator "${SIM_PID}"
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

# shellcheck disable=SC2329  # invoked by the EXIT trap (on_exit in start_simulator)
stop_simulator() {
    if kill -0 "$1" 2>/dev/null; then
        kill "$1" 2>/dev/null || true
        wait "$1" 2>/dev/null || true
        log "simulator stopped"
    fi
}

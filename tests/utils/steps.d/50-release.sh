# shellcheck shell=bash
# Sourced by run-tests.sh: the simulator's own checks, then the release checks (docs lint and
# build, changelog lint, ansible-lint, Galaxy build/import/install/run), each in its own venv.

step_simulator_self_test() {
    python3 "${NCR_ROOT}/tools/ncr_simulator.py" --self-test
}

step_release() {
    bash "${NCR_ROOT}/tests/utils/check-release.sh"
}

add_step simulator-self-test step_simulator_self_test
add_step release step_release

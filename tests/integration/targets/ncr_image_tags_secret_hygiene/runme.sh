#!/usr/bin/env bash
# Secret hygiene of ncloud.ncr.ncr_image_tags (module and lookup) at -vvvv: see hygiene.yml for the paths run.
# Fails if a secret key or any signature the simulator received appears in ansible-playbook's stdout or stderr,
# its log file (ANSIBLE_LOG_PATH), the registered results, or the simulator's own output and request log.
set -eu -o pipefail

# The simulator launcher for script targets (start_simulator, on_exit): tests/utils/simulator.sh, which ansible-test
# copies next to tools/ (needs/file in aliases), four levels above this target's working copy.
# shellcheck source=tests/utils/simulator.sh
source ../../../../tests/utils/simulator.sh

work="$(mktemp -d)"
on_exit rm -rf "${work}"

random_key() {
    head -c 96 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "$1"
}
# No `set -x`: the keys must not reach this script's own output either.
access_key="HYGIENE$(random_key 13)"
secret_key="$(random_key 40)"
wrong_secret="$(random_key 40)"
registry_password="$(random_key 32)"
# A password in the endpoint, with the characters that end a URL's host part early: each piece is searched for.
endpoint_pieces=("$(random_key 12)" "$(random_key 12)" "$(random_key 12)" "$(random_key 12)")
endpoint_password="${endpoint_pieces[0]}/${endpoint_pieces[1]}#${endpoint_pieces[2]}?${endpoint_pieces[3]}"

# The simulator gets the keys through its environment only, and logs every signature it receives. It writes
# requests.jsonl, simulator.out and simulator.err into the work directory (checked for leaks below).
NCR_SIM_ACCESS_KEY="${access_key}" NCR_SIM_SECRET_KEY="${secret_key}" \
    start_simulator python "${work}" --signature-log "${work}/signatures" --ttl 600 --max-page-size 100
endpoint="${SIM_ENDPOINT}"

# The credentials reach module and lookup through the vendor's environment variables (not through Ansible's
# `environment:` keyword, whose values -vvv prints in the EXEC lines); the wrong secret through one more variable.
rc=0
NCLOUD_ACCESS_KEY="${access_key}" NCLOUD_SECRET_KEY="${secret_key}" NCR_HYGIENE_WRONG_SECRET="${wrong_secret}" \
    NCR_HYGIENE_ENDPOINT_PASSWORD="${endpoint_password}" \
    ANSIBLE_LOG_PATH="${work}/ansible.log" \
    ansible-playbook hygiene.yml -i inventory -vvvv -e "ncr_endpoint=${endpoint}" -e "ncr_results_file=${work}/results.json" \
    "$@" >"${work}/stdout" 2>"${work}/stderr" || rc=$?
if [[ "${rc}" -ne 0 ]]; then
    # The playbook's own assertions failed: show the end of its output with every secret masked (in the shell:
    # a sed script would put the secrets on sed's command line).
    masked="$(tail -n 80 "${work}/stdout" "${work}/stderr")"
    masked="${masked//"${secret_key}"/<SECRET>}"
    masked="${masked//"${wrong_secret}"/<WRONG-SECRET>}"
    for i in 0 1 2 3; do
        masked="${masked//"${endpoint_pieces[i]}"/<PW$((i + 1))>}"
    done
    printf '%s\n' "${masked}"
    echo "hygiene.yml failed (exit ${rc})" >&2
    exit 1
fi

outputs=("${work}/stdout" "${work}/stderr" "${work}/ansible.log" "${work}/results.json"
         "${work}/simulator.out" "${work}/simulator.err" "${work}/requests.jsonl")

# ansible-core 2.22 and later: the secrets the module and the lookup read from the environment (no option of the
# task, so only the collection's registration makes them secrets) are masked where masks.yml shows them on purpose.
secrets_api=false
if ansible-playbook --version | head -n 1 | grep -qE 'core 2\.(2[2-9]|[3-9][0-9])'; then
    secrets_api=true
    for mask in module lookup; do
        rc=0
        NCLOUD_ACCESS_KEY="${access_key}" NCLOUD_SECRET_KEY="${secret_key}" \
            ANSIBLE_NCLOUD_NCR_REGISTRY_PASSWORD="${registry_password}" ANSIBLE_LOG_PATH="${work}/ansible.log" \
            ansible-playbook masks.yml -i inventory -vvvv -e "ncr_endpoint=${endpoint}" -e "hygiene_mask=${mask}" \
            "$@" >"${work}/masks-${mask}.stdout" 2>"${work}/masks-${mask}.stderr" || rc=$?
        outputs+=("${work}/masks-${mask}.stdout" "${work}/masks-${mask}.stderr")
        if [[ "${rc}" -ne 0 ]]; then
            echo "masks.yml (${mask}) failed (exit ${rc}); its output is not shown, as it holds the secrets unmasked" >&2
            exit 1
        fi
    done
fi
# stderr and the simulator's output may be empty; these may not.
for file in "${work}/stdout" "${work}/ansible.log" "${work}/results.json" "${work}/requests.jsonl"; do
    if [[ ! -s "${file}" ]]; then
        echo "expected output is missing or empty: $(basename "${file}")" >&2
        exit 1
    fi
done

# The test must have run what it claims: verbosely (-vvv and up show the connection and module transfer), with
# every failure printed, and with many signed requests (every path of hygiene.yml sends at least one).
require() {  # require WHAT FILE FIXED-STRING
    if ! grep -qF -- "$3" "$2"; then
        echo "expected $1 in $(basename "$2"), not found" >&2
        exit 1
    fi
}
require 'verbose connection output' "${work}/stdout" 'ESTABLISH LOCAL CONNECTION'
require 'the collection loaded from its path' "${work}/stdout" 'Loading collection ncloud.ncr from'
require 'the 401 failure' "${work}/stdout" 'HTTP 401 Authentication Failed'
require 'the 429 failure' "${work}/stdout" 'failed after 1 retry: HTTP 429'
require 'the timeout failure' "${work}/stdout" 'no answer within the timeout of 1 s'
require 'the bad-input failure' "${work}/stdout" 'page_size: must be between 1 and 1000, got 0'
require 'the endpoint password refusal' "${work}/stdout" 'endpoint: must not contain credentials, a query or a fragment'
# ansible-core before 2.20 also prints each module's arguments: secret_key must show there masked (2.22 and later
# mask a no_log value as $REDACTED$, the others as VALUE_SPECIFIED_IN_NO_LOG_PARAMETER and ********).
if grep -qF '"module_args"' "${work}/stdout"; then
    if [[ "${secrets_api}" == true ]]; then
        require 'the masked secret_key option' "${work}/stdout" "\$REDACTED\$"
        require 'the endpoint option with its password masked' "${work}/stdout" "hygiene-user:\$REDACTED\$@127.0.0.1"
    else
        require 'the masked secret_key option' "${work}/stdout" 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
        require 'the endpoint option with its password masked' "${work}/stdout" 'hygiene-user:********@127.0.0.1'
    fi
fi
if [[ "${secrets_api}" == true ]]; then
    for mask in module lookup; do
        require "the secret key masked after the ${mask}" "${work}/masks-${mask}.stdout" "secret key after the ${mask}: \$REDACTED\$"
        require "the registry password masked after the ${mask}" "${work}/masks-${mask}.stdout" \
            "registry password after the ${mask}: \$REDACTED\$"
    done
fi
signatures="$(sort -u "${work}/signatures" | wc -l)"
if [[ "${signatures}" -lt 24 ]]; then
    echo "the simulator received only ${signatures} distinct signatures; expected at least 24 (12 paths that send requests, module and lookup)" >&2
    exit 1
fi

leaks=0
check() {  # check LABEL FILE-OF-FIXED-STRINGS: report (without printing the value) where one of them appears
    local label="$1" patterns="$2" file
    for file in "${outputs[@]}"; do
        if [[ -s "${file}" ]] && grep -qF -f "${patterns}" "${file}"; then
            echo "LEAK: ${label} found in $(basename "${file}")" >&2
            leaks=$((leaks + 1))
        fi
    done
}
printf '%s\n' "${secret_key}" >"${work}/secret.pattern"
printf '%s\n' "${wrong_secret}" >"${work}/wrong.pattern"
printf '%s\n' "${registry_password}" >"${work}/registry-password.pattern"
sort -u "${work}/signatures" >"${work}/signatures.pattern"
check 'the secret key' "${work}/secret.pattern"
check 'the wrong secret key' "${work}/wrong.pattern"
check 'the registry password' "${work}/registry-password.pattern"
printf '%s\n' "${endpoint_pieces[@]}" >"${work}/endpoint-password.pattern"
check 'a piece of the endpoint password' "${work}/endpoint-password.pattern"
check 'a request signature' "${work}/signatures.pattern"
# Any base64 HMAC-SHA256 (44 characters ending in one "="), whether or not it reached the simulator.
for file in "${outputs[@]}"; do
    if [[ -s "${file}" ]] && grep -qE '(^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{43}=($|[^A-Za-z0-9+/=])' "${file}"; then
        echo "LEAK: something shaped like a signature found in $(basename "${file}")" >&2
        leaks=$((leaks + 1))
    fi
done
if [[ "${leaks}" -ne 0 ]]; then
    exit 1
fi
echo "no secret or signature in $(printf '%s ' "${outputs[@]##*/}")(${signatures} signatures checked)"

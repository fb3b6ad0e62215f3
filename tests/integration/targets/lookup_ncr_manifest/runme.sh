#!/usr/bin/env bash
# ncloud.ncr.ncr_manifest lookup against the NCR simulator's data plane (see lookup.yml).
set -eux -o pipefail

export ANSIBLE_ROLES_PATH=../
out="$(mktemp)"
trap 'rm -f "${out}"' EXIT

ansible-playbook lookup.yml -i inventory "$@" 2>&1 | tee "${out}"

# on_missing=warn warns about the reference it skips, on_missing=skip does not.
grep -q 'prod-registry/app:warned-missing' "${out}"
if grep -q 'prod-registry/app:quiet-missing' "${out}"; then
    echo "on_missing=skip warned" >&2
    exit 1
fi

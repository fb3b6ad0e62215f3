#!/usr/bin/env bash
# ncloud.ncr.ncr_image_tags lookup against the NCR simulator, in several plays (see lookup.yml).
set -eux -o pipefail

export ANSIBLE_ROLES_PATH=../
out="$(mktemp)"
trap 'rm -f "${out}"' EXIT

ansible-playbook lookup.yml -i inventory "$@" 2>&1 | tee "${out}"

# on_missing=warn warns, on_missing=skip does not.
grep -q 'skipping demo-registry/no-such-image' "${out}"
if grep -q 'skipping demo-registry/quiet-missing' "${out}"; then
    echo "on_missing=skip warned" >&2
    exit 1
fi

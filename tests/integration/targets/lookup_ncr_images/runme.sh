#!/usr/bin/env bash
# ncloud.ncr.ncr_image_tags with image patterns (REGISTRY/PATTERN) and ncloud.ncr.ncr_images, against the NCR simulator.
set -eux -o pipefail

export ANSIBLE_ROLES_PATH=../
out="$(mktemp)"
trap 'rm -f "${out}"' EXIT

ansible-playbook patterns.yml -i inventory "$@" 2>&1 | tee "${out}"

# on_missing=warn warns about the image that answered 404 in the middle of the pattern and the missing registry;
# on_missing=skip does not.
grep -q 'skipping demo-registry/team/backend' "${out}"
grep -q 'skipping nope-registry/\*' "${out}"
grep -q 'skipping nope-registry:' "${out}"
if grep -q 'skipping quiet-registry' "${out}"; then
    echo "on_missing=skip warned" >&2
    exit 1
fi

#!/usr/bin/env bash
# The collection against a real registry, not only our own simulator: Debian's docker-registry (CNCF distribution
# 2.8) on loopback with htpasswd Basic auth, holding images that skopeo pushed from an OCI layout built here
# (build_layout.py: a multi-arch index, a single-platform image whose index carries an attestation manifest, a
# plain manifest, a cosign signature tag of an index digest). skopeo is the reference: every digest it reports for
# a reference is what `docker pull` resolves (`skopeo inspect --format '{{.Digest}}'`), and `skopeo inspect --raw`
# gives the platform entries of an index.
#
# Needs the Debian packages docker-registry and skopeo: installed here with apt-get when missing and this runs as
# root (a fresh CI machine), else the script fails naming them. Ports: the registry and the simulator each listen
# on a free loopback port, so this target runs beside any other.
set -eu -o pipefail

# shellcheck source=tests/utils/simulator.sh
source ../../../../tests/utils/simulator.sh

here="$(pwd)"
work="$(mktemp -d)"
on_exit rm -rf "${work}"

fail() { log "FAIL: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------- the two programs

ensure_packages() {
    local -a missing=()
    command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
    command -v skopeo >/dev/null 2>&1 || missing+=(skopeo)
    [[ "${#missing[@]}" -eq 0 ]] && return 0
    if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        fail "this test needs the Debian packages ${missing[*]} (apt-get install ${missing[*]}): not installed, and" \
            "this is not root on a system with apt-get"
    fi
    log "installing ${missing[*]} with apt-get"
    # policy-rc.d 101: the package's service (a registry on :5000) is not started by the install.
    local policy=/usr/sbin/policy-rc.d placed=""
    if [[ ! -e "${policy}" ]]; then
        printf '#!/bin/sh\nexit 101\n' >"${policy}" && chmod 755 "${policy}" && placed=1
    fi
    local rc=0
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
        >"${work}/apt.log" 2>&1 || rc=$?
    [[ -n "${placed}" ]] && rm -f "${policy}"
    if [[ "${rc}" -ne 0 ]]; then
        tail -n 20 "${work}/apt.log" >&2
        fail "apt-get could not install ${missing[*]} (exit ${rc}); this test needs them"
    fi
    if ! command -v docker-registry >/dev/null 2>&1 || ! command -v skopeo >/dev/null 2>&1; then
        fail "apt-get ran but docker-registry or skopeo is still not on PATH"
    fi
}
ensure_packages
log "$(docker-registry --version) / $(skopeo --version)"

# ---------------------------------------------------------------------------------------------- credentials

random_text() { head -c 96 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "$1"; }
reg_user="pusher$(random_text 6)"
reg_password="$(random_text 24)"

# A bcrypt htpasswd entry (distribution accepts only bcrypt) without another package: crypt(3) of libxcrypt,
# which Debian's essential libcrypt1 provides, through ctypes (Python's crypt module is gone in 3.13). The password
# goes through the environment, not a command line.
bcrypt_entry() {
    REG_PASSWORD="${reg_password}" python - <<'PY'
import base64, ctypes, os, sys
try:
    lib = ctypes.CDLL('libcrypt.so.1')
except OSError as ex:
    sys.exit('cannot load libcrypt.so.1 (Debian package libcrypt1) for a bcrypt htpasswd entry: %s' % ex)
lib.crypt.restype = ctypes.c_char_p
lib.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
alphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
salt = ''.join(alphabet[b % 64] for b in os.urandom(22))
hashed = lib.crypt(os.environ['REG_PASSWORD'].encode(), ('$2b$05$' + salt).encode())
if not hashed or not hashed.startswith(b'$2b$05$') or len(hashed) != 60:
    sys.exit('libcrypt has no bcrypt here (got %r): install apache2-utils and use htpasswd -B' % (hashed[:7],))
print(hashed.decode())
PY
}
printf '%s:%s\n' "${reg_user}" "$(bcrypt_entry)" >"${work}/htpasswd"

# skopeo reads the credentials from an auth file (containers-auth.json), not from --creds on its command line.
REG_AUTH="${work}/auth.json"
REG_CREDS="$(printf '%s:%s' "${reg_user}" "${reg_password}" | base64 -w0)"

# ---------------------------------------------------------------------------------------------- the registry

free_port() {
    python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# http_probe URL: "<status> <WWW-Authenticate>" of a GET without credentials ("000" when nothing answers).
http_probe() {
    python - "$1" <<'PY'
import sys, urllib.error, urllib.request
try:
    answer = urllib.request.urlopen(sys.argv[1], timeout=2)
    print(answer.status, answer.headers.get('WWW-Authenticate', ''))
except urllib.error.HTTPError as ex:
    print(ex.code, ex.headers.get('WWW-Authenticate', ''))
except OSError:
    print('000')
PY
}

REG_PID=""
stop_registry() {
    if [[ -n "${REG_PID}" ]] && kill -0 "${REG_PID}" 2>/dev/null; then
        kill "${REG_PID}" 2>/dev/null || true
        wait "${REG_PID}" 2>/dev/null || true
    fi
}
on_exit stop_registry

start_registry() {
    local attempt port
    for attempt in 1 2 3; do
        port="$(free_port)"
        cat >"${work}/registry.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: ${work}/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
  secret: $(random_text 32)
auth:
  htpasswd:
    realm: ncr-real-registry-test
    path: ${work}/htpasswd
EOF
        docker-registry serve "${work}/registry.yml" >"${work}/registry.out" 2>&1 </dev/null &
        REG_PID=$!
        local waited=0
        while [[ "${waited}" -lt 100 ]] && kill -0 "${REG_PID}" 2>/dev/null; do
            # Up when /v2/ answers 401 with a Basic challenge (it needs the credentials).
            if [[ "$(http_probe "http://127.0.0.1:${port}/v2/")" == "401 Basic"* ]]; then
                REG_HOST="127.0.0.1:${port}"
                log "docker-registry listening on ${REG_HOST} (pid ${REG_PID})"
                return 0
            fi
            sleep 0.1
            waited=$((waited + 1))
        done
        stop_registry
        log "docker-registry did not start on port ${port} (attempt ${attempt}):"
        tail -n 5 "${work}/registry.out" >&2
    done
    fail "docker-registry did not start"
}
REG_HOST=""
start_registry
printf '{"auths": {"%s": {"auth": "%s"}}}\n' "${REG_HOST}" "${REG_CREDS}" >"${REG_AUTH}"
# Every image is trusted: the test judges digests, not signatures (skopeo's default policy may be absent).
printf '{"default": [{"type": "insecureAcceptAnything"}]}\n' >"${work}/policy.json"

skopeo_() {
    skopeo --policy "${work}/policy.json" "$@"
}

# ---------------------------------------------------------------------------------------------- push the images

python "${here}/build_layout.py" "${work}/layout" "${work}/plan.json" "${work}/seed.json"
image="$(python -c 'import json, sys; print(json.load(open(sys.argv[1]))["image"])' "${work}/plan.json")"
mapfile -t tags < <(python -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))["tags"]))' "${work}/plan.json")

for tag in "${tags[@]}"; do
    # --preserve-digests: skopeo must fail rather than push something other than what the layout holds.
    skopeo_ copy --quiet --all --preserve-digests --authfile "${REG_AUTH}" --dest-tls-verify=false \
        "oci:${work}/layout:${tag}" "docker://${REG_HOST}/${image}:${tag}" \
        || fail "skopeo copy of ${image}:${tag} to ${REG_HOST} failed"
done
log "pushed ${image}: ${tags[*]}"

# ---------------------------------------------------------------------------------------------- skopeo's answers

# What skopeo reports for each tag: the digest it resolves to, and the raw manifest (the index's platform entries,
# attestation manifests left out as every tool does), and the config of each platform's image (created, labels).
# Written to skopeo.json for the playbook, which compares every digest the collection reports against it.
for tag in "${tags[@]}"; do
    skopeo_ inspect --authfile "${REG_AUTH}" --tls-verify=false --format '{{.Digest}}' \
        "docker://${REG_HOST}/${image}:${tag}" >"${work}/digest-${tag}" || fail "skopeo inspect of ${image}:${tag} failed"
    skopeo_ inspect --authfile "${REG_AUTH}" --tls-verify=false --raw "docker://${REG_HOST}/${image}:${tag}" \
        >"${work}/raw-${tag}.json" || fail "skopeo inspect --raw of ${image}:${tag} failed"
done
# The images whose config the playbook compares: every platform entry of an index, and each tag that is one
# manifest (its config says its platform).
mapfile -t images < <(python - "${work}" "${tags[@]}" <<'PY'
import json, os, sys
for tag in sys.argv[2:]:
    with open(os.path.join(sys.argv[1], 'raw-%s.json' % tag)) as handle:
        raw = json.load(handle)
    if 'manifests' not in raw:
        print(tag)
    for entry in raw.get('manifests', []):
        if (entry.get('annotations') or {}).get('vnd.docker.reference.type') != 'attestation-manifest':
            print(entry['digest'])
PY
)
for ref in "${images[@]}"; do
    sep=":"
    [[ "${ref}" == sha256:* ]] && sep="@"
    skopeo_ inspect --authfile "${REG_AUTH}" --tls-verify=false --config "docker://${REG_HOST}/${image}${sep}${ref}" \
        >"${work}/config-${ref}.json" || fail "skopeo inspect --config of ${image}${sep}${ref} failed"
done
skopeo_json="${work}/skopeo.json"
python - "${work}" "${REG_HOST}" "${image}" "${tags[@]}" >"${skopeo_json}" <<'PY'
import json, os, sys
work, host, image, tags = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
def read(name):
    with open(os.path.join(work, name)) as handle:
        return handle.read()
def config(ref):
    document = json.loads(read('config-%s.json' % ref))
    return {'created': document.get('created'), 'labels': (document.get('config') or {}).get('Labels') or {},
            'os': document.get('os'), 'architecture': document.get('architecture'), 'variant': document.get('variant')}
def platform(os_name, arch, variant):
    return '/'.join(x for x in (os_name, arch, variant) if x)
out = {'registry_host': host, 'image': image, 'tags': {}}
for tag in tags:
    raw = json.loads(read('raw-%s.json' % tag))
    platforms = []
    for entry in raw.get('manifests', []):
        if (entry.get('annotations') or {}).get('vnd.docker.reference.type') == 'attestation-manifest':
            continue
        p = entry['platform']
        platforms.append({'platform': platform(p['os'], p['architecture'], p.get('variant')),
                          'os': p['os'], 'architecture': p['architecture'], 'variant': p.get('variant'),
                          'digest': entry['digest'], 'size': entry['size'], 'media_type': entry['mediaType'],
                          'config': config(entry['digest'])})
    digest = read('digest-%s' % tag).strip()
    if 'manifests' not in raw:
        # One manifest: its own platform, as its config gives it (none for a config without os and architecture,
        # such as a cosign signature's).
        own = config(tag)
        if own['os'] and own['architecture']:
            platforms.append({'platform': platform(own['os'], own['architecture'], own['variant']),
                              'os': own['os'], 'architecture': own['architecture'], 'variant': own['variant'],
                              'digest': digest, 'size': len(read('raw-%s.json' % tag).encode('utf-8')),
                              'media_type': raw.get('mediaType'), 'config': own})
    out['tags'][tag] = {'digest': digest, 'media_type': raw.get('mediaType'),
                        'annotations': raw.get('annotations') or {}, 'platforms': platforms,
                        'entries': len(raw.get('manifests', []))}
json.dump(out, sys.stdout, indent=1)
PY

# The registry serves what was built (the test data is what it claims), and skopeo's digest is the sha256 of the
# exact manifest bytes it read: checked before anything is compared against these answers.
python - "${work}/plan.json" "${skopeo_json}" "${work}" <<'PY'
import hashlib, json, os, sys
with open(sys.argv[1]) as handle:
    plan = json.load(handle)
with open(sys.argv[2]) as handle:
    seen = json.load(handle)
errors = []
for tag, want in plan['tags'].items():
    got = seen['tags'][tag]
    with open(os.path.join(sys.argv[3], 'raw-%s.json' % tag), 'rb') as handle:
        raw = handle.read()
    if got['digest'] != want['digest']:
        errors.append('%s: skopeo reports %s, the layout built %s' % (tag, got['digest'], want['digest']))
    if 'sha256:' + hashlib.sha256(raw).hexdigest() != got['digest']:
        errors.append('%s: skopeo --raw bytes do not hash to its digest %s' % (tag, got['digest']))
    if got['media_type'] != want['media_type']:
        errors.append('%s: media type %s, built %s' % (tag, got['media_type'], want['media_type']))
    if got['entries'] and [p['digest'] for p in got['platforms']] != [p['digest'] for p in want['platforms']]:
        errors.append('%s: platform entries %s, built %s' % (tag, got['platforms'], want['platforms']))
if errors:
    sys.exit('the registry does not hold what was built:\n  ' + '\n  '.join(errors))
print('registry holds %d tags as built; skopeo digests = sha256 of the manifests it read' % len(plan['tags']))
PY

# Without credentials the registry refuses: the auth the collection must handle is really in force.
answer="$(http_probe "http://${REG_HOST}/v2/${image}/manifests/1.0.0")"
[[ "${answer}" == "401 Basic"* ]] || fail "the registry answered '${answer}' without credentials, expected 401 Basic"

# ---------------------------------------------------------------------------------------------- the collection

# The simulator serves NCR's API for the same tags (seed.json from build_layout.py: each tag's API digest is its
# linux/amd64 image's, the signature tag named after 1.0.0's index), with keys made up for this run.
NCR_SIM_ACCESS_KEY="REALREG$(random_text 13)"
NCR_SIM_SECRET_KEY="$(random_text 40)"
export NCR_SIM_ACCESS_KEY NCR_SIM_SECRET_KEY
start_simulator python "${work}/simulator" --data "${work}/seed.json" --ttl 900

# Keys and registry credentials through the environment (the modules', lookups' and role's fallbacks), never on a
# command line.
rc=0
NCLOUD_ACCESS_KEY="${NCR_SIM_ACCESS_KEY}" NCLOUD_SECRET_KEY="${NCR_SIM_SECRET_KEY}" \
    ANSIBLE_NCLOUD_NCR_REGISTRY_USERNAME="${reg_user}" ANSIBLE_NCLOUD_NCR_REGISTRY_PASSWORD="${reg_password}" \
    ansible-playbook real_registry.yml -i inventory -e "ncr_endpoint=${SIM_ENDPOINT}" \
    -e "registry_url=http://${REG_HOST}" -e "skopeo_file=${skopeo_json}" "$@" 2>&1 | tee "${work}/playbook.out" \
    || rc=$?
if [[ "${rc}" -ne 0 ]]; then
    fail "real_registry.yml failed (exit ${rc})"
fi
# The registry password must not have reached the playbook's output.
if grep -qF -- "${reg_password}" "${work}/playbook.out"; then
    fail "the registry password appears in the playbook's output"
fi
log "every digest the module, the lookup, ncr_image_tags and the role reported equals skopeo's"

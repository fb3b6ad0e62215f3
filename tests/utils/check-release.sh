#!/usr/bin/env bash
# The step_* functions are called by name from the step table below.
# shellcheck disable=SC2329
# Release checks of the collection: docs, changelog, ansible-lint, Galaxy build/import/install.
#
#   bash tests/utils/check-release.sh [STEP ...]
#
# Steps (all by default, in this order):
#   docs-lint            antsibull-docs lint-collection-docs --plugin-docs (plugin, role and guide docs)
#   docs-build           antsibull-docs sphinx-init + collection RST + sphinx-build -W (warnings are errors)
#   changelog-lint       antsibull-changelog lint, changelog.yaml strict lint, CHANGELOG.rst up to date
#   ansible-lint         ansible-lint (profile production, offline) on roles, examples, integration targets
#   galaxy-build-import  ansible-galaxy collection build + galaxy-importer (offline, no Docker, no ansible-test)
#   galaxy-install-run   install the tarball into a temp path; ansible-doc of the module, lookup and role;
#                        a playbook against tools/ncr_simulator.py when it exists, and bad-input runs
#
# Self-contained: creates its own virtual environment under .cache/venvs/release (Python 3.11+,
# found as python3, python3.13/3.12/3.11 or a pyenv build under ~/.pyenv/versions) with pinned-ish
# tools from PyPI, and keeps its scratch files under .cache/release. Works from any directory.
# Needs no network but PyPI (first run only), no Docker, no Galaxy.
#
# Environment: NCR_RELEASE_PYTHON=/path/to/python3.x forces the interpreter of the venv;
# NCR_RELEASE_KEEP=1 keeps the scratch directory of the previous run instead of wiping it.

set -uo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.cache/venvs/release"
WORK="$ROOT/.cache/release"
ALL_STEPS=(docs-lint docs-build changelog-lint ansible-lint galaxy-build-import galaxy-install-run)

# Pinned-ish: the versions this was last verified with, allowing compatible updates.
REQUIREMENTS=(
  'ansible-core>=2.19.0,<2.20'
  'antsibull-docs>=2.28.0,<3'
  'antsibull-changelog>=0.36.0,<0.37'
  'ansible-lint>=26.10.1,<27'
  'galaxy-importer>=0.4.44,<0.5'
  'sphinx>=8.2,<10'
  'sphinx-ansible-theme>=0.10.4,<0.11'
  'ansible-pygments>=0.1.2,<0.2'
  'requests>=2.25'
)

log() { printf '\n=== %s\n' "$*"; }
die() { printf 'check-release: %s\n' "$*" >&2; exit 2; }

usage() {
  sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# ---------------------------------------------------------------- arguments
STEPS=()
for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    all) STEPS+=("${ALL_STEPS[@]}") ;;
    *)
      found=0
      for s in "${ALL_STEPS[@]}"; do [[ "$arg" == "$s" ]] && found=1; done
      [[ $found == 1 ]] || die "unknown step '$arg' (steps: ${ALL_STEPS[*]})"
      STEPS+=("$arg") ;;
  esac
done
[[ ${#STEPS[@]} -gt 0 ]] || STEPS=("${ALL_STEPS[@]}")

# ---------------------------------------------------------------- virtual environment
python_ok() { "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1; }

find_python() {
  local c
  if [[ -n "${NCR_RELEASE_PYTHON:-}" ]]; then
    python_ok "$NCR_RELEASE_PYTHON" || die "NCR_RELEASE_PYTHON=$NCR_RELEASE_PYTHON is not a Python 3.11+ with venv"
    echo "$NCR_RELEASE_PYTHON"; return
  fi
  for c in python3 python3.11 python3.12 python3.13 \
           "$HOME"/.pyenv/versions/3.11.*/bin/python3.11 \
           "$HOME"/.pyenv/versions/3.12.*/bin/python3.12 \
           "$HOME"/.pyenv/versions/3.13.*/bin/python3.13; do
    if command -v "$c" >/dev/null 2>&1 && python_ok "$(command -v "$c")"; then
      command -v "$c"; return
    fi
  done
  die "no Python 3.11+ with the venv module found (tried python3, python3.11-3.13, ~/.pyenv/versions/3.1[123].*)"
}

setup_venv() {
  local stamp="$VENV/.requirements" wanted
  wanted="$(printf '%s\n' "${REQUIREMENTS[@]}")"
  if [[ -x "$VENV/bin/python" && -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$wanted" ]] \
     && "$VENV/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    return 0
  fi
  local py; py="$(find_python)" || exit 2
  log "setting up $VENV with $("$py" --version 2>&1) ($py)"
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  "$py" -m venv "$VENV" || die "could not create $VENV"
  local pip_log="$ROOT/.cache/venvs/release-pip.log"
  { "$VENV/bin/python" -m pip install --disable-pip-version-check --upgrade pip \
    && "$VENV/bin/python" -m pip install --disable-pip-version-check "${REQUIREMENTS[@]}"; } > "$pip_log" 2>&1 \
    || { tail -40 "$pip_log" >&2; die "installing the release tools failed (log: $pip_log)"; }
  "$VENV/bin/python" -m pip freeze --disable-pip-version-check 2>/dev/null \
    | grep -i -E '^(ansible[-_]core|ansible[-_]lint|antsibull[-_]docs|antsibull[-_]changelog|galaxy[-_]importer|sphinx)==' | tr '\n' ' '; echo
  printf '%s\n' "$wanted" > "$stamp"
}

# ---------------------------------------------------------------- shared environment
prepare() {
  setup_venv
  export PATH="$VENV/bin:$PATH"
  unset ANSIBLE_CONFIG PYTHONPATH
  if [[ "${NCR_RELEASE_KEEP:-0}" != 1 ]]; then rm -rf "$WORK"; fi
  mkdir -p "$WORK/tmp"
  export ANSIBLE_LOCAL_TEMP="$WORK/tmp" ANSIBLE_NOCOLOR=1 PY_COLORS=0 NO_COLOR=1 ANSIBLE_FORCE_COLOR=0
  COLL_NS="$(python - "$ROOT/galaxy.yml" <<'EOF'
import sys, yaml
with open(sys.argv[1]) as f:
    g = yaml.safe_load(f)
print(g['namespace'], g['name'], g['version'])
EOF
)" || die "cannot read galaxy.yml"
  read -r NS NAME VERSION <<<"$COLL_NS"
  FQCN="$NS.$NAME"
  # The tools find a collection only inside an ansible_collections/NS/NAME tree: link this checkout there.
  COLLECTIONS="$WORK/collections"
  mkdir -p "$COLLECTIONS/ansible_collections/$NS"
  ln -sfn "$ROOT" "$COLLECTIONS/ansible_collections/$NS/$NAME"
}

# The collection under test is the checkout, whatever else is installed for this user.
with_checkout() { ANSIBLE_COLLECTIONS_PATH="$COLLECTIONS" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false "$@"; }

# ---------------------------------------------------------------- steps
step_docs_lint() {
  cd "$ROOT" || return 1
  with_checkout antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs \
    --validate-collection-refs dependent --disallow-unknown-collection-refs .
}

step_docs_build() {
  local site="$WORK/docsite"
  rm -rf "$site"; mkdir -p "$site" && chmod 700 "$site" || return 1
  cd "$site" || return 1
  with_checkout antsibull-docs sphinx-init --use-current --fail-on-error --dest-dir "$site" "$FQCN" >/dev/null || return 1
  # What sphinx-init's build.sh does, with offline intersphinx inventories in between.
  mkdir -p rst && chmod og-w rst
  with_checkout antsibull-docs --config-file antsibull-docs.cfg collection --cleanup everything --fail-on-error \
    --use-current --dest-dir rst "$FQCN" || return 1
  # No network here: conf.py falls back to ../<name>.inv for each intersphinx inventory. Write them:
  # empty ones for Python and Jinja, and for ansible-core's docs only the labels that the generated
  # RST refers to outside this collection (links to docs.ansible.com). Labels of this collection are
  # never stubbed, so a broken reference in the guides still fails the build.
  python - "$site" "$NS" "$NAME" <<'EOF' || return 1
import os, re, sys, zlib
site, ns, name = sys.argv[1:]
own = 'ansible_collections.%s.%s.' % (ns, name)
defined, wanted = set(), set()
for base, _, files in os.walk(os.path.join(site, 'rst')):
    for fn in files:
        if not fn.endswith('.rst'):
            continue
        text = open(os.path.join(base, fn), encoding='utf-8').read()
        defined.update(re.findall(r'^\.\. _([^:]+):\s*$', text, re.M))
        for target in re.findall(r':ref:`(?:[^`<]*<)?([^`<>]+)>?`', text):
            wanted.add(target.strip())
        for fqcn, ptype in re.findall(r':ansplugin:`(?:[^`<]*<)?([a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_.]+)#([a-z_]+)>?`', text):
            if not fqcn.startswith('%s.%s.' % (ns, name)):
                wanted.add('ansible_collections.%s_%s' % (fqcn, ptype))
external = sorted(t for t in wanted if t not in defined and not t.startswith(own))
def inventory(path, project, labels):
    body = ''.join('%s std:label -1 %s %s\n' % (label, 'index.html', label) for label in labels)
    with open(path, 'wb') as f:
        f.write(('# Sphinx inventory version 2\n# Project: %s\n# Version: \n'
                 '# The remainder of this file is compressed using zlib.\n' % project).encode())
        f.write(zlib.compress(body.encode()))
for inv, project in (('python2.inv', 'Python'), ('python3.inv', 'Python'), ('jinja2.inv', 'Jinja')):
    inventory(os.path.join(site, inv), project, [])
inventory(os.path.join(site, 'ansible_devel.inv'), 'Ansible', external)
print('offline intersphinx stub for docs.ansible.com labels: %s' % (', '.join(external) or 'none'))
EOF
  sphinx-build -M html rst build -c . -W --keep-going -q 2>&1 | tee "$WORK/docs-build.log"
  local rc=${PIPESTATUS[0]}
  if grep -q -E 'WARNING|ERROR' "$WORK/docs-build.log"; then rc=1; fi
  [[ $rc == 0 ]] && echo "HTML docs: $site/build/html/collections/$NS/$NAME/index.html"
  return "$rc"
}

step_changelog_lint() {
  cd "$ROOT" || return 1
  local rc=0
  antsibull-changelog lint || rc=1
  antsibull-changelog lint-changelog-yaml --strict changelogs/changelog.yaml || rc=1
  # CHANGELOG.rst must be what antsibull-changelog generates from changelogs/changelog.yaml.
  with_checkout antsibull-changelog generate --output "$WORK/CHANGELOG.rst" || rc=1
  if ! diff -u CHANGELOG.rst "$WORK/CHANGELOG.rst"; then
    echo "CHANGELOG.rst is not up to date with changelogs/changelog.yaml: run antsibull-changelog generate" >&2
    rc=1
  fi
  python - "$VERSION" <<'EOF' || rc=1
import sys, yaml
from packaging.version import Version
version = sys.argv[1]
with open('changelogs/changelog.yaml') as f:
    releases = yaml.safe_load(f).get('releases') or {}
newest = max(releases, key=Version) if releases else None
if newest is not None and Version(version) < Version(newest):
    sys.exit('galaxy.yml version %s is older than the newest release in changelogs/changelog.yaml (%s)' % (version, newest))
print('galaxy.yml version %s; releases in changelog.yaml: %s' % (version, ', '.join(sorted(releases, key=Version))))
EOF
  return "$rc"
}

step_ansible_lint() {
  cd "$ROOT" || return 1
  # .ansible-lint sets profile production and offline; the checkout is the ncloud.ncr it resolves.
  # Script targets' playbooks use setup_ncr_simulator as ansible-test does: from the targets folder.
  ANSIBLE_COLLECTIONS_PATH="$COLLECTIONS" ANSIBLE_ROLES_PATH="$ROOT/tests/integration/targets" ansible-lint --offline --nocolor
}

step_galaxy_build_import() {
  local dist="$WORK/dist" rc=0
  rm -rf "$dist"; mkdir -p "$dist/importer-tmp" "$dist/ansible-tmp"
  cd "$ROOT" || return 1
  ansible-galaxy collection build --force --output-path "$dist" . || return 1
  TARBALL="$dist/$NS-$NAME-$VERSION.tar.gz"
  [[ -f "$TARBALL" ]] || { echo "no $TARBALL"; return 1; }
  cat > "$dist/galaxy-importer.cfg" <<EOF
[galaxy-importer]
run_ansible_doc = True
run_ansible_lint = True
offline_ansible_lint = True
run_ansible_test = False
ansible_test_local_image = False
local_image_docker = False
run_flake8 = False
check_changelog = True
check_required_tags = True
require_v1_or_greater = True
ansible_local_tmp = $dist/ansible-tmp
tmp_root_dir = $dist/importer-tmp
log_level_main = INFO
EOF
  cd "$dist" || return 1
  # ANSIBLE_COLLECTIONS_PATH is left out on purpose: the importer finds the collection in the tarball.
  env -u ANSIBLE_COLLECTIONS_PATH GALAXY_IMPORTER_CONFIG="$dist/galaxy-importer.cfg" \
    python -m galaxy_importer.main "$TARBALL" > "$WORK/galaxy-importer.log" 2>&1 || rc=1
  cat "$WORK/galaxy-importer.log"
  grep -q 'Importer processing completed successfully' "$WORK/galaxy-importer.log" || rc=1
  if grep -E '^(ERROR|CRITICAL)' "$WORK/galaxy-importer.log"; then rc=1; fi
  echo "--- importer warnings:"
  grep -E '^WARNING' "$WORK/galaxy-importer.log" || echo "(none)"
  return "$rc"
}

step_galaxy_install_run() {
  local dist="$WORK/dist" inst="$WORK/installed" rc=0
  TARBALL="$dist/$NS-$NAME-$VERSION.tar.gz"
  if [[ ! -f "$TARBALL" ]]; then
    mkdir -p "$dist"; cd "$ROOT" || return 1
    ansible-galaxy collection build --force --output-path "$dist" . || return 1
  fi
  rm -rf "$inst"; mkdir -p "$inst"
  ansible-galaxy collection install --offline --force -p "$inst" "$TARBALL" || return 1
  local installed="$inst/ansible_collections/$NS/$NAME"
  [[ -f "$installed/MANIFEST.json" ]] || { echo "not installed at $installed"; return 1; }
  # From here on only the installed copy is visible.
  export ANSIBLE_COLLECTIONS_PATH="$inst" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
  ansible-galaxy collection list "$FQCN" || rc=1

  local t words
  for t in "module $FQCN.ncr_image_tags" "lookup $FQCN.ncr_image_tags" "role $FQCN.resolve_image"; do
    read -r -a words <<< "$t"
    set -- "${words[@]}"
    if ansible-doc -t "$1" "$2" > "$WORK/ansible-doc-$1.txt" 2>&1 && grep -q "$installed" "$WORK/ansible-doc-$1.txt" \
       || { [[ "$1" == role ]] && grep -q 'ENTRY POINT' "$WORK/ansible-doc-$1.txt"; }; then
      echo "ansible-doc -t $1 $2: ok ($(wc -l < "$WORK/ansible-doc-$1.txt") lines)"
    else
      echo "ansible-doc -t $1 $2: FAILED"; cat "$WORK/ansible-doc-$1.txt"; rc=1
    fi
  done

  local play="$WORK/play"
  rm -rf "$play"; mkdir -p "$play"
  printf 'localhost ansible_connection=local ansible_python_interpreter=%s\n' "$VENV/bin/python" > "$play/inventory"

  # Bad input fails cleanly, before any request, in the module and the lookup.
  cat > "$play/bad-input.yml" <<EOF
- name: Bad input fails cleanly
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Module with an invalid registry name
      $FQCN.ncr_image_tags:
        registry: Not_A_Registry
        image: web
        access_key: AKIDEXAMPLE
        secret_key: not-a-secret
        endpoint: http://127.0.0.1:9/ncr/api/v2
      register: bad_module
      ignore_errors: true

    - name: Lookup with a term that is not REGISTRY/IMAGE
      ansible.builtin.set_fact:
        bad_lookup: "{{ lookup('$FQCN.ncr_image_tags', 'no-slash', access_key='AKIDEXAMPLE', secret_key='not-a-secret') }}"
      register: bad_lookup_result
      ignore_errors: true

    - name: Both failed with a message naming the problem, and nothing was sent
      ansible.builtin.assert:
        that:
          - bad_module is failed
          - bad_module.msg is search('registry')
          - bad_module.error.option == 'registry'
          - bad_lookup_result is failed
          - bad_lookup_result.msg is search('REGISTRY/IMAGE')
EOF
  if (cd "$play" && ansible-playbook -i inventory bad-input.yml) > "$WORK/bad-input.log" 2>&1; then
    echo "bad-input playbook: ok"
  else
    cat "$WORK/bad-input.log"; echo "bad-input playbook: FAILED"; rc=1
  fi

  # A real run of the module, the lookup and the role against the simulator, when there is one.
  if [[ -f "$ROOT/tools/ncr_simulator.py" ]]; then
    run_against_simulator "$play" || rc=1
  else
    echo "tools/ncr_simulator.py not found: skipped the run against the simulator"
  fi
  return "$rc"
}

run_against_simulator() {
  local play="$1" url_file="$1/ncr.url" pid rc=0
  local sim_access=RELEASECHECKACCESS01 sim_secret=release-check-secret-key-0000000000000001
  # The seed data loads too; the checks below use an image of their own, so they do not depend on it.
  # A page size of 2 makes every listing take several pages.
  python "$ROOT/tools/ncr_simulator.py" --data "$ROOT/tools/ncr_seed.json" --port 0 --url-file "$url_file" \
    --access-key "$sim_access" --secret-key "$sim_secret" --max-page-size 2 --ttl 600 \
    > "$WORK/simulator.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 150); do [[ -s "$url_file" ]] && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if [[ ! -s "$url_file" ]]; then
    echo "the simulator did not start:"; cat "$WORK/simulator.log"; kill "$pid" 2>/dev/null; return 1
  fi
  local url; url="$(tr -d '[:space:]' < "$url_file")"
  python - "$url" <<'EOF' || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; return 1; }
import json, sys
from urllib.request import Request, urlopen
base = sys.argv[1].split('/ncr/')[0]
tags = [
    {'name': 'v1.2.0', 'date': '2024-01-10T00:00:00Z', 'platforms': ['linux/amd64', 'linux/arm64/v8']},
    {'name': 'v1.10.0', 'date': '2024-02-10T00:00:00Z', 'platforms': ['linux/amd64', 'linux/arm64/v8']},
    {'name': 'v2.0.0-rc.1', 'date': '2024-03-10T00:00:00Z'},
    {'name': 'latest', 'date': '2024-03-11T00:00:00Z', 'same_as': 'v1.10.0'},
    {'name': 'dev-abc', 'date': '2024-03-12T00:00:00Z'},
]
body = json.dumps({'registry': 'release-check', 'image': 'team/app', 'tags': tags, 'replace': True}).encode()
req = Request(base + '/_sim/images', data=body, headers={'Content-Type': 'application/json'}, method='POST')
print('simulator: %s' % json.load(urlopen(req, timeout=10)))
EOF
  cat > "$play/simulator.yml" <<EOF
- name: The installed collection against the NCR simulator
  hosts: localhost
  gather_facts: false
  vars:
    sim:
      endpoint: "$url"
      access_key: "$sim_access"
      secret_key: "$sim_secret"
  module_defaults:
    group/$FQCN.ncr:
      endpoint: "{{ sim.endpoint }}"
      access_key: "{{ sim.access_key }}"
      secret_key: "{{ sim.secret_key }}"
      page_size: 2
  tasks:
    - name: Every tag (several pages)
      $FQCN.ncr_image_tags:
        registry: release-check
        image: team/app
      register: all_tags

    - name: Newest stable release, arm64 digest
      $FQCN.ncr_image_tags:
        registry: release-check
        image: team/app
        sort: semver
        include_prerelease: false
        platform: linux/arm64
        limit: 1
      register: release

    - name: Existence check
      $FQCN.ncr_image_tags:
        registry: release-check
        image: team/app
        tag: [v1.10.0, v9.9.9]
      register: exists

    - name: Missing image fails
      $FQCN.ncr_image_tags:
        registry: release-check
        image: team/nope
      register: missing_image
      ignore_errors: true

    - name: The module's answers
      ansible.builtin.assert:
        that:
          - all_tags is not changed
          - all_tags.total == 5
          - all_tags.latest.name == 'dev-abc'
          - release.names == ['v1.10.0']
          - release.latest.platform_digest is match('sha256:')
          - release.latest.platform_digest != release.latest.digest
          - exists.found is false
          - exists.missing == ['v9.9.9']
          - missing_image is failed
          - missing_image.error.status == 404

    - name: The lookup's answers
      ansible.builtin.assert:
        that:
          - lookup('$FQCN.ncr_image_tags', 'release-check/team/app', sort='semver', include_prerelease=false, output='latest', **sim) == 'v1.10.0'
          - query('$FQCN.ncr_image_tags', 'release-check/team/app', **sim) | length == 5
          - query('$FQCN.ncr_image_tags', 'release-check/team/nope', on_missing='skip', **sim) == []

    - name: The role
      ansible.builtin.include_role:
        name: $FQCN.resolve_image
      vars:
        resolve_image_registry: release-check
        resolve_image_image: team/app
        resolve_image_policy: semver
        resolve_image_platform: linux/arm64
        resolve_image_endpoint: "{{ sim.endpoint }}"
        resolve_image_access_key: "{{ sim.access_key }}"
        resolve_image_secret_key: "{{ sim.secret_key }}"

    - name: The role's facts
      ansible.builtin.assert:
        that:
          - resolve_image_tag == 'v1.10.0'
          - resolve_image_digest == release.latest.platform_digest
          - resolve_image_reference == 'release-check.kr.ncr.ntruss.com/team/app:v1.10.0'
          - resolve_image_pinned_reference == 'release-check.kr.ncr.ntruss.com/team/app@' ~ release.latest.platform_digest
EOF
  if (cd "$play" && ansible-playbook -i inventory simulator.yml) > "$WORK/simulator-run.log" 2>&1; then
    echo "simulator playbook (module, lookup, role): ok"
  else
    cat "$WORK/simulator-run.log"; echo "simulator playbook: FAILED"; rc=1
  fi
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  return "$rc"
}

# ---------------------------------------------------------------- main
prepare
declare -A RESULT DURATION
overall=0
for step in "${STEPS[@]}"; do
  log "$step"
  start=$(date +%s)
  ( "step_${step//-/_}" )
  rc=$?
  DURATION[$step]=$(( $(date +%s) - start ))
  if [[ $rc == 0 ]]; then RESULT[$step]=PASS; else RESULT[$step]="FAIL (exit $rc)"; overall=1; fi
done

log "summary ($FQCN $VERSION)"
for step in "${STEPS[@]}"; do
  printf '  %-20s %-16s %4ss\n' "$step" "${RESULT[$step]}" "${DURATION[$step]}"
done
exit "$overall"

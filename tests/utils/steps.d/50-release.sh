# shellcheck shell=bash
# Sourced by run-tests.sh (see its header): the release checks of the collection, each a step of its own, all
# with the tools of one virtual environment, on this checkout (not the copy ansible-test runs in):
#
#   setup-release        .cache/venvs/release (Python 3.11) with the release tools below (ensure_venv: reused while
#                        its pins match; the first build takes a few minutes)
#   docs-lint            antsibull-docs lint-collection-docs --plugin-docs (plugin, role and guide docs)
#   docs-build           antsibull-docs sphinx-init + collection RST + sphinx-build -W (warnings are errors)
#   changelog-lint       antsibull-changelog lint, changelog.yaml strict lint, CHANGELOG.rst up to date, and
#                        tests/utils/release_versions.py: galaxy.yml's version, every version_added and the releases of
#                        changelog.yaml agree (nothing newer than galaxy.yml, each released plugin listed in its release)
#   ansible-lint         plain `ansible-lint` from the collection root (.ansible-lint: profile production, offline)
#   galaxy-build-import  ansible-galaxy collection build + galaxy-importer (offline, no Docker, no ansible-test),
#                        and no cache or test output in the tarball
#   galaxy-install-run   the tarball installed into a scratch path; ansible-doc of the module, lookup and role;
#                        tests/utils/playbooks/release_bad_input.yml, and release_simulator.yml against the simulator
#   readme-examples      every yaml example of README.md against the simulator, as README's offline section says
#
# Scratch files of a step go to .cache/release/<step>/ (wiped when the step starts). Needs no network but the
# package index (first build of the venv only), no Docker, no Galaxy.

RELEASE_PYTHON=3.11
RELEASE_VENV="${NCR_CACHE}/venvs/release"
RELEASE_WORK="${NCR_CACHE}/release"
# Pinned-ish: the versions this was last verified with, allowing compatible updates.
RELEASE_REQUIREMENTS=(
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
# What a built collection must not hold (tarball paths, as `tar -tzf` lists them): caches of Python, pytest,
# hypothesis, ansible-lint and antsibull-changelog, ansible-test's output, local virtual environments.
RELEASE_TARBALL_UNWANTED='(^|/)(__pycache__|\.pytest_cache|\.hypothesis|\.cache|\.ansible|\.venv|\.tox|\.mypy_cache|\.ruff_cache)(/|$)|\.py[co]$|(^|/)tests/output(/|$)|\.plugin-cache\.yaml$|\.tar\.gz$'

step_setup_release() {
    ensure_venv "${RELEASE_VENV}" "${RELEASE_PYTHON}" "${RELEASE_REQUIREMENTS[@]}"
    "${RELEASE_VENV}/bin/python" -m pip freeze --disable-pip-version-check 2>/dev/null \
        | grep -i -E '^(ansible[-_]core|ansible[-_]lint|antsibull[-_]docs|antsibull[-_]changelog|galaxy[-_]importer|sphinx)==' \
        | tr '\n' ' '
    echo
}

# release_env: what every release step starts with, in its own subshell. The release tools first on PATH; a fresh
# scratch directory WORK; NS, NAME and FQCN from galaxy.yml; COLLECTIONS, a collections path where this
# checkout is the ncloud.ncr the tools find (they look for it only inside an ansible_collections/NS/NAME tree).
release_env() {
    export PATH="${RELEASE_VENV}/bin:${PATH}"
    unset ANSIBLE_CONFIG PYTHONPATH
    WORK="${RELEASE_WORK}/${CURRENT_STEP}"
    rm -rf "${WORK}"
    mkdir -p "${WORK}/tmp"
    export ANSIBLE_LOCAL_TEMP="${WORK}/tmp" ANSIBLE_NOCOLOR=1 PY_COLORS=0 NO_COLOR=1 ANSIBLE_FORCE_COLOR=0
    local info
    info="$(python - "${NCR_ROOT}/galaxy.yml" <<'PY'
import sys, yaml
with open(sys.argv[1]) as f:
    g = yaml.safe_load(f)
print(g['namespace'], g['name'])
PY
)"
    read -r NS NAME <<<"${info}"
    FQCN="${NS}.${NAME}"
    COLLECTIONS="${RELEASE_WORK}/collections"
    mkdir -p "${COLLECTIONS}/ansible_collections/${NS}"
    ln -sfn "${NCR_ROOT}" "${COLLECTIONS}/ansible_collections/${NS}/${NAME}"
    cd "${NCR_ROOT}" || return
}

# with_checkout COMMAND...: run it with this checkout as the only ncloud.ncr, whatever else is installed.
with_checkout() { ANSIBLE_COLLECTIONS_PATH="${COLLECTIONS}" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false "$@"; }

step_docs_lint() {
    release_env
    with_checkout antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs \
        --validate-collection-refs dependent --disallow-unknown-collection-refs .
}

step_docs_build() {
    release_env
    local site="${WORK}/docsite" rc=0
    mkdir -p "${site}"
    chmod 700 "${site}"
    cd "${site}" || return
    with_checkout antsibull-docs sphinx-init --use-current --fail-on-error --dest-dir "${site}" "${FQCN}" >/dev/null
    # What sphinx-init's build.sh does, with offline intersphinx inventories in between.
    mkdir -p rst
    chmod og-w rst
    with_checkout antsibull-docs --config-file antsibull-docs.cfg collection --cleanup everything --fail-on-error \
        --use-current --dest-dir rst "${FQCN}"
    # No network here: conf.py falls back to ../<name>.inv for each intersphinx inventory. Write them: empty ones
    # for Python and Jinja, and for ansible-core's docs only the labels that the generated RST refers to outside
    # this collection (links to docs.ansible.com). Labels of this collection are never stubbed, so a broken
    # reference in the guides still fails the build.
    python - "${site}" "${NS}" "${NAME}" <<'PY'
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
PY
    sphinx-build -M html rst build -c . -W --keep-going -q 2>&1 | tee "${WORK}/docs-build.log" || rc=$?
    if grep -q -E 'WARNING|ERROR' "${WORK}/docs-build.log"; then rc=1; fi
    if [[ "${rc}" -eq 0 ]]; then echo "HTML docs: ${site}/build/html/collections/${NS}/${NAME}/index.html"; fi
    return "${rc}"
}

step_changelog_lint() {
    release_env
    local rc=0
    antsibull-changelog lint || rc=1
    antsibull-changelog lint-changelog-yaml --strict changelogs/changelog.yaml || rc=1
    # CHANGELOG.rst must be what antsibull-changelog generates from changelogs/changelog.yaml.
    with_checkout antsibull-changelog generate --output "${WORK}/CHANGELOG.rst" || rc=1
    if ! diff -u CHANGELOG.rst "${WORK}/CHANGELOG.rst"; then
        echo "CHANGELOG.rst is not up to date with changelogs/changelog.yaml: run antsibull-changelog generate" >&2
        rc=1
    fi
    # One version story: galaxy.yml's version, every version_added and the releases of changelog.yaml agree.
    python "${NCR_ROOT}/tests/utils/release_versions.py" "${NCR_ROOT}" || rc=1
    return "${rc}"
}

# Plain ansible-lint from the collection root, as .ansible-lint promises a contributor: no environment of our own
# (.ansible-lint itself says what it needs), and none of the caller's paths either. It installs this checkout into
# .ansible/ at the root; when that did not exist before, it goes again afterwards.
step_ansible_lint() {
    release_env
    if [[ ! -e "${NCR_ROOT}/.ansible" ]]; then
        on_exit rm -rf "${NCR_ROOT}/.ansible"
    fi
    env -u ANSIBLE_HOME -u ANSIBLE_LIBRARY -u ANSIBLE_ROLES_PATH -u ANSIBLE_COLLECTIONS_PATH ansible-lint --nocolor
}

step_galaxy_build_import() {
    release_env
    local dist="${WORK}/dist" rc=0 unwanted
    build_collection "${RELEASE_VENV}" "${dist}"
    mkdir -p "${dist}/importer-tmp" "${dist}/ansible-tmp"
    # What `ansible-galaxy collection build` packs from a working checkout (galaxy.yml's build_ignore).
    unwanted="$(tar -tzf "${NCR_TARBALL}" | grep -E "${RELEASE_TARBALL_UNWANTED}" || true)"
    if [[ -n "${unwanted}" ]]; then
        printf '%s\n' "${unwanted}"
        echo "the tarball holds the caches or test output above: add them to build_ignore in galaxy.yml" >&2
        rc=1
    fi
    echo "tarball: $(tar -tzf "${NCR_TARBALL}" | grep -cv '/$') files"
    cat >"${dist}/galaxy-importer.cfg" <<CFG
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
ansible_local_tmp = ${dist}/ansible-tmp
tmp_root_dir = ${dist}/importer-tmp
log_level_main = INFO
CFG
    # ANSIBLE_COLLECTIONS_PATH is left out on purpose: the importer finds the collection in the tarball.
    (cd "${dist}" && env -u ANSIBLE_COLLECTIONS_PATH GALAXY_IMPORTER_CONFIG="${dist}/galaxy-importer.cfg" \
        python -m galaxy_importer.main "${NCR_TARBALL}") >"${WORK}/galaxy-importer.log" 2>&1 || rc=1
    cat "${WORK}/galaxy-importer.log"
    grep -q 'Importer processing completed successfully' "${WORK}/galaxy-importer.log" || rc=1
    if grep -E '^(ERROR|CRITICAL)' "${WORK}/galaxy-importer.log"; then rc=1; fi
    echo "--- importer warnings:"
    grep -E '^WARNING' "${WORK}/galaxy-importer.log" || echo "(none)"
    return "${rc}"
}

# release_playbook NAME [ARGS...]: run tests/utils/playbooks/NAME.yml; its output goes to WORK/NAME.log, and to the
# step's log only when it fails.
release_playbook() {
    local name="$1"
    shift
    if (cd "${NCR_ROOT}/tests/utils/playbooks" && ansible-playbook -i inventory "${name}.yml" "$@") >"${WORK}/${name}.log" 2>&1; then
        echo "${name}.yml: ok"
    else
        cat "${WORK}/${name}.log"
        echo "${name}.yml: FAILED"
        return 1
    fi
}

step_galaxy_install_run() {
    release_env
    local installed="${WORK}/installed" rc=0 kind plugin
    install_collection "${RELEASE_VENV}" "${WORK}/dist" "${installed}"
    local path="${installed}/ansible_collections/${NS}/${NAME}"
    if [[ ! -f "${path}/MANIFEST.json" ]]; then
        echo "not installed at ${path}"
        return 1
    fi
    # From here on only the installed copy is visible.
    export ANSIBLE_COLLECTIONS_PATH="${installed}" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
    ansible-galaxy collection list "${FQCN}" || rc=1

    for kind in module lookup role; do
        case "${kind}" in
            role) plugin="${FQCN}.resolve_image" ;;
            *) plugin="${FQCN}.ncr_image_tags" ;;
        esac
        if ansible-doc -t "${kind}" "${plugin}" >"${WORK}/ansible-doc-${kind}.txt" 2>&1 \
            && { grep -q "${path}" "${WORK}/ansible-doc-${kind}.txt" \
                 || { [[ "${kind}" == role ]] && grep -q 'ENTRY POINT' "${WORK}/ansible-doc-${kind}.txt"; }; }; then
            echo "ansible-doc -t ${kind} ${plugin}: ok ($(wc -l <"${WORK}/ansible-doc-${kind}.txt") lines)"
        else
            echo "ansible-doc -t ${kind} ${plugin}: FAILED"
            cat "${WORK}/ansible-doc-${kind}.txt"
            rc=1
        fi
    done

    # Bad input fails cleanly, before any request, in the module and the lookup.
    release_playbook release_bad_input || rc=1

    # A real run of the module, the lookup and the role against the simulator. Pages of at most 2 items make
    # every listing take several pages. The key pair reaches the simulator and the playbook through the environment.
    export NCR_SIM_ACCESS_KEY=RELEASECHECKACCESS01 NCR_SIM_SECRET_KEY=release-check-secret-key-0000000000000001
    start_simulator "${RELEASE_VENV}/bin/python" "${WORK}/simulator" --max-page-size 2 --ttl 600
    release_playbook release_simulator -e "ncr_endpoint=${SIM_ENDPOINT}" || rc=1
    return "${rc}"
}

# README's examples, run the way its offline section says (its exports, demo-registry for my-registry) against the
# simulator, with the collection built and installed like a user's: tests/utils/readme_examples.py.
step_readme_examples() {
    release_env
    local installed="${WORK}/installed"
    install_collection "${RELEASE_VENV}" "${WORK}/dist" "${installed}"
    export ANSIBLE_COLLECTIONS_PATH="${installed}" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
    # The simulator's own fixed test keys: README exports those.
    unset NCR_SIM_ACCESS_KEY NCR_SIM_SECRET_KEY
    start_simulator "${RELEASE_VENV}/bin/python" "${WORK}/simulator" --ttl 600
    mkdir -p "${WORK}/examples"
    python "${NCR_ROOT}/tests/utils/readme_examples.py" "${NCR_ROOT}/README.md" "${SIM_ENDPOINT}" \
        "$(sim_registry_url demo-registry)" "${WORK}/examples"
}

add_step setup-release step_setup_release
add_step docs-lint step_docs_lint setup-release
add_step docs-build step_docs_build setup-release
add_step changelog-lint step_changelog_lint setup-release
add_step ansible-lint step_ansible_lint setup-release
add_step galaxy-build-import step_galaxy_build_import setup-release
add_step galaxy-install-run step_galaxy_install_run setup-release
add_step readme-examples step_readme_examples setup-release
add_alias release setup-release docs-lint docs-build changelog-lint ansible-lint galaxy-build-import galaxy-install-run \
    readme-examples
# One after another, beside the pairs' lanes: they share this checkout (ansible-lint writes .ansible/ into it while
# the Galaxy steps build from it), and together they take a few minutes, far less than a pair's lane.
add_lane release setup-release docs-lint docs-build changelog-lint ansible-lint galaxy-build-import galaxy-install-run \
    readme-examples

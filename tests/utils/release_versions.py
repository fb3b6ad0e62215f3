# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One version story: galaxy.yml's version, every `version_added` and changelogs/changelog.yaml agree.

Usage: release_versions.py [COLLECTION_ROOT]   (the release check changelog-lint runs it; exit 1 on any problem)

galaxy.yml's version is the release being made: a release of changelog.yaml, or the next one (newer than all of
them) while changes accumulate. What must hold:
  - every `version_added` (plugins, their options at any depth, doc fragments, role argument specs) is a version,
    no newer than galaxy.yml's, and names a release of changelog.yaml or galaxy.yml's own version
  - a plugin or role whose `version_added` is a release is listed in that release's entry of changelog.yaml, and
    every one listed there says that release
  - galaxy.yml's version is not older than the newest release, and when it is a release already, no changelog
    fragment is waiting (it would go into no release: raise galaxy.yml's version)
"""

import ast
import os
import sys

import yaml

# Plugin types as directories of plugins/ and as changelog.yaml names them (modules apart: `modules:`).
NOT_PLUGINS = ('module_utils', 'plugin_utils', 'doc_fragments')


def parse_version(text):
    """``(major, minor, patch)`` of a plain SemVer release such as 1.2.0, or None."""
    parts = str(text).split('.')
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    return tuple(int(part) for part in parts)


def _docs_of_python(path):
    """``{name: yaml text}`` of the module-level strings DOCUMENTATION, and a doc fragment's class attributes."""
    with open(path) as f:
        tree = ast.parse(f.read(), path)
    found = {}
    nodes = list(tree.body)
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            nodes.extend(node.body)
    for node in nodes:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id.isupper() and target.id not in ('EXAMPLES', 'RETURN'):
                    found[target.id] = node.value.value
    return found


def _version_added(data, where):
    """``(where, version)`` for every version_added at any depth of ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == 'version_added':
                yield where, value
            else:
                yield from _version_added(value, '%s.%s' % (where, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _version_added(value, '%s[%d]' % (where, index))


def collection_docs(root):
    """``(plugins, versions)``: ``{(type, name): version_added}`` of plugins and roles, and every version_added."""
    plugins, versions = {}, []
    plugins_dir = os.path.join(root, 'plugins')
    for kind in sorted(os.listdir(plugins_dir)) if os.path.isdir(plugins_dir) else ():
        if kind in ('module_utils', 'plugin_utils') or not os.path.isdir(os.path.join(plugins_dir, kind)):
            continue
        for filename in sorted(os.listdir(os.path.join(plugins_dir, kind))):
            if not filename.endswith('.py') or filename.startswith('_'):
                continue
            path = os.path.join('plugins', kind, filename)
            for attribute, text in _docs_of_python(os.path.join(root, path)).items():
                doc = yaml.safe_load(text) or {}
                versions.extend(_version_added(doc, '%s %s' % (path, attribute)))
                if kind not in NOT_PLUGINS and attribute == 'DOCUMENTATION':
                    plugins[(kind, filename[:-3])] = doc.get('version_added')
    roles_dir = os.path.join(root, 'roles')
    for role in sorted(os.listdir(roles_dir)) if os.path.isdir(roles_dir) else ():
        path = os.path.join('roles', role, 'meta', 'argument_specs.yml')
        if not os.path.isfile(os.path.join(root, path)):
            plugins[('role', role)] = None
            continue
        with open(os.path.join(root, path)) as f:
            specs = (yaml.safe_load(f) or {}).get('argument_specs') or {}
        versions.extend(_version_added(specs, path))
        plugins[('role', role)] = (specs.get('main') or {}).get('version_added')
    return plugins, versions


def released_plugins(release):
    """``{(type, name)}`` that a release of changelog.yaml lists as new."""
    listed = set()
    for entry in release.get('modules') or []:
        listed.add(('modules', entry['name']))
    for kind, entries in (release.get('plugins') or {}).items():
        for entry in entries or []:
            listed.add((kind, entry['name']))
    for kind, entries in (release.get('objects') or {}).items():
        for entry in entries or []:
            listed.add((kind, entry['name']))
    return listed


def problems(root):
    """What disagrees, one message each (empty: one version story)."""
    with open(os.path.join(root, 'galaxy.yml')) as f:
        version = str(yaml.safe_load(f)['version'])
    with open(os.path.join(root, 'changelogs', 'changelog.yaml')) as f:
        releases = dict((str(name), data or {}) for name, data in ((yaml.safe_load(f) or {}).get('releases') or {}).items())
    found = []
    current = parse_version(version)
    if current is None:
        return ['galaxy.yml: version %r is not a SemVer release (X.Y.Z)' % version]
    bad_releases = [name for name in releases if parse_version(name) is None]
    if bad_releases:
        return ['changelogs/changelog.yaml: releases that are not X.Y.Z: %s' % ', '.join(bad_releases)]
    newest = max(releases, key=parse_version) if releases else None
    if newest is not None and current < parse_version(newest):
        found.append('galaxy.yml: version %s is older than the newest release in changelogs/changelog.yaml, %s'
                     % (version, newest))
    fragments_dir = os.path.join(root, 'changelogs', 'fragments')
    fragments = sorted(name for name in os.listdir(fragments_dir) if name.endswith(('.yml', '.yaml'))) \
        if os.path.isdir(fragments_dir) else []
    if version in releases and fragments:
        found.append('galaxy.yml: version %s is released already, but changelogs/fragments holds %d fragment(s) '
                     '(%s...) for the next release: raise galaxy.yml\'s version' % (version, len(fragments), fragments[0]))

    plugins, versions = collection_docs(root)
    for where, added in versions:
        parsed = parse_version(added)
        if parsed is None:
            found.append('%s: version_added %r is not a version X.Y.Z' % (where, added))
        elif parsed > current:
            found.append('%s: version_added %s is newer than galaxy.yml\'s version %s' % (where, added, version))
        elif str(added) not in releases and str(added) != version:
            found.append('%s: version_added %s is neither a release in changelogs/changelog.yaml (%s) nor galaxy.yml\'s '
                         'version %s' % (where, added, ', '.join(sorted(releases, key=parse_version)) or 'none', version))
    for (kind, name), added in sorted(plugins.items()):
        if added is None and kind != 'role':
            found.append('plugins/%s/%s.py: DOCUMENTATION has no version_added' % (kind, name))
    for release, data in sorted(releases.items(), key=lambda item: parse_version(item[0])):
        listed = released_plugins(data)
        for kind, name in sorted(listed):
            if (kind, name) not in plugins:
                found.append('changelogs/changelog.yaml: release %s lists %s %s, which does not exist' % (release, kind, name))
            elif plugins[(kind, name)] is not None and str(plugins[(kind, name)]) != release:
                found.append('changelogs/changelog.yaml: release %s lists %s %s, whose version_added is %s'
                             % (release, kind, name, plugins[(kind, name)]))
        for (kind, name), added in sorted(plugins.items()):
            if str(added) == release and (kind, name) not in listed:
                found.append('%s %s: version_added %s, but release %s of changelogs/changelog.yaml does not list it'
                             % (kind, name, added, release))
    return found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else '.'
    found = problems(root)
    for problem in found:
        print(problem)
    if found:
        print('%d version problem(s): galaxy.yml, version_added and changelogs/changelog.yaml must agree' % len(found))
        return 1
    print('one version story: galaxy.yml and every version_added agree with changelogs/changelog.yaml')
    return 0


if __name__ == '__main__':
    sys.exit(main())

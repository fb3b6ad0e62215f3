# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run every YAML example of README.md against the simulator, the way README's offline section says.

Usage: readme_examples.py README SIMULATOR_URL REGISTRY_URL WORKDIR   (with ansible-playbook of the wanted core on PATH)

README's section "Try it offline" holds a sh block of `export NAME=VALUE` lines and says which registry the
simulator has in place of the examples' `my-registry`: this takes both from there, so README is tested as written.
Its URL (port 8080) is replaced by the running simulator's, and its registry's data-plane URL (port 8081) by
REGISTRY_URL, the running simulator's for that registry. Each ```yaml block of README becomes one playbook:
  - a list of plays (items with `hosts:`) runs as it is, with the inventory README describes (its groups holding a
    local localhost)
  - a list of tasks runs in a play on the implicit localhost
  - a mapping with `vars:` runs in a play on localhost with those vars, and a task that shows each one
Every playbook must pass, and print no [ERROR] or [WARNING]. The exit status is the number of examples that failed.
"""

import os
import re
import subprocess
import sys

import yaml

OFFLINE_HEADING = '## Try it offline'
README_URL = 'http://127.0.0.1:8080/ncr/api/v2'
README_REGISTRY_URL = 'http://127.0.0.1:8081'
INVENTORY_HOST = 'localhost ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"'


def blocks(text, language):
    return re.findall(r'^```%s\n(.*?)^```' % re.escape(language), text, re.M | re.S)


def offline_settings(readme):
    """``(environment, replaced registry, registry to use)`` from README's offline section."""
    section = readme.split(OFFLINE_HEADING, 1)[1].split('\n## ', 1)[0]
    env = {}
    for block in blocks(section, 'sh'):
        for line in block.splitlines():
            match = re.match(r'export (\w+)=(\S+)', line.strip())
            if match:
                env[match.group(1)] = match.group(2)
    registry = re.search(r'`(\S+)` in place of `(\S+)`', section)
    if not env or not registry:
        sys.exit('README.md %r: no `export NAME=VALUE` lines or no "`X` in place of `Y`" sentence' % OFFLINE_HEADING)
    return env, registry.group(2), registry.group(1)


def playbook(example):
    data = yaml.safe_load(example)
    groups = set()
    if isinstance(data, list) and all(isinstance(item, dict) and 'hosts' in item for item in data):
        groups.update(str(item['hosts']) for item in data)
        return data, groups
    if isinstance(data, list):
        return [dict(name='README example', hosts='localhost', gather_facts=False, tasks=data)], groups
    if isinstance(data, dict) and set(data) == {'vars'}:
        show = [dict(name='Show %s' % name, **{'ansible.builtin.debug': dict(var=name)}) for name in data['vars']]
        return [dict(name='README example', hosts='localhost', gather_facts=False, vars=data['vars'], tasks=show)], groups
    sys.exit('a README yaml block is neither plays, tasks nor vars:\n%s' % example)


def main():
    readme_path, url, registry_url, work = sys.argv[1:]
    with open(readme_path) as f:
        readme = f.read()
    env_vars, placeholder, registry = offline_settings(readme)
    env = dict(os.environ)
    env.update((name, value.replace(README_URL, url).replace(README_REGISTRY_URL, registry_url))
               for name, value in env_vars.items())
    if INVENTORY_HOST not in ' '.join(readme.split()):
        sys.exit('README.md no longer says the role\'s play runs with an inventory holding %s' % INVENTORY_HOST)
    # Without an inventory ansible-playbook warns that only the implicit localhost is there: that is the point.
    env.update(ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false', ANSIBLE_NOCOLOR='1',
               ANSIBLE_FORCE_COLOR='0')
    print('environment from README: %s' % ', '.join(sorted(env_vars)))
    failed = 0
    examples = blocks(readme, 'yaml')
    for number, example in enumerate(examples, 1):
        plays, groups = playbook(example.replace(placeholder, registry))
        path = os.path.join(work, 'example-%d.yml' % number)
        with open(path, 'w') as f:
            yaml.safe_dump(plays, f, sort_keys=False)
        command = ['ansible-playbook', path]
        if groups - {'localhost'}:
            # What README says the role's play runs with.
            inventory = os.path.join(work, 'inventory-%d' % number)
            with open(inventory, 'w') as f:
                for group in sorted(groups - {'localhost'}):
                    f.write('[%s]\n%s\n' % (group, INVENTORY_HOST))
            command[1:1] = ['-i', inventory]
        run = subprocess.run(command, env=env, cwd=work, check=False,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
        bad = [line for line in run.stdout.splitlines() if line.startswith(('[ERROR]', '[WARNING]', 'fatal:'))]
        status = 'ok' if run.returncode == 0 and not bad else 'FAILED'
        print('README yaml example %d of %d (%s): %s' % (number, len(examples), example.split('\n', 2)[0][:60], status))
        if status != 'ok':
            failed += 1
            print(run.stdout)
        else:
            with open(path + '.log', 'w') as f:
                f.write(run.stdout)
    return failed


if __name__ == '__main__':
    sys.exit(main())

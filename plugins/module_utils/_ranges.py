# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""node-semver version ranges, parsed once and matched against many tags. Internal use only.

The grammar and the meaning are node-semver's ``satisfies()`` with its default options (strict
versions, no includePrerelease): every form is rewritten into plain comparators the way node-semver
rewrites it, so ``^1.2.3`` is ``>=1.2.3 <2.0.0-0``. Versions are comparables from _versions.py, so a
Docker-style release of any length matches too (missing parts read as 0).
"""

import re

from ansible_collections.ncloud.ncr.plugins.module_utils._errors import option_error
from ansible_collections.ncloud.ncr.plugins.module_utils._versions import docker_range_prerelease, identifier

_XR = r'(0|[1-9][0-9]*|[xX*])'
_PRE = r'(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)'
PARTIAL_RE = re.compile(r'v?%s(?:\.%s(?:\.%s(?:-(%s(?:\.%s)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?\Z'
                        % (_XR, _XR, _XR, _PRE, _PRE))
# node-semver lets spaces stand between an operator and its version (">= 1.2"), never between two comparators' parts.
OPERATOR_RE = re.compile(r'(<=|>=|<|>|=|~>|~|\^)?\s*')
HYPHEN_RE = re.compile(r'\s*(\S+)\s+-\s+(\S+)\s*\Z')
SPACE_RE = re.compile(r'\s*')
TOKEN_END_RE = re.compile(r'\S*')
MAX_SAFE_INTEGER = 2 ** 53 - 1  # node-semver refuses larger version numbers
_ZERO = 0
# What compare(version, comparator) must give for each operator to be satisfied.
_ALLOWED = {'<': (-1,), '<=': (-1, 0), '>': (1,), '>=': (0, 1), '=': (0,)}
# <0.0.0-0: satisfied by nothing (node-semver writes ">*" this way).
_NOTHING = ('<', (_ZERO, _ZERO, _ZERO), '0')


def _comparator(op, major, minor, patch, pre=None):
    # The prerelease stays text until Range keys it for the scheme the tags are read in.
    return (op, (major, minor, patch), pre)


def _semver_prerelease(text):
    return tuple(identifier(i) for i in text.split('.'))


def _tilde(major, minor, patch, pre):
    if minor is None:
        return [_comparator('>=', major, 0, 0), _comparator('<', major + 1, 0, 0, '0')]
    return [_comparator('>=', major, minor, patch or 0, pre if patch is not None else None),
            _comparator('<', major, minor + 1, 0, '0')]


def _caret(major, minor, patch, pre):
    if minor is None:
        return [_comparator('>=', major, 0, 0), _comparator('<', major + 1, 0, 0, '0')]
    low = _comparator('>=', major, minor, patch or 0, pre if patch is not None else None)
    if major:
        return [low, _comparator('<', major + 1, 0, 0, '0')]
    if minor or patch is None:
        return [low, _comparator('<', 0, minor + 1, 0, '0')]
    return [low, _comparator('<', 0, 0, patch + 1, '0')]


def _xrange(op, major, minor, patch, pre):
    if patch is not None:
        return [_comparator(op or '=', major, minor, patch, pre)]
    if op in ('', '='):
        if minor is None:
            return [_comparator('>=', major, 0, 0), _comparator('<', major + 1, 0, 0, '0')]
        return [_comparator('>=', major, minor, 0), _comparator('<', major, minor + 1, 0, '0')]
    # A bound on a partial version: >1.2 is >=1.3.0, <=1.2 is <1.3.0-0, <1.2 is <1.2.0-0, >=1.2 is >=1.2.0.
    if op in ('>', '<='):
        major, minor = (major + 1, 0) if minor is None else (major, minor + 1)
    return [_comparator('>=' if op in ('>', '>=') else '<', major, minor or 0, 0, '0' if op in ('<', '<=') else None)]


def _expand(op, partial):
    major, minor, patch, pre = partial
    if major is None:  # *, x, >=*: any version; >* and <*: none
        return [_NOTHING] if op in ('<', '>') else []
    if op in ('~', '~>'):
        return _tilde(major, minor, patch, pre)
    if op == '^':
        return _caret(major, minor, patch, pre)
    return _xrange(op, major, minor, patch, pre)


def _hyphen(low, high):
    comparators = []
    if low[0] is not None:
        comparators.append(_comparator('>=', low[0], low[1] or 0, low[2] or 0, low[3] if low[2] is not None else None))
    if high[0] is not None:
        if high[2] is not None:
            comparators.append(_comparator('<=', *high))
        else:
            comparators.extend(_xrange('<=', *high))
    return comparators


class Range:
    """A parsed range: a list of comparator sets, any of which must hold entirely.

    ``docker``: the tags are read as Docker-style versions, whose prereleases compare as Renovate compares them
    (:func:`_versions.docker_comparable`); a comparator's prerelease is then keyed the same way.
    """

    def __init__(self, text, option='version_range', docker=False):
        if not isinstance(text, str):
            raise option_error(option, 'must be a string such as ">=1.2.3 <2.0.0" or "^1.4", got %r' % (text,))
        self.text = text
        self.option = option
        self.sets = []
        start = 0
        for match in list(re.finditer(r'\|\|', text)) + [None]:
            end = match.start() if match else len(text)
            self.sets.append(self._set(text[start:end], start))
            start = match.end() if match else end
        key = docker_range_prerelease if docker else _semver_prerelease
        self.sets = [[(op, release, key(pre) if pre else ()) for op, release, pre in comparators]
                     for comparators in self.sets]

    def _fail(self, position, problem):
        return option_error(self.option, '%r is not a valid range: at character %d, %s' % (self.text, position + 1, problem))

    def _partial(self, token, position):
        match = PARTIAL_RE.match(token)
        if not match:
            raise self._fail(position, '%r is not a version or a partial version (1, 1.2, 1.2.3, 1.2.3-rc.1, 1.x, 1.2.*, *)'
                             % token)
        parts = []
        for group in match.groups()[:3]:
            if group is None or group in ('x', 'X', '*') or (parts and parts[-1] is None):
                parts.append(None)
            elif len(group) > 16 or int(group) > MAX_SAFE_INTEGER:
                raise self._fail(position, '%r has a number larger than %d' % (token, MAX_SAFE_INTEGER))
            else:
                parts.append(int(group))
        return tuple(parts) + (match.group(4),)

    def _set(self, text, offset):
        hyphen = HYPHEN_RE.match(text)
        if hyphen:
            return _hyphen(self._partial(hyphen.group(1), offset + hyphen.start(1)),
                           self._partial(hyphen.group(2), offset + hyphen.start(2)))
        comparators = []
        i = 0
        while True:
            i = SPACE_RE.match(text, i).end()
            if i >= len(text):
                return comparators
            operator = OPERATOR_RE.match(text, i)
            start = operator.end()
            end = TOKEN_END_RE.match(text, start).end()
            if start == end:
                raise self._fail(offset + i, '%r has no version after it' % operator.group(1))
            comparators.extend(_expand(operator.group(1) or '', self._partial(text[start:end], offset + start)))
            i = end

    def satisfied_by(self, version):
        """Whether a comparable ``(release, prerelease)`` satisfies the range (node-semver's prerelease rule)."""
        release, pre = version
        for comparators in self.sets:
            if all(_compare(release, pre, c[1], c[2]) in _ALLOWED[c[0]] for c in comparators) and \
                    (not pre or any(c[2] and _same_release(release, c[1]) for c in comparators)):
                return True
        return False


def _pad(release, length):
    return release + (_ZERO,) * (length - len(release))


def _same_release(a, b):
    if len(a) != len(b):
        length = max(len(a), len(b))
        a = _pad(a, length)
        b = _pad(b, length)
    return a == b


def _compare(release, pre, other_release, other_pre):
    if len(release) != len(other_release):
        length = max(len(release), len(other_release))
        release = _pad(release, length)
        other_release = _pad(other_release, length)
    if release != other_release:
        return -1 if release < other_release else 1
    if pre == other_pre:
        return 0
    if not pre or not other_pre:
        return 1 if not pre else -1
    return -1 if pre < other_pre else 1

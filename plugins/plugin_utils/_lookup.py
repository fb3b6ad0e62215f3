# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the collection's lookups share: their options read and checked like a module's, and their messages.

Internal use only: not a public API.
"""

import difflib

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.ncloud.ncr.plugins.module_utils._api import NcrError, session

display = Display()


class NcrLookup(LookupBase):
    """A lookup of this collection: ``NAME`` for its messages, ``OPTIONS`` the core options it reads.

    A subclass gives :meth:`parse_term`, :meth:`prepare` (both run for every term and option before the first
    request) and :meth:`answer`, which runs in the task's one :func:`_api.session`.
    """

    NAME = None
    OPTIONS = ()
    TERMS = 'REGISTRY/IMAGE'

    def parse_term(self, term):
        raise NotImplementedError

    def prepare(self, options):
        """``(settings, selection)`` from the options, every one checked (see _api.prepare)."""
        raise NotImplementedError

    def answer(self, client, selection, terms):
        """The lookup's values for the parsed ``terms``."""
        raise NotImplementedError

    def run(self, terms, variables=None, **kwargs):
        options = self.read_options(terms, variables, kwargs)
        try:
            parsed = [self.parse_term(term) for term in terms]
            settings, selection = self.prepare(options)
            with session(settings, self.warn) as client:
                return self.answer(client, selection, parsed)
        except NcrError as exc:
            # The message already tells every cause: ansible-core 2.19+ appends each chained cause's message to
            # the error's own, which showed a retold error's text two or three times.
            raise AnsibleLookupError(str(exc)) from None

    def missing(self, exc, what):
        """A NotFound, as ``on_missing`` says: raised again, or skipped with or without a warning."""
        on_missing = self.get_option('on_missing')
        if on_missing == 'error':
            raise exc
        if on_missing == 'warn':
            self.warn('skipping %s: %s' % (what, exc.message))

    def read_options(self, terms, variables, kwargs):
        """``{option: value}`` for ``OPTIONS``; refuses what a module would never silently accept."""
        if '_terms' in kwargs:
            raise AnsibleLookupError('%s: give the terms as the lookup\'s arguments, not as _terms=' % self.NAME)
        if not terms:
            raise AnsibleLookupError('%s: no term given: name at least one %s to look up' % (self.NAME, self.TERMS))
        # Only our own variables are needed, and play vars reach a lookup untemplated.
        template = self._templar.template if self._templar is not None else (lambda value: value)
        own_vars = dict((name, template(value)) for name, value in (variables or {}).items() if name.startswith('ncloud_ncr_'))
        self.set_options(var_options=own_vars, direct=kwargs)
        unknown = sorted(name for name in kwargs if not self.has_option(name))
        if unknown:
            # A misspelt filter must not silently widen the selection; the closest option's name helps fix it.
            raise AnsibleLookupError('%s: unknown option(s) %s; see ansible-doc -t lookup %s'
                                     % (self.NAME, ', '.join(self.closest(name) for name in unknown), self.NAME))
        return dict((name, self.get_option(name)) for name in self.OPTIONS)

    def closest(self, name):
        """``name``, with the option it probably meant: "sortt (did you mean 'sort'?)"."""
        known = [option for option in self._options if not option.startswith('_')]
        match = difflib.get_close_matches(name, known, n=1)
        return '%s (did you mean %r?)' % (name, match[0]) if match else name

    def warn(self, message):
        display.warning('%s: %s' % (self.NAME, message))

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The core's exception types and the two helpers every option check uses. Internal use only: not a public API."""


# The keys NcrError.to_dict may give, which each module's RETURN documents under ``error``.
ERROR_FACTS = ('status', 'error_code', 'message', 'details', 'hint', 'option')


class NcrError(Exception):
    """An error the module and the lookup turn into their own failure.

    Bad input has no ``status``; an API failure carries the HTTP ``status`` and, when the
    gateway sent its JSON error body, ``error_code``, ``api_message`` and ``details``.
    Messages are built from names and server answers only, never from secrets.
    """

    def __init__(self, message, status=None, error_code=None, api_message=None, details=None, hint=None, option=None, retryable=False):
        super().__init__(message)
        self.message = message
        self.status = status
        self.error_code = error_code
        self.api_message = api_message
        self.details = details
        self.hint = hint
        self.option = option
        # Set only for failures a retry may cure (dropped connections, timeouts).
        self.retryable = retryable

    def __str__(self):
        if self.hint:
            return '%s %s' % (self.message, self.hint)
        return self.message

    def to_dict(self):
        """Facts for a failed task's result (all plain, all safe to print): the ``error`` every module documents.

        Only the facts this failure has: a dict of nulls told nothing (a connection that failed has no status), and
        a key that is there always means something. The keys are ERROR_FACTS.
        """
        facts = dict(status=self.status, error_code=self.error_code, message=self.api_message,
                     details=self.details, hint=self.hint, option=self.option)
        return dict((key, value) for key, value in facts.items() if given(value))

    def retold(self, message, **changes):
        """The same failure told anew (same status and API fields), as the same type: a 404 stays a NotFound."""
        fields = dict(status=self.status, error_code=self.error_code, api_message=self.api_message, details=self.details,
                      hint=self.hint, option=self.option, retryable=self.retryable)
        fields.update(changes)
        return type(self)(message, **fields)


class NotFound(NcrError):
    """HTTP 404 for a registry, image or tag: something is missing, which a caller may skip.

    A 404 from a path the gateway serves no API at is a wrong ``endpoint`` instead: a plain NcrError.
    """


def option_error(option, problem):
    """Bad input: the message always starts with the option's name."""
    return NcrError('%s: %s' % (option, problem), option=option)


def given(value):
    """Whether an option was set: Ansible passes an unset option as None, and a template may give ''."""
    return value is not None and value != ''

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one exception type of the core. Internal use only: not a public API."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class NcrError(Exception):
    """An error the module and the lookup turn into their own failure.

    Bad input has no ``status``; an API failure carries the HTTP ``status`` and, when the
    gateway sent its JSON error body, ``error_code``, ``api_message`` and ``details``.
    Messages are built from names and server answers only, never from secrets.
    """

    def __init__(self, message, status=None, error_code=None, api_message=None, details=None, hint=None, option=None, retryable=False):
        super(NcrError, self).__init__(message)
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
        """Facts for a failed task's result (all plain, all safe to print)."""
        return dict(status=self.status, error_code=self.error_code, message=self.api_message,
                    details=self.details, hint=self.hint, option=self.option)


def option_error(option, problem):
    """Bad input: the message always starts with the option's name."""
    return NcrError('%s: %s' % (option, problem), option=option)

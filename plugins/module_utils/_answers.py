# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading an answer: its body within a size bound, its JSON, the gateway's errors told as NcrErrors, and the
root cause of a request that got no answer.

Internal use only: not a public API.
"""

import json
import re

from ansible_collections.ncloud.ncr.plugins.module_utils._endpoints import api_prefixes, shown_url
from ansible_collections.ncloud.ncr.plugins.module_utils._errors import NcrError, NotFound

try:
    from requests.utils import guess_json_utf
except ImportError:
    guess_json_utf = None  # _transport reports the missing library

SNIPPET_LEN = 200
# A body, decompressed, is refused past this size. The largest page NCR sends (1000 tags of 1-4 KB of JSON each)
# is a few MB; a bigger answer is broken or hostile, and reading it whole would cost the host its memory.
MAX_BODY = 16 * 1024 * 1024
# Small reads: urllib3 may decompress a whole read at once, and gzip expands up to ~1000 times.
READ_CHUNK = 16 * 1024
NO_API_RE = re.compile(r'no api match', re.I)

HINTS = {
    401: 'Hint: check access_key and secret_key, and the clock of the host that runs the task: the gateway '
         'rejects timestamps more than 5 minutes away from its own.',
    403: 'Hint: the key pair is valid but lacks permission for Container Registry: check the sub account\'s '
         'policies (NCP_CONTAINER_REGISTRY_VIEWER or higher).',
    429: 'Hint: the API gateway throttled the requests; lower concurrency or raise retries.',
}


def _gateway_error(body):
    """``(errorCode, message, details)`` from the gateway's JSON error body, when it is one."""
    if isinstance(body, dict):
        err = body.get('error', body)
        if isinstance(err, dict) and any(k in err for k in ('errorCode', 'message', 'details')):
            code = err.get('errorCode')
            return (None if code is None else str(code)), err.get('message'), err.get('details')
    return None, None, None


def escaped(char):
    """A character that is not printable as its Python escape: ``\\x1b`` for ESC."""
    code = ord(char)
    return '\\x%02x' % code if code < 0x100 else '\\u%04x' % code if code < 0x10000 else '\\U%08x' % code


def snippet(text, length=SNIPPET_LEN):
    """Server text for a message: white space runs as one space, every other character that is not printable
    (C0 and C1 controls such as ESC and CSI, DEL, bidi overrides) escaped, cut after ``length`` characters.

    A terminal shows a task's message as it is: an escape sequence from a server must not clear the screen,
    colour the output or set the window title.
    """
    text = ' '.join((text or '').split())
    if text.isprintable():
        return text[:length] + ('...' if len(text) > length else '')
    out = []
    size = 0
    for char in text:
        piece = char if char.isprintable() else escaped(char)
        if size + len(piece) > length:
            return ''.join(out) + '...'
        out.append(piece)
        size += len(piece)
    return ''.join(out)


def shown(value, length=60):
    """A value from a server for a message: a string or number quoted and cut short (repr escapes controls), a
    container by its kind only, as a megabyte string or an array nested thousands deep must not become the message."""
    if isinstance(value, (dict, list)):
        return 'a JSON %s' % ('object' if isinstance(value, dict) else 'array')
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** 18:
        return 'a %d-digit number' % len(str(abs(value)))
    text = repr(value[:length + 1] if isinstance(value, str) else value)
    return text[:length] + ('...' if len(text) > length else '')


def decimal(text, digits=18):
    """The int of ``text`` when it is 1 to ``digits`` ASCII digits (white space around allowed), else None.

    Not ``isdigit()`` then ``int()``: "²" is a digit to isdigit() and no number to int(), and int() of thousands of
    digits is refused (or slow) too.
    """
    if text.__class__ is not str:
        return None
    text = text.strip()
    if 0 < len(text) <= digits and text.isascii() and text.isdigit():
        return int(text)
    return None


def _text(value):
    """A server-given message or details as a short string: a megabyte of details must not become the message."""
    if value is None or isinstance(value, str):
        return snippet(value) or None
    try:
        return snippet(json.dumps(value))
    except (RecursionError, ValueError):  # nested too deep, or a number of thousands of digits
        return shown(value)


def read_body(response, where, limit=None, kind='an NCR answer'):
    """The body, decompressed, streamed and refused past ``limit`` bytes (default MAX_BODY; ``kind`` says whose limit
    it is): a huge or endless answer or a gzip bomb costs at most that much memory."""
    limit = MAX_BODY if limit is None else limit
    # Anything but a plain number is left to the streamed count below, as urllib3 leaves it.
    declared = decimal(response.headers.get('Content-Length'), digits=40)
    if declared is not None and declared > limit:
        raise NcrError('Request to %s refused: the answer is %s bytes, more than the %d MiB %s may have.'
                       % (where, declared if declared < 10 ** 18 else 'over 10^18', limit // (1024 * 1024), kind))
    chunks = []
    size = 0
    for chunk in response.iter_content(READ_CHUNK):
        size += len(chunk)
        if size > limit:
            raise NcrError('Request to %s refused: the answer (decompressed) grew past the %d MiB %s may '
                           'have; the rest was not read.' % (where, limit // (1024 * 1024), kind))
        chunks.append(chunk)
    return b''.join(chunks)


def json_object(data):
    """The JSON object a registry's UTF-8 body holds, or None: not JSON, nested too deep, or not an object."""
    try:
        body = json.loads(data.decode('utf-8'))
    except (ValueError, RecursionError):
        return None
    return body if isinstance(body, dict) else None


def _body_snippet(data):
    return snippet(data[:SNIPPET_LEN * 8].decode('utf-8', 'replace'))


def after_retries(attempt):
    if not attempt:
        return ''
    return ' after %d %s' % (attempt, 'retry' if attempt == 1 else 'retries')


def root_cause(exc):
    """The innermost exception behind requests' and urllib3's wrappers.

    Their own text repeats the pool, the URL and "Max retries exceeded" (urllib3's, not ours) and, cut to
    a snippet, loses the one part that explains the failure.
    """
    seen = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        inner = next((arg for arg in getattr(exc, 'args', ()) if isinstance(arg, BaseException)), None)
        if inner is None and isinstance(getattr(exc, 'reason', None), BaseException):
            inner = exc.reason
        if inner is None:
            inner = exc.__cause__ or exc.__context__
        if inner is None:
            break
        exc = inner
    return exc


def first_line(exc):
    text = str(exc)
    return snippet(text.splitlines()[0] if text else type(exc).__name__)


def decode(response, data, attempt, endpoint, allow_list=False):
    """The JSON body of a 2xx answer (an object; with ``allow_list`` an array too), else the NcrError it tells of."""
    target = response.request.path_url if response.request is not None else '?'
    status = response.status_code
    tries = after_retries(attempt)
    try:
        body = json.loads(data.decode(guess_json_utf(data) or 'utf-8')) if data else None
    except ValueError:  # UnicodeDecodeError included
        body = None
    except RecursionError as exc:
        # Not status: an unreadable answer says nothing about what exists.
        raise NcrError('GET %s: HTTP %d with JSON nested too deeply to read (the answer is not an NCR one)%s.'
                       % (target, status, tries)) from exc
    if 200 <= status < 300:
        if not isinstance(body, dict) and not (allow_list and isinstance(body, list)):
            raise NcrError('GET %s: HTTP %d with a body that is not a JSON object%s: %s'
                           % (target, status, tries, _body_snippet(data)), status=status)
        return body
    if 300 <= status < 400:
        location = response.headers.get('Location')
        raise NcrError('GET %s: HTTP %d redirect to %s, not followed (a signed request is never sent elsewhere): '
                       'check endpoint, which must be the API base URL itself.'
                       % (target, status, snippet(shown_url(location)) if location else 'nowhere (no Location)'),
                       status=status)
    code, message, details = _gateway_error(body)
    code = _text(code)
    message = _text(message)
    details = _text(details)
    hint = HINTS.get(status)
    option = None
    if status == 404 and any(NO_API_RE.search(text) for text in (message, details) if text):
        # The gateway knows no API at this path: the endpoint is wrong, not the registry or the image.
        option = 'endpoint'
        hint = ('Hint: the endpoint\'s path is wrong (endpoint is %s): an NCR v2 endpoint ends in its API prefix, '
                'one of %s; site and region pick the right one.' % (endpoint, api_prefixes()))
    if message or details or code:
        text = 'GET %s failed%s: HTTP %d %s' % (target, tries, status, message or snippet(response.reason))
        if code:
            text += ' (errorCode %s)' % code
        if details:
            text += ': %s' % details
    else:
        text = 'GET %s failed%s: HTTP %d %s; response body (not the gateway\'s JSON error): %s' % (
            target, tries, status, snippet(response.reason), _body_snippet(data) or '(empty)')
    error = NotFound if status == 404 and option is None else NcrError
    raise error(text.rstrip(), status=status, error_code=code, api_message=message, details=details, hint=hint, option=option)

# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A stand-in proxy on loopback. It logs the request line of every connection it gets (never the headers, which would
hold a signature) and then, in mode ``capture`` (the proxy that must receive nothing), answers 502; in mode ``trickle``
answers a CONNECT with the start of "HTTP/1.1 200 Connection established", one byte a second, for as long as the client
waits (issue 22.11), then logs how long the client held on ("held SECONDS"): the request's own time, which the
module process's time (interpreter start-up included, slow on a loaded machine) only bounds from above.

Usage: capture_server.py PORT_FILE LOG_FILE TTL_SECONDS [capture|trickle]"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import select
import socket
import sys
import threading
import time

TRICKLE = b'HTTP/1.1 200 Connection established\r\n'


def trickle(conn, until, accepted, log_file):
    """Send the status line's first bytes one a second, again and again, until the client hangs up or ``until``."""
    index = 0
    try:
        while time.time() < until:
            conn.sendall(TRICKLE[index % 12:index % 12 + 1])
            index += 1
            # Wake at once when the client hangs up, so the time held is exact, not rounded up to the next byte.
            readable = select.select([conn], [], [], 1.0)[0]
            if readable and not conn.recv(1):
                break
    except OSError:
        pass
    conn.close()
    with open(log_file, 'a') as handle:
        handle.write('held %.3f\n' % (time.time() - accepted))


def main(port_file, log_file, ttl, mode='capture'):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(('127.0.0.1', 0))
    server.listen(16)
    server.settimeout(1.0)
    open(log_file, 'a').close()
    with open(port_file + '.tmp', 'w') as handle:
        handle.write('%d\n' % server.getsockname()[1])
    os.rename(port_file + '.tmp', port_file)
    deadline = time.time() + ttl
    while time.time() < deadline:
        try:
            conn, dummy = server.accept()
        except socket.timeout:
            continue
        accepted = time.time()
        conn.settimeout(2.0)
        try:
            first = conn.recv(4096).split(b'\r\n', 1)[0]
        except OSError:
            first = b'(nothing read)'
        with open(log_file, 'a') as handle:
            handle.write(first.decode('latin-1') + '\n')
        if mode == 'trickle':
            threading.Thread(target=trickle, args=(conn, deadline, accepted, log_file), daemon=True).start()
            continue
        try:
            conn.sendall(b'HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
        except OSError:
            pass
        conn.close()
    os.remove(port_file)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]), *sys.argv[4:5])

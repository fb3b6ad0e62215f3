# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A stand-in proxy that must receive nothing: it logs the request line of every connection it gets (never the
headers, which would hold a signature) and answers 502. Usage: capture_server.py PORT_FILE LOG_FILE TTL_SECONDS"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import socket
import sys
import time


def main(port_file, log_file, ttl):
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
        conn.settimeout(2.0)
        try:
            first = conn.recv(4096).split(b'\r\n', 1)[0]
        except OSError:
            first = b'(nothing read)'
        with open(log_file, 'a') as handle:
            handle.write(first.decode('latin-1') + '\n')
        try:
            conn.sendall(b'HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
        except OSError:
            pass
        conn.close()
    os.remove(port_file)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))

#!/usr/bin/env python3
"""A misbehaving peer for test/peer: sends out-of-band (urgent) data, which
Node's net module cannot. Usage:

    oob_peer.py tcp PORT        connect to 127.0.0.1:PORT
    oob_peer.py unix PATH       connect to a Unix stream socket

It sends b"abc", one MSG_OOB byte b"!", then b"def" (each its own send, a
little apart so they leave as separate segments), prints "sent", then waits
for the other end to close (or 10 s) so the connection stays up while the
test reads. Exit status 0 means every send succeeded.
"""
import socket
import sys
import time


def main() -> int:
    kind, where = sys.argv[1], sys.argv[2]
    if kind == "tcp":
        s = socket.create_connection(("127.0.0.1", int(where)), timeout=10)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    else:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        s.connect(where)
    s.sendall(b"abc")
    time.sleep(0.05)
    s.send(b"!", socket.MSG_OOB)
    time.sleep(0.05)
    s.sendall(b"def")
    print("sent", flush=True)
    try:
        while s.recv(4096):
            pass
    except OSError:
        pass
    s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

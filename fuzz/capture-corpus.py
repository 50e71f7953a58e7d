#!/usr/bin/env python3
"""Writes the seed corpus of the native harnesses (fuzz/corpus/) from what
this machine's kernel really returns, in a network namespace of its own:
rtnetlink dumps of lo and a veth pair with IPv4, IPv6 and peer
addresses, an NLMSG_ERROR reply, and the raw sockaddrs getsockname gives for
IPv4, IPv6 (with a scope id), Unix pathname, abstract and unnamed sockets.
Each file is in its harness's input format (see the comment at the top of
fuzz/<harness>.cc). Needs root (ip netns); regenerate only when a format
changes:  sudo python3 fuzz/capture-corpus.py
"""
import ctypes
import os
import socket
import struct
import subprocess
import sys
import tempfile

NS = "gonet-fuzz-capture"
HERE = os.path.dirname(os.path.abspath(__file__))
libc = ctypes.CDLL(None, use_errno=True)


def write(harness, name, data):
    d = os.path.join(HERE, "corpus", harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
    print(f"corpus/{harness}/{name}: {len(data)} bytes")


def raw_sockname(s):
    """The kernel's bytes for getsockname(s) and the length it reported."""
    buf = ctypes.create_string_buffer(128)
    n = ctypes.c_uint32(128)
    if libc.getsockname(s.fileno(), buf, ctypes.byref(n)) < 0:
        raise OSError(ctypes.get_errno(), "getsockname")
    return buf.raw[: min(n.value, 128)], n.value


# ---- rtnetlink: frames of u8 dump (0 link, 1 address), u16 length, datagram
NLMSG_ERROR, NLMSG_DONE = 2, 3
RTM_GETLINK, RTM_GETADDR = 18, 22
NLM_F_REQUEST, NLM_F_DUMP = 1, 0x300


def netlink_request(sock, msgtype, flags, body):
    sock.sendto(struct.pack("=IHHII", 16 + len(body), msgtype, flags, 1, 0) + body, (0, 0))


def read_until_done(sock):
    """Every datagram of one dump reply, as the kernel split them."""
    out = []
    while True:
        d = sock.recv(1 << 16)
        out.append(d)
        off = 0
        while off + 16 <= len(d):
            length, typ = struct.unpack_from("=IH", d, off)
            if typ in (NLMSG_DONE, NLMSG_ERROR):
                return out
            if length < 16:
                break
            off += (length + 3) & ~3


def frames(kind, datagrams):
    return b"".join(bytes([kind]) + struct.pack("<H", len(d)) + d for d in datagrams)


def capture_rtnetlink():
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    # The requests ListInterfaces sends: family AF_UNSPEC, no attributes.
    netlink_request(s, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, bytes(16))  # ifinfomsg
    links = read_until_done(s)
    netlink_request(s, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, bytes(8))  # ifaddrmsg
    addrs = read_until_done(s)
    write("rtnetlink", "dump-lo-veth", frames(0, links) + frames(1, addrs))
    # A link query for an index that does not exist: the kernel's NLMSG_ERROR.
    netlink_request(s, RTM_GETLINK, NLM_F_REQUEST, struct.pack("=BxHiII", 0, 0, 9999, 0, 0))
    write("rtnetlink", "error-enodev", frames(0, [s.recv(1 << 16)]))
    s.close()


# ---- sockaddr: u16 length the kernel reported, then its bytes
def capture_sockaddrs():
    seeds = {}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        seeds["inet"] = raw_sockname(s)
    with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
        s.bind(("::1", 0))
        seeds["inet6"] = raw_sockname(s)
    with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
        s.bind(("fe80::1", 0, 0, socket.if_nametoindex("veth0")))
        seeds["inet6-scope"] = raw_sockname(s)
    with tempfile.TemporaryDirectory() as d, socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        os.chdir(d)  # a relative name: no path of this machine in the corpus
        s.bind("gonet.sock")
        seeds["unix-path"] = raw_sockname(s)
        os.chdir(HERE)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.bind("\0gonet-fuzz\0name")
        seeds["unix-abstract"] = raw_sockname(s)
    a, b = socket.socketpair()
    seeds["unix-unnamed"] = raw_sockname(a)
    a.close()
    b.close()
    for name, (data, length) in seeds.items():
        write("sockaddr", name, struct.pack("<H", length) + data)
    return seeds


# ---- batch: u32 area length, u16 count, u16 slot size, u8 family (bit 0:
# IPv6), the area, then per received message u32 msg_len, u32 flags, u8
# namelen and the sender's sockaddr.
def ip_record(kind, ip, port, scope=0):
    return struct.pack("<BBHI", kind, len(ip), port, scope) + ip + bytes(16 - len(ip))


def batch_seed(family_bit, size, messages, sender):
    count = len(messages)
    headers = b"".join(struct.pack("<ii", len(p), 0) + rec for p, rec in messages)
    payloads = b"".join(p + bytes(size - len(p)) for p, _ in messages)
    area = headers + payloads
    received = b"".join(struct.pack("<IIB", len(p), 0, len(sender)) + sender for p, _ in messages)
    return struct.pack("<IHHB", len(area), count, size, family_bit) + area + received


def capture_batches(seeds):
    v4, _ = seeds["inet"]
    v6, _ = seeds["inet6"]
    port4 = struct.unpack_from(">H", v4, 2)[0]
    port6 = struct.unpack_from(">H", v6, 2)[0]
    lo4 = ip_record(4, socket.inet_pton(socket.AF_INET, "127.0.0.1"), port4)
    lo6 = ip_record(6, socket.inet_pton(socket.AF_INET6, "::1"), port6)
    connected = bytes(24)  # kind 0: the connected peer
    write("batch", "ipv4", batch_seed(0, 16, [(b"ping", lo4), (b"pong!", lo4), (b"", connected)], v4))
    write("batch", "ipv6", batch_seed(1, 32, [(b"hello over ::1", lo6), (b"x" * 32, lo6)], v6))


def main():
    if os.environ.get("GONET_IN_NS") != "1":
        subprocess.run(["ip", "netns", "add", NS], check=True)
        try:
            for cmd in (
                "link set lo up",
                "link add veth0 type veth peer name veth1",
                "link set veth0 up",
                "addr add 10.99.0.1/24 dev veth0",
                "addr add 10.99.1.1 peer 10.99.1.2/32 dev veth0",
                "addr add fd00:99::1/64 dev veth0 nodad",
                "addr add fe80::1/64 dev veth0 nodad",
            ):
                subprocess.run(["ip", "-n", NS] + cmd.split(), check=True)
            env = dict(os.environ, GONET_IN_NS="1")
            subprocess.run(["ip", "netns", "exec", NS, sys.executable, __file__], check=True, env=env)
        finally:
            subprocess.run(["ip", "netns", "del", NS])
        return
    capture_rtnetlink()
    capture_batches(capture_sockaddrs())


main()

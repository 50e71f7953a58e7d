// Unix domain sockets: stream, seqpacket and datagram; abstract names; the
// listener's socket file; half-close; descriptor passing (SCM_RIGHTS) in
// one process and between two; peer credentials; Go's errors.

import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  ErrClosed,
  ErrWriteToConnected,
  OpError,
  TCPConn,
  UnixAddr,
  UnixConn,
  UnixListener,
  dial,
  errorIs,
  fileConn,
  fileListener,
  isTimeout,
  listen,
  listenPacket,
  parseUnixRights,
  resolveUnixAddr,
  unixRights,
} from "../../lib/index.js";
import { dec, enc, track, within } from "../helpers/scope.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "gonet-unix-"));
let seq = 0;
const path = (): string => join(dir, `s${seq++}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function streamPair(network: "unix" | "unixpacket", where = path()): Promise<[UnixConn, UnixConn, UnixListener]> {
  const ln = track(await listen(network, where));
  const [c1, c2] = await Promise.all([dial(network, where), ln.accept()]);
  return [track(c1), track(c2), ln];
}

describe("stream and seqpacket", () => {
  it("a pathname with a NUL inside is refused, not cut short", async () => {
    const where = path();
    for (const network of ["unix", "unixgram"] as const) {
      const err = await (network === "unix" ? listen(network, `${where}\0b`) : listenPacket(network, `${where}\0b`)).then(
        (l) => (track(l), null),
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(OpError);
      expect((err as OpError).code).toBe("EINVAL");
      expect(existsSync(where)).toBe(false);
    }
    await expect(dial("unix", `${where}\0b`)).rejects.toMatchObject({ code: "EINVAL" });
  });

  it("echo over unix; addresses print as Go's", async () => {
    const p = path();
    const [c1, c2, ln] = await streamPair("unix", p);
    expect(ln.addr.toString()).toBe(p);
    expect(ln.addr.network).toBe("unix");
    expect(c1.remoteAddr.toString()).toBe(p);
    expect(c2.localAddr.toString()).toBe(p);
    expect(c2.remoteAddr.toString()).toBe(""); // an unbound client has no name
    await c1.write("hello");
    const buf = new Uint8Array(16);
    expect(await within(c2.read(buf))).toBe(5);
    await c2.write(buf.subarray(0, 5));
    expect(dec((await within(c1.read()))!)).toBe("hello");
  });

  it("unixpacket keeps message boundaries", async () => {
    const [c1, c2] = await streamPair("unixpacket");
    await c1.write("one");
    await c1.write("two!");
    const buf = new Uint8Array(16);
    expect(await within(c2.read(buf))).toBe(3);
    expect(await within(c2.read(buf))).toBe(4);
    expect(dec(buf.subarray(0, 4))).toBe("two!");
  });

  it("closeWrite gives the peer EOF; closeRead ends our reads", async () => {
    const [c1, c2] = await streamPair("unix");
    await c1.write("last");
    await c1.closeWrite();
    const buf = new Uint8Array(8);
    expect(await within(c2.read(buf))).toBe(4);
    expect(await within(c2.read(buf))).toBe(null);
    await c2.write("still open"); // the other direction works
    expect(await within(c1.read(buf))).toBe(8);
    await c2.closeRead();
    expect(await within(c2.read(buf))).toBe(null);
  });

  it("the listener removes its socket file on close, unless told not to", async () => {
    const p = path();
    const ln = await listen("unix", p);
    expect(existsSync(p)).toBe(true);
    await ln.close();
    expect(existsSync(p)).toBe(false);
    const p2 = path();
    const ln2 = await listen("unix", p2);
    ln2.setUnlinkOnClose(false);
    await ln2.close();
    expect(existsSync(p2)).toBe(true);
    // Go never removes a stale file before binding: the path is in use.
    const err = await listen("unix", p2).catch((e: unknown) => e);
    expect((err as OpError).message).toBe(`listen unix ${p2}: bind: address already in use`);
    expect((err as OpError).code).toBe("EADDRINUSE");
  });

  it("Linux abstract names (@name) work and leave no file", async () => {
    const name = `@gonet-test-${process.pid}-${seq++}`;
    const [c1, c2, ln] = await streamPair("unix", name);
    expect(ln.addr.toString()).toBe(name);
    expect(c1.remoteAddr.toString()).toBe(name);
    await c1.write("abstract");
    expect(await within(c2.read(new Uint8Array(16)))).toBe(8);
  });

  it("accept, read and write honour deadlines and close", async () => {
    const ln = track(await listen("unix", path()));
    ln.setDeadline(Date.now() + 20);
    const err = await ln.accept().catch((e: unknown) => e);
    expect(isTimeout(err)).toBe(true);
    expect((err as OpError).message).toBe(`accept unix ${ln.addr}: i/o timeout`);
    ln.setDeadline(null);
    const pending = ln.accept();
    await ln.close();
    expect(errorIs(await pending.catch((e: unknown) => e), ErrClosed)).toBe(true);
  });

  it("dialing a missing socket or a non-socket fails as Go", async () => {
    const p = path();
    const err = await dial("unix", p).catch((e: unknown) => e);
    expect((err as OpError).message).toBe(`dial unix ${p}: connect: no such file or directory`);
    expect((err as OpError).code).toBe("ENOENT");
    writeFileSync(p, "not a socket");
    const err2 = await dial("unix", p).catch((e: unknown) => e);
    expect((err2 as OpError).code).toBe("ECONNREFUSED");
    await expect(dial("unix", "")).rejects.toThrow("dial unix: missing address");
    await expect(listen("unix", join(dir, "x".repeat(200)))).rejects.toThrow(/file name too long/);
    expect((await resolveUnixAddr("unixgram", "/tmp/x")).network).toBe("unixgram");
    await expect(resolveUnixAddr("tcp", "/tmp/x")).rejects.toThrow("unknown network tcp");
  });
});

describe("unixgram", () => {
  it("readFrom/writeTo with named sockets; an unbound sender reads as null", async () => {
    const pa = path();
    const pb = path();
    const a = track(await listenPacket("unixgram", pa));
    const b = track(await listenPacket("unixgram", pb));
    expect(a.localAddr).toEqual(new UnixAddr(pa, "unixgram"));
    expect(await a.writeTo("to b", b.localAddr)).toBe(4);
    const buf = new Uint8Array(16);
    const r = await within(b.readFromUnix(buf));
    expect(dec(buf.subarray(0, r.n))).toBe("to b");
    expect(r.addr!.toString()).toBe(pa);
    await b.writeToUnix(enc("back"), r.addr!);
    expect((await within(a.readFrom(buf))).addr!.toString()).toBe(pb);

    const c = track(await dial("unixgram", pb));
    await c.write("connected");
    const r2 = await within(b.readFrom(buf));
    expect(r2.n).toBe(9);
    expect(r2.addr).toBe(null);
    const err = await c.writeTo("x", pa).catch((e: unknown) => e);
    expect(errorIs(err, ErrWriteToConnected)).toBe(true);
    // Go leaves a unixgram socket's file in place.
    await a.close();
    expect(existsSync(pa)).toBe(true);
  });

  it("datagrams keep boundaries and are cut to the buffer", async () => {
    const a = track(await listenPacket("unixgram", path()));
    const b = track(await listenPacket("unixgram", path()));
    await a.writeTo("0123456789", b.localAddr);
    const small = new Uint8Array(4);
    expect((await within(b.readFrom(small))).n).toBe(4);
    await a.writeTo("abcdefghij", b.localAddr);
    const m = await within(b.readMsgUnix(small, new Uint8Array(0)));
    expect(m!.flags & 0x20).toBe(0x20); // MSG_TRUNC
    const err = await a.writeTo("x", new UnixAddr(b.localAddr.name, "unix")).catch((e: unknown) => e);
    expect((err as OpError).code).toBe("EAFNOSUPPORT");
  });
});

describe("descriptor passing and credentials", () => {
  it("SCM_RIGHTS within a process: a file and a socket survive the trip", async () => {
    const [c1, c2] = await streamPair("unix");
    const file = join(dir, `f${seq++}`);
    writeFileSync(file, "through the socket");
    const fd = openSync(file, "r");
    const [x1, x2] = await streamPair("unixpacket");
    const sent = await c1.writeMsgUnix(enc("fds"), unixRights(fd, x1.fd));
    expect(sent).toEqual({ n: 3, oobn: 24 });
    closeSync(fd);
    const oob = new Uint8Array(64);
    const m = await within(c2.readMsgUnix(new Uint8Array(8), oob));
    const fds = parseUnixRights(oob.subarray(0, m!.oobn));
    expect(fds).toHaveLength(2);
    const buf = Buffer.alloc(64);
    const n = readSync(fds[0], buf, 0, 64, 0);
    expect(buf.toString("utf8", 0, n)).toBe("through the socket");
    closeSync(fds[0]);
    // The passed socket is the same one x1 is: wrap it and talk to x2 through it.
    const again = track(fileConn(fds[1]) as UnixConn);
    closeSync(fds[1]);
    expect(again).toBeInstanceOf(UnixConn);
    await again.write("via the copy");
    expect(dec((await within(x2.read()))!)).toBe("via the copy");
    // An empty write still carries descriptors on a stream (Go's dummy byte).
    const fd2 = openSync(file, "r");
    expect((await c1.writeMsgUnix(new Uint8Array(0), unixRights(fd2))).n).toBe(0);
    closeSync(fd2);
    const got = await within(c2.readFds(new Uint8Array(0)));
    expect(got!.fds).toHaveLength(1);
    closeSync(got!.fds[0]);
  });

  it("peer credentials name this process", async () => {
    const [c1, c2] = await streamPair("unix");
    for (const c of [c1, c2]) {
      expect(c.peerCredentials()).toEqual({ pid: process.pid, uid: process.getuid!(), gid: process.getgid!() });
    }
    await c1.close();
    expect(() => c1.peerCredentials()).toThrow(/use of closed network connection/);
  });

  it("fd passing between two processes: a listener and a file", async () => {
    if (!existsSync(join(root, "dist", "index.js"))) throw new Error("build dist first: npx tsc -p tsconfig.build.json");
    const p = path();
    const ln = track(await listen("unix", p));
    const file = join(dir, `f${seq++}`);
    const child = spawn(process.execPath, [join(here, "fixtures", "fd-sender.mjs"), p, "from the child", file], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    try {
      const conn = track(await within(ln.accept(), 20_000));
      const msg = new Uint8Array(32);
      const got = await within(conn.readFds(msg), 20_000);
      expect(conn.peerCredentials().pid).toBe(child.pid);
      expect(got!.fds).toHaveLength(2);
      const [tcpFd, fileFd] = got!.fds;
      const port = Number(/^port (\d+)$/.exec(dec(msg.subarray(0, got!.n)))![1]);
      await conn.write("k"); // the child may now close its copies
      expect(await within(exited, 20_000)).toBe(0);
      // The file the child opened, read through our copy of its descriptor.
      const buf = Buffer.alloc(64);
      expect(buf.toString("utf8", 0, readSync(fileFd, buf, 0, 64, 0))).toBe("from the child");
      closeSync(fileFd);
      // The child's TCP listener, alive in this process only now.
      const tln = track(fileListener(tcpFd));
      closeSync(tcpFd);
      const addr = tln.addr.toString();
      expect(addr).toBe(`127.0.0.1:${port}`);
      const [client, server] = await within(Promise.all([dial("tcp4", addr), tln.accept()]));
      track(client);
      track(server);
      expect(server).toBeInstanceOf(TCPConn);
      await client.write("across processes");
      expect(dec((await within(server.read()))!)).toBe("across processes");
      expect(readFileSync(file, "utf8")).toBe("from the child");
    } finally {
      if (child.exitCode === null) child.kill();
    }
  }, 60_000);
});

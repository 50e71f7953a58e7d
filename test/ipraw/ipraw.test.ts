// Raw IP sockets: ICMP echo to 127.0.0.1 and ::1 with checksums verified,
// Go's IPv4-header rule (readFrom strips it, read does not), IP_HDRINCL
// through syscallConn(), the EPERM path without privileges (a child process
// with dropped privileges), and Linux ping sockets: as this host allows
// them, and in a network namespace of our own where we allow them.
// Loopback only.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  IPAddr,
  type Conn,
  DialedIPConn,
  IPConn,
  OpError,
  constants as C,
  dial,
  listenICMP,
  listenPacket,
  parseIP,
  resolveIPAddr,
} from "../../lib/index.js";
import { checksum, echoRequest, icmp6ChecksumOK, ipv4Header, parseEcho } from "./icmp.js";
import { track } from "../helpers/scope.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const isRoot = process.getuid?.() === 0;
const ID = process.pid & 0xffff;
let seq = 1;

/** Reads (bounded) until `match` accepts a message; raw sockets also see other traffic. */
async function readUntil(
  c: IPConn,
  match: (m: Uint8Array, from: IPAddr) => boolean,
  read: "readFrom" | "read" = "readFrom",
): Promise<{ m: Uint8Array; from: IPAddr | null }> {
  const buf = new Uint8Array(1500);
  c.setReadDeadline(Date.now() + 5000);
  for (let i = 0; i < 100; i++) {
    if (read === "read") {
      const n = (await c.read(buf))!;
      const m = buf.slice(0, n);
      if (match(m, null as unknown as IPAddr)) return { m, from: null };
    } else {
      const { n, addr } = await c.readFrom(buf);
      const m = buf.slice(0, n);
      if (match(m, addr)) return { m, from: addr };
    }
  }
  throw new Error("no matching message in 100 reads");
}

const payload = new TextEncoder().encode("gonet raw echo");

describe.skipIf(!isRoot)("raw ICMP (privileged)", () => {
  it("echo to 127.0.0.1: readFrom strips the IPv4 header; the reply's checksum verifies", async () => {
    const c = track(await listenPacket("ip4:icmp", "127.0.0.1"));
    expect(c).toBeInstanceOf(IPConn);
    expect(c.localAddr.toString()).toBe("127.0.0.1");
    expect(c.localAddr.network).toBe("ip");
    const s = seq++;
    expect(await c.writeTo(echoRequest(4, ID, s, payload), new IPAddr(parseIP("127.0.0.1")))).toBe(8 + payload.length);
    const { m, from } = await readUntil(c, (m) => {
      const e = parseEcho(m);
      return e !== null && e.type === 0 && e.id === ID && e.seq === s;
    });
    expect(from!.toString()).toBe("127.0.0.1");
    expect(checksum(m)).toBe(0); // a valid ICMP checksum sums to zero
    expect(parseEcho(m)!.payload).toEqual(payload);
  });

  it("a dialed raw socket's read keeps the IPv4 header (Go's Read rule)", async () => {
    const c = track(await dial("ip4:1", "127.0.0.1"));
    expect(c).toBeInstanceOf(DialedIPConn);
    const asConn: Conn = c; // a Conn without a cast: the compiler checks this line
    expect(asConn.remoteAddr.toString()).toBe("127.0.0.1");
    const s = seq++;
    await c.write(echoRequest(4, ID, s, payload));
    const { m } = await readUntil(
      c,
      (m) => m[0] >> 4 === 4 && m.length >= 28 && m[20] === 0 && ((m[24] << 8) | m[25]) === ID && ((m[26] << 8) | m[27]) === s,
      "read",
    );
    const ihl = (m[0] & 0x0f) * 4;
    expect(m[9]).toBe(1); // protocol ICMP
    expect(checksum(m.subarray(0, ihl))).toBe(0); // the IP header's own checksum
    expect(checksum(m.subarray(ihl))).toBe(0);
  });

  it("echo to ::1 over ip6:ipv6-icmp; the kernel's checksum verifies with the pseudo-header", async () => {
    const c = track(await listenPacket("ip6:ipv6-icmp", "::1"));
    const s = seq++;
    await c.writeTo(echoRequest(6, ID, s, payload), "::1");
    const { m, from } = await readUntil(c, (m) => {
      const e = parseEcho(m);
      return e !== null && e.type === 129 && e.id === ID && e.seq === s;
    });
    expect(from!.toString()).toBe("::1");
    const lo = parseIP("::1")!.bytes;
    expect(icmp6ChecksumOK(m, lo, lo)).toBe(true);
    expect(parseEcho(m)!.payload).toEqual(payload);
  });

  it("IP_HDRINCL through syscallConn(): our own IPv4 header goes out as written", async () => {
    const rx = track(await listenPacket("ip4:icmp", "127.0.0.1"));
    const tx = track(await listenPacket("ip4:icmp", ""));
    tx.syscallConn().setsockopt(C.IPPROTO_IP, C.IP_HDRINCL, 1);
    expect(tx.syscallConn().getsockopt(C.IPPROTO_IP, C.IP_HDRINCL)).toBe(1);
    const s = seq++;
    const icmp = echoRequest(4, ID, s, payload);
    const lo = parseIP("127.0.0.1")!.to4()!.bytes;
    const pkt = new Uint8Array(20 + icmp.length);
    pkt.set(ipv4Header(lo, lo, 1, icmp.length, 33), 0);
    pkt.set(icmp, 20);
    expect(await tx.writeTo(pkt, new IPAddr(parseIP("127.0.0.1")))).toBe(pkt.length);
    // Our request, with the TTL we wrote (33) in its header, then the kernel's reply.
    const req = await readUntil(rx, (m) => m[0] === 8 && ((m[6] << 8) | m[7]) === s);
    expect(req.m).toEqual(icmp);
    const reply = await readUntil(rx, (m) => m[0] === 0 && ((m[6] << 8) | m[7]) === s);
    expect(checksum(reply.m)).toBe(0);
  });

  it("raw sockets honour deadlines, close and Go's errors", async () => {
    const c = track(await listenPacket("ip4:icmp", "127.0.0.1"));
    c.setReadDeadline(Date.now() + 20);
    // Other tests' echoes may arrive: read until the deadline (bounded).
    let err: unknown;
    for (let i = 0; i < 1000 && !err; i++) err = await c.readFrom(new Uint8Array(1500)).then(() => undefined, (e: unknown) => e);
    expect((err as OpError).message).toBe("read ip4 127.0.0.1: i/o timeout");
    const e2 = await c.writeTo("x", new IPAddr(parseIP("::1"))).catch((e: unknown) => e);
    expect((e2 as OpError).message).toBe("write ip4 127.0.0.1->::1: address ::1: non-IPv4 address");
    const e3 = await c.writeTo(new Uint8Array(70000), "127.0.0.1").catch((e: unknown) => e);
    expect((e3 as OpError).code).toBe("EMSGSIZE");
  });
});

describe("network names and addresses", () => {
  it("raw networks need a protocol; unknown names are Go's errors", async () => {
    await expect(dial("ip4", "127.0.0.1")).rejects.toThrow("dial ip4: unknown network ip4");
    await expect(listenPacket("ip4:nosuchproto", "")).rejects.toThrow(
      "listen ip4:nosuchproto: address nosuchproto: unknown IP protocol specified",
    );
    await expect(listenPacket("ip4:icmp", "[::1]")).rejects.toThrow(/no suitable address found|missing port|::1/);
    await expect(dial("ip6:58", "127.0.0.1")).rejects.toThrow("dial ip6:58: address 127.0.0.1: no suitable address found");
    expect((await resolveIPAddr("ip6", "::1%lo")).toString()).toBe("::1%lo");
    expect((await resolveIPAddr("ip4:icmp", "127.0.0.1")).network).toBe("ip");
  });
});

// ------------------------------------------------------------ without privileges

interface ChildReport {
  uid: number;
  raw: { ok?: boolean; name?: string; code?: string; message?: string; op?: string; net?: string };
  ping: Record<string, { type?: number; seq?: number; payload?: string; from?: string; code?: string; message?: string }>;
}

const fixture = join(here, "fixtures", "unprivileged.mjs");
const haveSetpriv = spawnSync("setpriv", ["--version"]).status === 0;
const haveDist = existsSync(join(root, "dist", "index.js"));

/** Runs the fixture as uid/gid 65534 with no capabilities, optionally inside `unshare -n`. */
function runUnprivileged(args: string[], netns?: string): ChildReport {
  const drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, fixture, ...args];
  const cmd = netns ? ["unshare", "-n", "sh", "-c", `${netns} && exec "$@"`, "sh", ...drop] : drop;
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, encoding: "utf8", timeout: 30_000 });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as ChildReport;
}

describe.skipIf(!isRoot || !haveSetpriv || !haveDist)("without privileges (child process as uid 65534)", () => {
  it("a raw socket fails with a clear OpError, code EPERM", () => {
    const r = runUnprivileged([]);
    expect(r.uid).toBe(65534);
    expect(r.raw).toEqual({
      name: "OpError",
      code: "EPERM",
      op: "listen",
      net: "ip4:icmp",
      message: "listen ip4:icmp 127.0.0.1: socket: operation not permitted",
    });
  });

  it("ping sockets as this host allows them (net.ipv4.ping_group_range)", (ctx) => {
    const [lo, hi] = readFileSync("/proc/sys/net/ipv4/ping_group_range", "utf8").trim().split(/\s+/).map(Number);
    if (!(lo <= 65534 && 65534 <= hi)) {
      // The host forbids them: the error says so, and the allowed path runs in our own namespace below.
      const r = runUnprivileged(["ping"]);
      expect(r.ping.udp4.code).toBe("EACCES");
      expect(r.ping.udp4.message).toBe("listen udp4: socket: permission denied");
      ctx.skip(`net.ipv4.ping_group_range is "${lo} ${hi}" here: unprivileged ping sockets are not allowed for gid 65534`);
      return;
    }
    const r = runUnprivileged(["ping"]);
    expect(r.ping.udp4).toMatchObject({ type: 0, seq: 1, payload: "gone", from: "127.0.0.1" });
  });

  it("ping sockets in a network namespace that allows them: echo to 127.0.0.1 and ::1", (ctx) => {
    if (spawnSync("unshare", ["-n", "true"]).status !== 0) {
      ctx.skip("cannot create a network namespace here (unshare -n failed)");
      return;
    }
    const setup = "ip link set lo up && echo '0 2147483647' > /proc/sys/net/ipv4/ping_group_range";
    const r = runUnprivileged(["ping"], setup);
    expect(r.uid).toBe(65534);
    expect(r.raw.code).toBe("EPERM"); // still no raw sockets
    expect(r.ping.udp4).toEqual({ type: 0, seq: 1, payload: "gone", from: "127.0.0.1" });
    expect(r.ping.udp6).toEqual({ type: 129, seq: 1, payload: "gone", from: "::1" });
  });
});

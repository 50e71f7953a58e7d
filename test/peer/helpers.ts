// The peer misbehaviour suite's tools: foreign peers (node:net sockets, and a
// python3 script for urgent data, which Node cannot send) against gonet
// conns, and reads bounded by a deadline, so that a stall fails the test with
// an i/o timeout instead of hanging it.

import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Conn } from "../../lib/conn.js";

const HERE = dirname(fileURLToPath(import.meta.url));

/** What a bounded read loop saw: the bytes, then EOF, an error, or neither (it got `want` bytes). */
export interface Drained {
  data: Buffer;
  eof: boolean;
  err: unknown;
}

/**
 * Reads until `want` bytes arrived, EOF, or an error, under a read deadline
 * `ms` from now (cleared afterwards). A stalled stream ends in an i/o timeout
 * error here, never in a hang.
 */
export async function drain(conn: Conn, want: number, ms = 3_000): Promise<Drained> {
  const chunks: Buffer[] = [];
  let got = 0;
  let eof = false;
  let err: unknown;
  conn.setReadDeadline(Date.now() + ms);
  try {
    while (got < want) {
      const buf = new Uint8Array(want - got);
      const n = await conn.read(buf);
      if (n === null) {
        eof = true;
        break;
      }
      chunks.push(Buffer.from(buf.subarray(0, n)));
      got += n;
    }
  } catch (e) {
    err = e;
  }
  conn.setReadDeadline(null);
  return { data: Buffer.concat(chunks), eof, err };
}

/** Reads `want` bytes, failing (with what arrived) on EOF, an error or a stall. */
export async function readExactly(conn: Conn, want: number, ms = 3_000): Promise<string> {
  const r = await drain(conn, want, ms);
  if (r.err !== undefined) {
    throw new Error(`read ${r.data.length}/${want} bytes (${JSON.stringify(r.data.toString("latin1"))}), then: ${String(r.err)}`);
  }
  if (r.eof) throw new Error(`EOF after ${r.data.length}/${want} bytes`);
  return r.data.toString("latin1");
}

/** A node:net client connected to 127.0.0.1:`port`. */
export function nodeClient(port: number, opts: { noDelay?: boolean } = {}): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: "127.0.0.1", port, noDelay: opts.noDelay ?? false });
    s.once("connect", () => resolve(s));
    s.once("error", reject);
  });
}

/** Every byte a node:net socket receives until EOF (or an error, which ends it too). */
export function nodeCollect(s: net.Socket): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    s.on("data", (c: Buffer) => chunks.push(c));
    s.once("end", () => resolve(Buffer.concat(chunks)));
    s.once("error", () => resolve(Buffer.concat(chunks)));
  });
}

/** The urgent-data peer (oob_peer.py) as a child process. */
export interface OobPeer {
  /** Resolves once the peer sent abc, the urgent byte and def. */
  sent: Promise<void>;
  /** The exit code (null if killed), with stderr. */
  exit: Promise<{ code: number | null; stderr: string }>;
  kill(): void;
}

/** Starts oob_peer.py: `tcp <port>` or `unix <path>`; it is killed after 15 s at the latest. */
export function oobPeer(kind: "tcp" | "unix", where: string | number): OobPeer {
  const proc: ChildProcess = spawn("python3", [join(HERE, "oob_peer.py"), kind, String(where)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const guard = setTimeout(() => proc.kill("SIGKILL"), 15_000);
  let stdout = "";
  let stderr = "";
  proc.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    proc.on("close", (code) => {
      clearTimeout(guard);
      resolve({ code, stderr });
    });
  });
  const sent = new Promise<void>((resolve, reject) => {
    proc.stdout!.setEncoding("utf8").on("data", (c: string) => {
      stdout += c;
      if (stdout.includes("sent")) resolve();
    });
    void exit.then(({ code }) => reject(new Error(`oob_peer.py exited (${code}) before sending: ${stderr}`)));
  });
  sent.catch(() => undefined);
  return { sent, exit, kill: () => proc.kill("SIGKILL") };
}

// Handing a listening socket to another process over a Unix socket
// (SCM_RIGHTS), for zero-downtime restarts: the old server sends its
// listener, the new one starts accepting on the same kernel socket, then the
// old one closes its copy and drains. Connections waiting in the accept
// queue are never refused: the socket stays open as long as either holds it.

import { closeSync } from "node:fs";
import type { Listener } from "./conn.js";
import { fileListener } from "./file.js";
import type { UnixConn } from "./unix.js";

/** Longest listener name sent with the descriptor (bytes). */
const MAX_NAME = 255;

/** Sends `ln` (a TCPListener or UnixListener) and its `name` to the process at the other end of `conn`. */
export async function sendListener(conn: UnixConn, ln: Listener & { readonly fd: number }, name = "listener"): Promise<void> {
  const bytes = new TextEncoder().encode(name);
  if (bytes.length === 0 || bytes.length > MAX_NAME || name.includes("\n")) {
    throw new RangeError(`sendListener: name must be 1 to ${MAX_NAME} bytes without a newline`);
  }
  const fd = ln.fd;
  if (!Number.isInteger(fd) || fd < 0) throw new Error("sendListener: the listener is closed");
  await conn.writeFds([fd], new Uint8Array([...bytes, 0x0a]));
}

/**
 * Receives one listener sent with sendListener: its name and a Listener on
 * this process's own descriptor. Anything else from the peer (no descriptor,
 * several, a truncated message, a descriptor that is not a listening socket)
 * is refused, and every descriptor received is closed.
 */
export async function receiveListener(conn: UnixConn): Promise<{
  /** The name it was sent with. */
  name: string;
  /** A Listener on this process's own copy of the descriptor. */
  listener: Listener;
}> {
  const buf = new Uint8Array(MAX_NAME + 1);
  const m = await conn.readFds(buf, 1);
  if (m === null) throw new Error("receiveListener: the peer closed before sending a listener");
  try {
    if (m.truncated || m.fds.length !== 1) throw new Error(`receiveListener: expected one descriptor, got ${m.fds.length}${m.truncated ? " and more (truncated)" : ""}`);
    const text = new TextDecoder().decode(buf.subarray(0, m.n));
    if (!text.endsWith("\n") || text.length < 2) throw new Error("receiveListener: the name did not come whole with the descriptor");
    return { name: text.slice(0, -1), listener: fileListener(m.fds[0]) };
  } finally {
    for (const fd of m.fds) closeSync(fd);
  }
}

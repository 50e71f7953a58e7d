// toDuplex(conn): a gonet Conn as a node:stream Duplex, so Node APIs that
// take a socket-like stream (http.Server's 'connection', tls.connect({socket}),
// stream.pipeline) can run over gonet. It is the same object as toSocket(conn)
// (lib/socket.ts): one adapter, with net.Socket's half-close behaviour, so a
// stream handed to Node's libraries behaves the same whichever name made it.

import type { Duplex } from "node:stream";
import type { Conn } from "./conn.js";
import { checkConn } from "./internal/args.js";
import { type SocketOptions, toSocket } from "./socket.js";

/** Wraps `conn`; destroying the Duplex closes the Conn. `allowHalfOpen` defaults to false, as net.Socket. */
export function toDuplex(conn: Conn, options: Omit<SocketOptions, "conn"> = {}): Duplex {
  checkConn("toDuplex", "conn", conn, "read", "write", "close");
  return toSocket(conn, options);
}

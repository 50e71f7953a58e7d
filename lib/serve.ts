// serve(server, listener): feeds a gonet Listener into any Node server that
// takes sockets through its 'connection' event (http.Server, https.Server,
// tls.Server, net.Server, http2's servers), the way net.Server's own accept
// loop does: one net.Socket-shaped Socket per accepted Conn (lib/socket.ts),
// half-open as the server asks (http.Server sets allowHalfOpen and does its
// own half-close handling), stopped by server.close().

import type { EventEmitter } from "node:events";
import type { Conn, Listener } from "./conn.js";
import { toSocket } from "./socket.js";

/** What serve() feeds: any node:net-style server (http.Server, https.Server, tls.Server, net.Server) that takes sockets through its 'connection' event. */
export interface ConnectionServer extends EventEmitter {
  /** The server's allowHalfOpen option, which the sockets it is fed follow. */
  allowHalfOpen?: boolean;
}

/**
 * Accepts until `listener` closes (server.close() closes it too), then
 * resolves; transient accept errors (EMFILE...) back off and retry as
 * Listener's iterator does; any other accept error rejects.
 */
export async function serve(server: ConnectionServer, listener: Listener<Conn>): Promise<void> {
  if (!server || typeof server.emit !== "function" || typeof server.once !== "function") {
    throw new TypeError("serve: server must be an EventEmitter such as http.Server or net.Server");
  }
  if (!listener || typeof listener.accept !== "function" || typeof listener.close !== "function") {
    throw new TypeError("serve: listener must be a gonet Listener");
  }
  const stop = (): void => void listener.close().catch(() => {});
  server.once("close", stop);
  try {
    for await (const conn of listener) {
      server.emit("connection", toSocket(conn, { allowHalfOpen: server.allowHalfOpen === true }));
    }
  } finally {
    server.off("close", stop);
  }
}

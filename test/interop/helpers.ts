// Shared by the interop tests: a node:http server served over a gonet
// Listener, a keep-alive Agent that dials through gonet, request helpers, and
// a guard that records every error a close path emits.

import http from "node:http";
import { type Listener, type TCPConn, createConnection, listen, serve } from "../../lib/index.js";

export interface Served {
  ln: Listener<TCPConn>;
  port: number;
  serving: Promise<void>;
  close(): Promise<void>;
}

/** Serves `server` on a fresh gonet listener on 127.0.0.1. */
export async function serveOnGonet(server: http.Server | import("node:net").Server): Promise<Served> {
  const ln = await listen("tcp", "127.0.0.1:0");
  const serving = serve(server, ln);
  return {
    ln,
    port: ln.addr.port,
    serving,
    async close() {
      (server as http.Server).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await serving;
    },
  };
}

/** An http.Agent whose sockets are gonet dials. */
export class GonetAgent extends http.Agent {
  override createConnection = createConnection as unknown as http.Agent["createConnection"];
}

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  socket: import("node:net").Socket;
}

/** One request; resolves the whole response. */
export function request(options: http.RequestOptions, body?: Buffer | string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request(options, (res) => {
      // Captured now: a keep-alive Agent detaches res.socket once the response ends.
      const socket = res.socket;
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts), socket }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Collects 'error' events from emitters that must not see any. */
export class ErrorLog {
  readonly errors: unknown[] = [];
  watch(e: import("node:events").EventEmitter, events = ["error"]): void {
    for (const ev of events) e.on(ev, (err: unknown) => this.errors.push(err));
  }
}

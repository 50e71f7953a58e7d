// toDuplex(conn): a gonet Conn as a node:stream Duplex, so Node APIs that
// take a socket-like stream (http.Server's 'connection', tls.connect({socket}),
// stream.pipeline) can run over gonet.

import { Duplex } from "node:stream";
import type { Conn } from "./conn.js";
import { checkConn } from "./internal/args.js";

interface HalfClosable {
  closeWrite?(): Promise<void>;
}

/** Wraps `conn`; destroying the Duplex closes the Conn. */
export function toDuplex(conn: Conn): Duplex {
  checkConn("toDuplex", "conn", conn, "read", "write", "close");
  let reading = false;
  return new Duplex({
    // One read in flight at a time; push() says when to ask for more.
    read() {
      if (reading) return;
      reading = true;
      const pump = (): void => {
        conn.read().then(
          (chunk) => {
            if (chunk === null) {
              reading = false;
              this.push(null);
            } else if (this.push(chunk)) {
              pump();
            } else {
              reading = false;
            }
          },
          (err: Error) => {
            reading = false;
            this.destroy(err);
          },
        );
      };
      pump();
    },
    write(chunk: Buffer, _encoding, callback) {
      conn.write(chunk).then(() => callback(), callback);
    },
    final(callback) {
      const half = conn as Conn & HalfClosable;
      if (typeof half.closeWrite === "function") half.closeWrite().then(() => callback(), callback);
      else callback();
    },
    destroy(err, callback) {
      conn.close().then(() => callback(err), () => callback(err));
    },
  });
}

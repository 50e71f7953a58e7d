// A connected TCP pair for the Socket adapter's tests: one end wrapped by
// toSocket (the side under test), the other a plain TCPConn peer.

import { type Socket, type TCPConn, dial, listen, toSocket } from "../../lib/index.js";

export interface SocketPair {
  /** `conn` as a net.Socket-shaped Duplex. */
  sock: Socket;
  conn: TCPConn;
  peer: TCPConn;
  /** Destroys the Socket and closes the peer. */
  close(): Promise<void>;
}

export async function socketPair(): Promise<SocketPair> {
  const ln = await listen("tcp", "127.0.0.1:0");
  const [conn, peer] = await Promise.all([ln.accept() as Promise<TCPConn>, dial("tcp", ln.addr.toString()) as Promise<TCPConn>]);
  await ln.close();
  const sock = toSocket(conn);
  return {
    sock,
    conn,
    peer,
    async close() {
      sock.destroy();
      await peer.close();
    },
  };
}

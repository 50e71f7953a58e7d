// Go's nettest conformance suite over TCP loopback, IPv4 and IPv6.
import { afterAll, expect } from "vitest";
import { type Conn, debugStats, dial, listen } from "../../lib/index.js";
import { connConformance } from "./nettest.js";

function tcpPipe(network: string, host: string) {
  return async () => {
    const ln = await listen(network, `${host}:0`);
    const [c2, c1] = await Promise.all([ln.accept(), dial(network, ln.addr.toString())]);
    return {
      c1: c1 as Conn,
      c2: c2 as Conn,
      stop: async () => {
        await Promise.all([c1.close(), c2.close(), ln.close()]);
      },
    };
  };
}

connConformance("TCP", tcpPipe("tcp", "127.0.0.1"));
connConformance("TCP6", tcpPipe("tcp6", "[::1]"));

afterAll(() => {
  const s = debugStats();
  expect(s.openFds).toBe(0);
  expect(s.parkedOps).toBe(0);
  expect(s.heldBuffers).toBe(0);
});

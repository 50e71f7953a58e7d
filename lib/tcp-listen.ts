// TCP's listen (Go's tcpsock_posix.go listenTCP): Go's defaults
// (SO_REUSEADDR, one dual-stack socket for a wildcard `tcp`, somaxconn
// backlog), SO_REUSEPORT on request, and TCP_NODELAY plus keep-alive for
// accepted conns. The ListenConfig reaches it through lib/internal/networks.ts.

import { type Network, TCPAddr, firstPreferred, resolveHostPort } from "./addr.js";
import { OpError } from "./errors.js";
import { applyDefaultKeepAlive, effectiveKeepAlive } from "./keepalive.js";
import { constants as C, type SocketRawConn } from "./rawconn.js";
import { TCPListener } from "./tcp.js";
import { native } from "./internal/binding.js";
import { endpoint } from "./internal/endpoint.js";
import { syscallError } from "./internal/errno.js";
import { type ListenSettings, defaultBacklog, favoriteAddrFamily, innerError, isWildcard, openSocket } from "./internal/socket.js";

/** Go's TCP listen: `tcp`, `tcp4`, `tcp6` on `host:port` (the first IPv4 address of a name). */
export async function listenTCP(net: Network, address: string, o: ListenSettings): Promise<TCPListener> {
  // Resolution errors carry no address (Go); later ones the one being listened on.
  let laddr: TCPAddr | null = null;
  try {
    const { addrs, port } = await resolveHostPort(net, address, o.signal);
    const a = firstPreferred(addrs);
    laddr = new TCPAddr(a.ip, port, a.zone);
    const fam = favoriteAddrFamily(net.version, a.ip, null, true);
    const backlog = o.backlog ?? (await defaultBacklog());
    const connDefaults = (raw: SocketRawConn) => tcpConnDefaults(raw, o);
    const h = await openSocket({
      family: fam.family,
      type: C.SOCK_STREAM,
      v6only: fam.v6only,
      // Go sets SO_REUSEADDR on listeners except on Windows, where it
      // would let another socket bind the port in use.
      reuseAddr: native.platform.os !== "win32",
      setup: (raw) => {
        if (o.reusePort) raw.set("SO_REUSEPORT", true);
        connDefaults(raw);
      },
      control: o.control,
      controlNet: fam.v6 ? "tcp6" : "tcp4",
      controlAddr: laddr.toString(),
      // A dual-stack wildcard binds `::` itself: 0.0.0.0 mapped into IPv6 would be IPv4 only.
      bind: endpoint(fam.v6only === false && isWildcard(a.ip) ? null : a.ip, port, a.zone),
    });
    const r = h.listen(backlog);
    if (r < 0) {
      h.close();
      throw syscallError("listen", r);
    }
    // Linux copies the listener's TCP_NODELAY and keep-alive settings into
    // every accepted socket, so accept costs no setsockopt calls. A control
    // hook may have changed them on the listener, though; then each
    // accepted conn gets Go's settings itself, as in Go.
    return new TCPListener(h, o.control ? connDefaults : undefined);
  } catch (err) {
    throw new OpError({ op: "listen", net: net.name, addr: laddr, err: innerError(err) });
  }
}

/** Go's defaults for TCP conns: TCP_NODELAY on, keep-alive as configured. */
function tcpConnDefaults(raw: SocketRawConn, o: ListenSettings): void {
  raw.setsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, 1);
  const keepAlive = effectiveKeepAlive(o.keepAlive, o.keepAliveConfig);
  if (keepAlive) applyDefaultKeepAlive(raw, keepAlive);
}

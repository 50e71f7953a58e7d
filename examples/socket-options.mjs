// Keep-alive and SO_REUSEADDR / SO_REUSEPORT through ListenConfig's control
// hook (the seed article's section 14).
//   node examples/socket-options.mjs
import { ListenConfig, constants as C, dial } from "gonet";

// Go's Control hook: runs after socket() and before bind().
const lc = new ListenConfig({
  control(network, address, raw) {
    raw.setsockopt(C.SOL_SOCKET, C.SO_REUSEADDR, 1);
    raw.setsockopt(C.SOL_SOCKET, C.SO_REUSEPORT, 1);
  },
});
const a = await lc.listen("tcp", "127.0.0.1:0");
// A second listener on the same port: the kernel spreads connections across both.
const b = await new ListenConfig({ reusePort: true }).listen("tcp", a.addr.toString());
console.log(`two listeners share ${a.addr}`);

const conn = await dial("tcp", a.addr.toString());
conn.setKeepAlive(true);
conn.setKeepAlivePeriod(30_000); // idle time before the first probe
conn.setKeepAliveConfig({ enable: true, idle: 30_000, interval: 10_000, count: 5 });
const raw = conn.syscallConn();
console.log("SO_KEEPALIVE =", raw.getsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE));
console.log("TCP_KEEPIDLE =", raw.getsockopt(C.IPPROTO_TCP, C.TCP_KEEPIDLE), "s");
console.log("TCP_KEEPINTVL =", raw.getsockopt(C.IPPROTO_TCP, C.TCP_KEEPINTVL), "s");
console.log("TCP_KEEPCNT =", raw.getsockopt(C.IPPROTO_TCP, C.TCP_KEEPCNT));
console.log("TCP_NODELAY =", raw.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY), "(on by default, as Go)");

await Promise.all([conn.close(), a.close(), b.close()]);

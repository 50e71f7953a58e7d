// Go's *net.TCPConn and *net.TCPListener over the native socket. TCP's
// dial is in lib/tcp-dial.ts and its listen in lib/tcp-listen.ts; both are
// reached through the table in lib/internal/networks.ts.

import { TCPAddr } from "./addr.js";
import type { Conn, Listener } from "./conn.js";
import { copy } from "./copy.js";
import { IP } from "./ip.js";
import { type KeepAliveConfig, applyKeepAlive, checkKeepAliveConfig } from "./keepalive.js";
import { SocketRawConn, constants as C } from "./rawconn.js";
import { type NativeAddr, type NativeSocket, native } from "./internal/binding.js";
import { inetAddrOf } from "./internal/endpoint.js";
import { SocketConn } from "./internal/conn.js";
import type { Endpoint } from "./internal/endpoint.js";
import { NetFD } from "./internal/fd.js";
import { checkBoolean, checkFinite, checkInt32 } from "./internal/args.js";
import { acceptLoop } from "./internal/stream.js";
import { TCP_INFO_SIZE, type TCPInfo, parseTCPInfo } from "./tcpinfo.js";

/** A native address as a TCPAddr (an empty `a` is the unspecified address). */
function tcpAddrOf(a: NativeAddr): TCPAddr {
  return inetAddrOf(a, (ip, port, zone) => new TCPAddr(ip, port, zone));
}

/**
 * Go's `*net.TCPConn`: a TCP stream. Made by dial() and Dialer.dial on
 * `tcp*`, by TCPListener.accept, or by fileConn on a TCP socket.
 */
export class TCPConn extends SocketConn<TCPAddr> implements Conn {
  /** @internal Use dial() or a TCPListener. */
  constructor(handle: NativeSocket, laddr?: TCPAddr, raddr?: TCPAddr) {
    super(handle, "tcp", laddr, raddr);
  }

  protected toAddr(a: NativeAddr): TCPAddr {
    return tcpAddrOf(a);
  }

  /** The peer's address (Go's RemoteAddr); `:0` once the socket has none. */
  get remoteAddr(): TCPAddr {
    return this.peerAddr ?? new TCPAddr(null, 0);
  }

  /** @internal TCP streams splice in copy(). */
  override get zeroCopy(): boolean {
    return true;
  }

  /** @internal The dialer's connect step. */
  connect(ep: Endpoint): Promise<void> {
    return this.connectTo(...ep);
  }

  /**
   * A snapshot of the kernel's TCP_INFO for this connection (Linux): RTT,
   * cwnd, retransmits, bytes acked/received, delivery rate (no Go method).
   *
   * @throws OpError when the conn is closed or the system has no TCP_INFO.
   */
  tcpInfo(): TCPInfo {
    return parseTCPInfo(this.syscallConn().getsockopt(C.IPPROTO_TCP, C.TCP_INFO, TCP_INFO_SIZE) as Uint8Array);
  }

  /**
   * Shuts down the reading side: later reads see EOF (Go's CloseRead).
   *
   * @throws OpError (op `close`, syscall `shutdown`, as Go) when shutdown(2) fails, e.g. ENOTCONN.
   */
  closeRead(): Promise<void> {
    return this.shutdown(C.SHUT_RD);
  }

  /**
   * Shuts down the writing side: the peer sees EOF; later writes fail (Go's CloseWrite).
   *
   * @throws OpError (op `close`, syscall `shutdown`, as Go) when shutdown(2) fails, e.g. ENOTCONN.
   */
  closeWrite(): Promise<void> {
    return this.shutdown(C.SHUT_WR);
  }

  /** Turns SO_KEEPALIVE on or off (Go's SetKeepAlive). @throws OpError when the conn is closed. */
  setKeepAlive(on: boolean): void {
    checkBoolean("setKeepAlive", "on", on);
    this.setOption((raw) => raw.setsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE, Boolean(on)));
  }

  /**
   * The keep-alive idle time in ms (Go's SetKeepAlivePeriod): since Go 1.23
   * the period is only the idle time; 0 means 15 s, negative leaves it.
   *
   * @throws OpError when the conn is closed.
   */
  setKeepAlivePeriod(ms: number): void {
    checkFinite("setKeepAlivePeriod", "ms", ms);
    this.setOption((raw) => applyKeepAlive(raw, { enable: true, idle: ms, interval: -1, count: -1 }));
  }

  /** Keep-alive on or off with its idle time, interval and probe count (Go's SetKeepAliveConfig). @throws OpError when the conn is closed. */
  setKeepAliveConfig(cfg: KeepAliveConfig): void {
    checkKeepAliveConfig("setKeepAliveConfig", "cfg", cfg);
    this.setOption((raw) => applyKeepAlive(raw, cfg));
  }

  /**
   * SO_LINGER in seconds (Go's SetLinger): < 0 the default, 0 discards
   * unsent data and resets on close, > 0 lingers that long.
   *
   * @throws OpError when the conn is closed.
   */
  setLinger(sec: number): void {
    checkInt32("setLinger", "sec", sec);
    // struct linger: two ints, or two u_shorts on Windows (platform.lingerSize).
    const size = native.platform.lingerSize;
    const linger = new Uint8Array(size);
    const view = new DataView(linger.buffer);
    if (size === 4) {
      view.setUint16(0, sec >= 0 ? 1 : 0, true);
      view.setUint16(2, Math.min(Math.max(sec, 0), 0xffff), true);
    } else {
      view.setInt32(0, sec >= 0 ? 1 : 0, true);
      view.setInt32(4, Math.max(sec, 0), true);
    }
    this.setOption((raw) => raw.setsockopt(C.SOL_SOCKET, C.SO_LINGER, linger));
  }

  /** TCP_NODELAY, on by default as in Go (Go's SetNoDelay). @throws OpError when the conn is closed. */
  setNoDelay(on: boolean): void {
    checkBoolean("setNoDelay", "on", on);
    this.setOption((raw) => raw.setsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, Boolean(on)));
  }

  /** Copies from `src` until EOF (Go's io.ReaderFrom); resolves the byte count. */
  readFrom(src: Conn): Promise<number> {
    return copy(this, src);
  }

  /** Copies to `dst` until EOF (Go's io.WriterTo); resolves the byte count. */
  writeTo(dst: Conn): Promise<number> {
    return copy(dst, this);
  }
}

/** Go's `*net.TCPListener`: made by listen() and ListenConfig.listen on `tcp*`, or by fileListener. */
export class TCPListener extends NetFD<TCPAddr> implements Listener<TCPConn> {
  readonly #connSetup: ((raw: SocketRawConn) => void) | undefined;
  #connLocal: TCPAddr | null | undefined;

  /** @internal Use listen() or a ListenConfig; `connSetup` configures each accepted conn. */
  constructor(handle: NativeSocket, connSetup?: (raw: SocketRawConn) => void) {
    super(handle, "tcp", undefined, null);
    this.#connSetup = connSetup;
  }

  protected toAddr(a: NativeAddr): TCPAddr {
    return tcpAddrOf(a);
  }

  /** The address the listener is bound to (Go's Addr). */
  get addr(): TCPAddr {
    return this.localAddr;
  }

  /**
   * The next connection, with TCP_NODELAY and keep-alive set as Go sets them (Go's AcceptTCP and Accept).
   *
   * @throws OpError (op `accept`) wrapping ErrClosed once the listener is closed, or ErrDeadlineExceeded after its deadline.
   */
  accept(): Promise<TCPConn> {
    return this.acceptHandle().then((h) => {
      if (this.#connSetup) {
        try {
          this.#connSetup(new SocketRawConn(h, this.net));
        } catch {
          // Go ignores these option errors on accepted conns too.
        }
      }
      return new TCPConn(h, this.#connLocalAddr());
    });
  }

  /**
   * A listener bound to one address accepts conns whose local address is
   * exactly that one: they need no getsockname. A wildcard listener's conns
   * learn theirs from the kernel.
   */
  #connLocalAddr(): TCPAddr | undefined {
    if (this.#connLocal === undefined) {
      const a = this.addr;
      this.#connLocal = a.ip && !a.ip.isUnspecified() && !a.zone ? a : null;
    }
    return this.#connLocal ?? undefined;
  }

  /** Yields connections until the listener is closed. */
  [Symbol.asyncIterator](): AsyncIterator<TCPConn> {
    return acceptLoop(this);
  }
}

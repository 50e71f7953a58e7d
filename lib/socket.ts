// Socket: a gonet Conn with the surface that Node's own libraries touch on a
// net.Socket (read from _http_server, _http_client, _http_agent, _tls_wrap,
// internal/js_stream_socket and net): addresses, setNoDelay/setKeepAlive,
// the idle timeout, ref/unref, byte counts, writev, net.Socket's
// allowHalfOpen default (false), connecting/pending/readyState,
// 'connect' → 'ready' and 'end' → 'close' in net.Socket's order,
// destroySoon and end(cb). A Socket starts either around a Conn
// (toSocket(conn), new Socket({ conn })) or unconnected, dialing through
// gonet on connect() as pg's `stream` option and createConnection() do.

import { Duplex } from "node:stream";
import { TCPAddr } from "./addr.js";
import type { Addr, Conn } from "./conn.js";
import { Dialer, type DialerOptions } from "./dial.js";
import { joinHostPort } from "./hostport.js";
import { parseIP } from "./ip.js";
import { checkConn } from "./internal/args.js";
import { type ChunkSink, NetFD, type WriteDone } from "./internal/fd.js";

/** What TCPConn and UnixConn add to Conn that a socket uses when present. */
interface StreamConn extends Conn {
  setNoDelay?(on: boolean): void;
  setKeepAlive?(on: boolean): void;
  setKeepAlivePeriod?(ms: number): void;
  closeWrite?(): Promise<void>;
  writeBuffers?(buffers: readonly Uint8Array[]): Promise<number>;
}

/** The options of `new Socket()` and toSocket(). */
export interface SocketOptions {
  /** A connected Conn to wrap (net.Socket's `handle`); without it, call connect(). */
  conn?: Conn;
  /** Keep the writable side open after the peer's FIN (net.Socket's default: false). */
  allowHalfOpen?: boolean;
}

/** net.connect()'s options, as far as they mean something over gonet. */
export interface SocketConnectOptions {
  /** The port to connect to. */
  port?: number | string;
  /** Host name or IP (default "localhost"); `hostname` wins when both are set (undici, http.Agent). */
  host?: string;
  /** Host name or IP; wins over `host`. */
  hostname?: string;
  /** A Unix socket path instead of host and port. */
  path?: string;
  /** The local IP to bind before connecting. */
  localAddress?: string | null;
  /** The local port to bind before connecting. */
  localPort?: number | null;
  /** Idle timeout in ms, as setTimeout(timeout). */
  timeout?: number;
  /** TCP_NODELAY (gonet's default: on, as Go). */
  noDelay?: boolean;
  /** Keep-alive probes on or off. */
  keepAlive?: boolean;
  /** Idle time before the first keep-alive probe, ms. */
  keepAliveInitialDelay?: number;
  /** Keep the writable side open after the peer's FIN (default false, as net.Socket). */
  allowHalfOpen?: boolean;
  /** Aborting cancels the connect; the socket is destroyed with the abort error. */
  signal?: AbortSignal;
}

/** A listener for the 'connect' event. */
export type ConnectListener = () => void;
/** What address() returns, as net.Socket's. */
export type AddressInfo = {
  /** The IP as a string. */
  address: string;
  /** `IPv4` or `IPv6`. */
  family: string;
  /** The port. */
  port: number;
};

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function tcpAddr(addr: Addr | undefined): TCPAddr | null {
  return addr instanceof TCPAddr && addr.ip !== null ? addr : null;
}

function familyOf(addr: TCPAddr): string {
  return addr.ip !== null && addr.ip.to4() !== null ? "IPv4" : "IPv6";
}

/** The peer already went away: shutdown has nothing left to do (net.Socket's _final treats it as done). */
function isNotConnected(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "ENOTCONN";
}

function checkMsecs(name: string, ms: unknown): number {
  if (typeof ms !== "number" || Number.isNaN(ms)) throw new TypeError(`${name} must be a number, got ${typeof ms}`);
  if (ms < 0 || !Number.isFinite(ms)) throw new RangeError(`${name} must be >= 0 and finite, got ${ms}`);
  return ms;
}

/** net.connect()'s overloads: (options[, cb]), (path[, cb]), (port[, host][, cb]). */
function normalizeConnectArgs(args: unknown[]): [SocketConnectOptions, ConnectListener | undefined] {
  const last = args[args.length - 1];
  const cb = typeof last === "function" ? (last as ConnectListener) : undefined;
  const first = args[0];
  if (first !== null && typeof first === "object") return [first as SocketConnectOptions, cb];
  if (typeof first === "string" && !/^\d+$/.test(first)) return [{ path: first }, cb];
  if (typeof first === "number" || typeof first === "string") {
    const host = typeof args[1] === "string" ? args[1] : undefined;
    return [{ port: first, host }, cb];
  }
  throw new TypeError("connect: expected options, a path, or a port");
}

function dialerFor(o: SocketConnectOptions): Dialer {
  const d: DialerOptions = {
    // net.Socket leaves keep-alive off unless asked; Go's dialer would turn it on.
    keepAlive: o.keepAlive ? (o.keepAliveInitialDelay ?? 0) : -1,
  };
  // null means unset here too: undici passes localAddress: null.
  if (o.localAddress != null || o.localPort != null) {
    const ip = o.localAddress == null ? null : parseIP(String(o.localAddress));
    if (o.localAddress != null && ip === null) {
      throw new TypeError(`localAddress must be an IP address, got ${JSON.stringify(o.localAddress)}`);
    }
    d.localAddr = new TCPAddr(ip, o.localPort ?? 0);
  }
  return new Dialer(d);
}

function dialFor(o: SocketConnectOptions, signal: AbortSignal): Promise<Conn> {
  if (typeof o.path === "string") return new Dialer().dial("unix", o.path, { signal });
  const port = Number(o.port);
  if (o.port === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be an integer in 0..65535, got ${JSON.stringify(o.port)}`);
  }
  let host = o.hostname || o.host || "localhost";
  // undici's hostname keeps an IPv6 literal's brackets.
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return dialerFor(o).dial("tcp", joinHostPort(host, String(port)), { signal });
}

/** A gonet Conn shaped as Node's net.Socket. */
export class Socket extends Duplex {
  /** True from connect() until 'connect' (or the dial's failure). */
  connecting = false;
  /** Bytes received so far (net.Socket's `bytesRead`). */
  bytesRead = 0;
  /** The idle timeout set by setTimeout(), undefined until then (as net.Socket). */
  timeout: number | undefined = undefined;
  #conn: StreamConn | null = null;
  /** The conn when it is a gonet socket that can push its chunks (NetFD.readStart). */
  #pusher: NetFD | null = null;
  #onChunk: ChunkSink | null = null;
  /** The conn when it is a gonet socket: writes complete through a callback (NetFD.writeNow), no promise each. */
  #fd: NetFD | null = null;
  /** The Writable callback of the write in flight (a Writable has one at a time), for #onWritten. */
  #writeCallback: ((err?: Error | null) => void) | null = null;
  #onWritten: WriteDone | null = null;
  #written = 0;
  #reading = false;
  #wantRead = false;
  /** The idle timer; kept while the timeout is off (setTimeout(0)) so turning it back on is a refresh. */
  #timer: NodeJS.Timeout | null = null;
  #timerMs = 0;
  /** A cork taken by the first write of this tick, released on the next (#gather). */
  #gathering = false;
  #refed = true;
  #noDelay: boolean | undefined;
  #keepAlive: [boolean, number] | undefined;
  #dialing: AbortController | null = null;

  constructor(options: SocketOptions = {}) {
    if (options === null || typeof options !== "object") throw new TypeError("Socket: options must be an object");
    // emitClose: false because 'close' carries net.Socket's hadError flag and waits for the Conn's close.
    super({ allowHalfOpen: options.allowHalfOpen ?? false, emitClose: false });
    if (options.conn !== undefined) {
      const c = options.conn;
      if (!c || typeof c.read !== "function" || typeof c.write !== "function" || typeof c.close !== "function") {
        throw new TypeError("Socket: options.conn must be a Conn");
      }
      this.#setConn(c);
    }
  }

  #setConn(conn: Conn): void {
    this.#conn = conn;
    this.#fd = conn instanceof NetFD ? conn : null;
    this.#pusher = this.#fd !== null && this.#fd.pushReads ? this.#fd : null;
  }

  /** Dials through gonet; emits 'connect' then 'ready'. Overloads as net.Socket.connect. */
  connect(options: SocketConnectOptions, connectListener?: ConnectListener): this;
  connect(path: string, connectListener?: ConnectListener): this;
  connect(port: number | string, host?: string, connectListener?: ConnectListener): this;
  connect(...args: unknown[]): this {
    const [opts, cb] = normalizeConnectArgs(args);
    if (this.#conn !== null || this.connecting) throw new Error("Socket.connect: already connected or connecting");
    if (this.destroyed) throw new Error("Socket.connect: the socket was destroyed");
    const ctl = new AbortController();
    const dialing = dialFor(opts, opts.signal ? AbortSignal.any([ctl.signal, opts.signal]) : ctl.signal);
    if (cb) this.once("connect", cb);
    if (opts.timeout !== undefined) this.setTimeout(opts.timeout);
    if (opts.noDelay !== undefined) this.setNoDelay(opts.noDelay);
    this.connecting = true;
    this.#dialing = ctl;
    dialing.then(
      (conn) => {
        this.#dialing = null;
        if (this.destroyed) {
          void conn.close().catch(() => {});
          return;
        }
        this.#setConn(conn);
        this.connecting = false;
        this.#applyOptions(conn);
        this.#touch();
        this.emit("connect");
        this.emit("ready");
        if (this.#wantRead) this._read();
      },
      (err: Error) => {
        this.#dialing = null;
        this.connecting = false;
        if (!this.destroyed) this.destroy(err);
      },
    );
    return this;
  }

  /** The wrapped Conn (null until connected). */
  get conn(): Conn | null {
    return this.#conn;
  }

  /** True until the socket is connected (net.Socket's `pending`). */
  get pending(): boolean {
    return this.#conn === null || this.connecting;
  }

  /** net.Socket's `readyState`: opening, open, readOnly, writeOnly or closed. */
  get readyState(): "opening" | "open" | "readOnly" | "writeOnly" | "closed" {
    if (this.connecting) return "opening";
    if (this.readable && this.writable) return "open";
    if (this.readable) return "readOnly";
    if (this.writable) return "writeOnly";
    return "closed";
  }

  /** Bytes written so far, queued ones included (net.Socket's `bytesWritten`). */
  get bytesWritten(): number {
    return this.#written + this.writableLength;
  }

  /** The peer's IP as a string, or undefined when not connected or not IP. */
  get remoteAddress(): string | undefined {
    return tcpAddr(this.#conn?.remoteAddr)?.ip?.toString();
  }

  /** The peer's port, or undefined. */
  get remotePort(): number | undefined {
    return tcpAddr(this.#conn?.remoteAddr)?.port;
  }

  /** `IPv4` or `IPv6`, or undefined. */
  get remoteFamily(): string | undefined {
    const a = tcpAddr(this.#conn?.remoteAddr);
    return a ? familyOf(a) : undefined;
  }

  /** The local IP as a string, or undefined. */
  get localAddress(): string | undefined {
    return tcpAddr(this.#conn?.localAddr)?.ip?.toString();
  }

  /** The local port, or undefined. */
  get localPort(): number | undefined {
    return tcpAddr(this.#conn?.localAddr)?.port;
  }

  /** `IPv4` or `IPv6`, or undefined. */
  get localFamily(): string | undefined {
    const a = tcpAddr(this.#conn?.localAddr);
    return a ? familyOf(a) : undefined;
  }

  /** As net.Socket: `{ address, family, port }` of the local end, `{}` when not TCP. */
  address(): AddressInfo | Record<string, never> {
    const a = tcpAddr(this.#conn?.localAddr);
    return a ? { address: a.ip!.toString(), family: familyOf(a), port: a.port } : {};
  }

  /** net.Socket's `setNoDelay`: TCP_NODELAY on (the default) or off; a no-op for conns without it. */
  setNoDelay(noDelay = true): this {
    this.#noDelay = Boolean(noDelay);
    if (this.#conn !== null) this.#applyOptions(this.#conn);
    return this;
  }

  /** `initialDelay` in ms is the idle time before the first probe, as net.Socket. */
  setKeepAlive(enable = false, initialDelay = 0): this {
    this.#keepAlive = [Boolean(enable), checkMsecs("initialDelay", Number(initialDelay))];
    if (this.#conn !== null) this.#applyOptions(this.#conn);
    return this;
  }

  /**
   * net.Socket's idle timeout: 'timeout' after `msecs` without reads or
   * writes (the socket stays open; the listener decides). 0 turns it off and
   * removes `callback`. The timer does not keep the process alive.
   */
  setTimeout(msecs: number, callback?: () => void): this {
    checkMsecs("msecs", msecs);
    if (callback !== undefined && typeof callback !== "function") {
      throw new TypeError(`callback must be a function, got ${typeof callback}`);
    }
    if (msecs === 0) {
      // The timer stays (and lapses unseen, #onIdle): node:http turns the
      // timeout off for every request and back on after the response.
      this.timeout = msecs;
      if (callback) this.removeListener("timeout", callback);
      return this;
    }
    // Restarting the existing timer costs far less than a new one.
    if (this.#timer !== null && this.#timerMs === msecs) this.#timer.refresh();
    else {
      this.#clearTimer();
      if (!this.destroyed) this.#timer = setTimeout(() => this.#onIdle(), msecs).unref();
      this.#timerMs = msecs;
    }
    this.timeout = msecs;
    if (callback) this.once("timeout", callback);
    return this;
  }

  /** Keeps the process alive while the socket is open (the default). */
  ref(): this {
    this.#refed = true;
    this.#conn?.ref();
    return this;
  }

  /** Lets the process exit while the socket is open. */
  unref(): this {
    this.#refed = false;
    this.#conn?.unref();
    return this;
  }

  /** Ends the writable side, then destroys once it finished (net.Socket.destroySoon). */
  destroySoon(): void {
    if (this.writable) this.end();
    if (this.writableFinished) this.destroy();
    else this.once("finish", () => this.destroy());
  }

  /** @internal Node's stream hook. */
  override _read(): void {
    const conn = this.#conn;
    if (conn === null || this.connecting) {
      this.#wantRead = true;
      return;
    }
    if (this.#pusher !== null) {
      this.#pusher.readStart((this.#onChunk ??= (chunk, err) => this.#received(chunk, err)));
      return;
    }
    if (this.#reading) return;
    this.#reading = true;
    void this.#pump(conn);
  }

  /** One read in flight; stops when push() says the consumer is full, resumes on the next _read. */
  async #pump(conn: Conn): Promise<void> {
    try {
      for (;;) {
        const chunk = await conn.read();
        if (this.destroyed) return;
        if (chunk === null) {
          this.push(null);
          return;
        }
        this.bytesRead += chunk.length;
        this.#touch();
        if (!this.push(toBuffer(chunk))) return;
      }
    } catch (err) {
      if (!this.destroyed) this.destroy(err as Error);
    } finally {
      this.#reading = false;
    }
  }

  /** A chunk pushed from the poll batch; a full consumer stops the native reads until the next _read. */
  #received(chunk: Buffer | null, err: Error | null): void {
    if (this.destroyed) return;
    if (err !== null) {
      this.destroy(err);
      return;
    }
    if (chunk === null) {
      this.push(null);
      return;
    }
    this.bytesRead += chunk.length;
    this.#touch();
    if (!this.push(chunk)) this.#pusher!.readStop();
  }

  /**
   * Writes of one tick go out together: the first corks the stream and the
   * next tick uncorks it, so they reach _writev (one gathered syscall), as
   * a pg query's five messages do. node:http corks a response itself and
   * flushes it at once: a write that finds the stream corked already
   * leaves it to the caller's uncork and costs no tick.
   */
  override write(
    chunk: unknown,
    encoding?: BufferEncoding | ((err: Error | null | undefined) => void),
    cb?: (err: Error | null | undefined) => void,
  ): boolean {
    if (!this.#gathering && this.#conn !== null && this.writableCorked === 0) {
      this.#gathering = true;
      this.cork();
      process.nextTick(Socket.#endTick, this);
    }
    return super.write(chunk, encoding as BufferEncoding, cb);
  }

  /** The tick after a tick's first write (see write). */
  static #endTick(socket: Socket): void {
    socket.#gathering = false;
    if (socket.writableCorked > 0) socket.uncork();
  }

  /** @internal Node's stream hook. */
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    const conn = this.#conn;
    if (conn === null) {
      this.once("connect", () => this._write(chunk, _encoding, callback));
      return;
    }
    if (this.#fd !== null) this.#writeNow(this.#fd, [chunk], chunk.length, callback);
    else this.#settle(conn.write(chunk), callback);
  }

  /** Everything buffered while a write was in flight (or corked) goes out in one writev. */
  override _writev(chunks: { chunk: Buffer }[], callback: (err?: Error | null) => void): void {
    const conn = this.#conn;
    if (conn === null) {
      this.once("connect", () => this._writev(chunks, callback));
      return;
    }
    if (this.#fd !== null) {
      // The Writable hands over Buffers only; node:http's end() adds an empty one.
      const bufs: Buffer[] = [];
      let total = 0;
      for (const { chunk } of chunks) {
        if (chunk.length === 0) continue;
        bufs.push(chunk);
        total += chunk.length;
      }
      this.#writeNow(this.#fd, bufs, total, callback);
      return;
    }
    const bufs = chunks.map((c) => c.chunk);
    this.#settle(typeof conn.writeBuffers === "function" ? conn.writeBuffers(bufs) : conn.write(Buffer.concat(bufs)), callback);
  }

  /** A write straight on the gonet socket; the callback runs inside this call when the kernel took it all. */
  #writeNow(fd: NetFD, bufs: Buffer[], total: number, callback: (err?: Error | null) => void): void {
    this.#writeCallback = callback;
    fd.writeNow(bufs, total, (this.#onWritten ??= (err, n) => this.#wrote(err, n)));
  }

  #wrote(err: Error | null, n: number): void {
    const callback = this.#writeCallback!;
    this.#writeCallback = null;
    if (err !== null) {
      // A write cut short by our own destroy is not the caller's error.
      callback(this.destroyed ? null : err);
      return;
    }
    this.#written += n;
    this.#touch();
    callback();
  }

  #settle(writing: Promise<number>, callback: (err?: Error | null) => void): void {
    writing.then(
      (n) => {
        this.#written += n;
        this.#touch();
        callback();
      },
      // A write cut short by our own destroy is not the caller's error.
      (err: Error) => callback(this.destroyed ? null : err),
    );
  }

  /** @internal Node's stream hook. */
  override _final(callback: (err?: Error | null) => void): void {
    const conn = this.#conn;
    if (conn === null) {
      if (this.connecting) this.once("connect", () => this._final(callback));
      else callback();
      return;
    }
    if (typeof conn.closeWrite !== "function") {
      callback();
      return;
    }
    conn.closeWrite().then(
      () => callback(),
      (err: Error) => callback(isNotConnected(err) || this.destroyed ? null : err),
    );
  }

  /** @internal Node's stream hook. */
  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.#clearTimer();
    this.#dialing?.abort();
    this.connecting = false;
    const conn = this.#conn;
    callback(err);
    // After the 'error' that callback schedules, as net.Socket emits 'close' once its handle closed.
    const closed = conn ? conn.close().catch(() => {}) : Promise.resolve();
    void closed.then(() => process.nextTick(() => this.emit("close", err != null)));
  }

  #applyOptions(conn: StreamConn): void {
    if (!this.#refed) conn.unref();
    // Option calls on a conn the peer already reset fail; net.Socket ignores them too.
    try {
      if (this.#noDelay !== undefined) conn.setNoDelay?.(this.#noDelay);
      if (this.#keepAlive !== undefined) {
        const [on, delay] = this.#keepAlive;
        conn.setKeepAlive?.(on);
        if (on && delay > 0) conn.setKeepAlivePeriod?.(delay);
      }
    } catch {
      /* see above */
    }
  }

  #touch(): void {
    if (this.timeout) this.#timer?.refresh();
  }

  #onIdle(): void {
    if (!this.destroyed && this.timeout) this.emit("timeout");
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/** Wraps a connected Conn as a net.Socket-shaped stream; destroying it closes the Conn. */
export function toSocket(conn: Conn, options: Omit<SocketOptions, "conn"> = {}): Socket {
  checkConn("toSocket", "conn", conn, "read", "write", "close");
  return new Socket({ ...options, conn });
}

/**
 * net.createConnection over gonet: a Socket that is dialing. `callback` runs
 * once, as `callback(null, socket)` when connected or `callback(err)` when the
 * dial fails, so the same function serves as http.Agent's and
 * http.request's `createConnection`, undici's `connect`, and a net-style
 * connect listener.
 */
export function createConnection(
  options: SocketConnectOptions,
  callback?: (err: Error | null, socket?: Socket) => void,
): Socket {
  if (options === null || typeof options !== "object") throw new TypeError("createConnection: options must be an object");
  if (callback !== undefined && typeof callback !== "function") {
    throw new TypeError(`createConnection: callback must be a function, got ${typeof callback}`);
  }
  const socket = new Socket({ allowHalfOpen: options.allowHalfOpen });
  if (callback) {
    const onError = (err: Error): void => {
      socket.off("connect", onConnect);
      callback(err);
    };
    const onConnect = (): void => {
      socket.off("error", onError);
      callback(null, socket);
    };
    socket.once("error", onError);
    socket.once("connect", onConnect);
  }
  return socket.connect(options);
}

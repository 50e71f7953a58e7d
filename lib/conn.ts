// The shapes every connection type shares (Go's net.Conn, net.Listener,
// net.PacketConn, syscall.RawConn), as TypeScript interfaces.

import type { SocketOption, SocketOptionTypes } from "./internal/sockopts.js";

/** Go's `net.Addr`. */
export interface Addr {
  /** The network name, as Go's `Addr.Network()`: "tcp", "udp", "ip", "unix", "unixgram" or "unixpacket". */
  readonly network: string;
  /** The address as Go prints it, e.g. "127.0.0.1:80", "[fe80::1%eth0]:80", "/tmp/sock". */
  toString(): string;
}

/** An absolute time: a Date or epoch milliseconds; `null` or `0` clears the deadline. */
export type Deadline = Date | number | null;

/**
 * Go's `net.Conn`: a bidirectional stream (or a connected datagram socket).
 *
 * @example
 * ```ts
 * const conn = await dial("tcp", "127.0.0.1:7");
 * conn.setReadDeadline(Date.now() + 5000);
 * await conn.write("ping\n");
 * const buf = new Uint8Array(512);
 * const n = await conn.read(buf);        // null at EOF
 * await conn.close();
 * ```
 */
export interface Conn extends AsyncIterable<Uint8Array> {
  /**
   * Reads into `buf`; resolves the byte count, or `null` at EOF.
   * @throws OpError wrapping ErrDeadlineExceeded after the read deadline
   *   (`isTimeout(err)`), ErrClosed after close(), or the syscall's error
   *   (ECONNRESET...).
   * @example
   * ```ts
   * const buf = new Uint8Array(64 * 1024);
   * for (let n; (n = await conn.read(buf)) !== null; ) handle(buf.subarray(0, n));
   * ```
   */
  read(buf: Uint8Array): Promise<number | null>;
  /** Reads the next chunk into a fresh buffer; `null` at EOF. Throws as read(buf). */
  read(): Promise<Uint8Array | null>;
  /**
   * Resolves once every byte was handed to the kernel; writes go out in call order.
   * @throws OpError wrapping ErrDeadlineExceeded (its `bytesWritten` says how
   *   much was sent), ErrClosed, or the syscall's error (EPIPE, ECONNRESET...).
   * @example
   * ```ts
   * try {
   *   await conn.write(payload);
   * } catch (err) {
   *   if (err instanceof OpError) console.error(`sent ${err.bytesWritten} of ${payload.length}: ${err.message}`);
   *   throw err;
   * }
   * ```
   */
  write(data: Uint8Array | string): Promise<number>;
  /** Closes the conn: pending reads and writes reject with ErrClosed. Closing twice is harmless. */
  close(): Promise<void>;
  /** The local end's address (Go's `LocalAddr()`). */
  readonly localAddr: Addr;
  /** The peer's address (Go's `RemoteAddr()`). */
  readonly remoteAddr: Addr;
  /**
   * Sets the read and write deadlines at once: operations pending or started
   * after `t` fail with ErrDeadlineExceeded; a later deadline revives them.
   * @example
   * ```ts
   * conn.setDeadline(Date.now() + 2000); // an absolute time, as Go's time.Now().Add(2 * time.Second)
   * try {
   *   await conn.read(buf);
   * } catch (err) {
   *   if (!isTimeout(err)) throw err;
   *   conn.setDeadline(null); // cleared: the conn works again
   * }
   * ```
   */
  setDeadline(t: Deadline): void;
  /** The deadline for pending and future reads (Go's `SetReadDeadline`). */
  setReadDeadline(t: Deadline): void;
  /** The deadline for pending and future writes (Go's `SetWriteDeadline`). */
  setWriteDeadline(t: Deadline): void;
  /** Whether this Conn keeps the process alive while an operation is pending. */
  ref(): this;
  /** Lets the process exit even while an operation of this Conn is pending (as a Node handle's unref). */
  unref(): this;
  /** `for await (const chunk of conn)`: the chunks read until EOF; breaking out of the loop closes nothing. */
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array>;
  /** `await using conn = ...`: close() at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Go's `net.Listener`. */
export interface Listener<C extends Conn = Conn> extends AsyncIterable<C> {
  /**
   * The next connection.
   * @throws OpError wrapping ErrClosed once the listener is closed, or
   *   ErrDeadlineExceeded past its deadline (TCPListener, UnixListener).
   */
  accept(): Promise<C>;
  /** Stops listening; a pending accept() rejects with ErrClosed. Conns already accepted stay open. */
  close(): Promise<void>;
  /** The address listened on (Go's `Addr()`), with the port the kernel chose for port 0. */
  readonly addr: Addr;
  /** Whether the listener keeps the process alive while an accept is pending. */
  ref(): this;
  /** Lets the process exit even while an accept is pending. */
  unref(): this;
  /** `for await (const conn of ln)`: accepts until the listener is closed (the loop then ends without an error). */
  [Symbol.asyncIterator](): AsyncIterator<C>;
  /** `await using ln = ...`: close() at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Go's `net.PacketConn`: one datagram per call. */
export interface PacketConn {
  /**
   * Reads one datagram into `buf` (the rest of a longer one is dropped) and its sender's address.
   * @throws OpError wrapping ErrDeadlineExceeded or ErrClosed.
   */
  readFrom(buf: Uint8Array): Promise<{
    /** The bytes copied into buf. */
    n: number;
    /** The sender. */
    addr: Addr;
  }>;
  /**
   * Sends `data` as one datagram to `addr`.
   * @throws OpError wrapping ErrWriteToConnected on a connected socket, ErrDeadlineExceeded, ErrClosed or the syscall's error (EMSGSIZE...).
   */
  writeTo(data: Uint8Array | string, addr: Addr | string): Promise<number>;
  /** Closes the socket: pending operations reject with ErrClosed. */
  close(): Promise<void>;
  /** The local address (Go's `LocalAddr()`). */
  readonly localAddr: Addr;
  /** Sets the read and write deadlines at once (see Conn.setDeadline). */
  setDeadline(t: Deadline): void;
  /** The deadline for pending and future reads. */
  setReadDeadline(t: Deadline): void;
  /** The deadline for pending and future writes. */
  setWriteDeadline(t: Deadline): void;
  /** Whether the socket keeps the process alive while an operation is pending. */
  ref(): this;
  /** Lets the process exit even while an operation is pending. */
  unref(): this;
  /** `await using pc = ...`: close() at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Go's `syscall.RawConn`, plus direct option access. */
export interface RawConn {
  /** Runs `fn` with the socket's file descriptor (valid only during the call). */
  control(fn: (fd: number) => void): void;
  /**
   * setsockopt(2) with an int (a boolean is 0/1) or the option's bytes.
   * @throws SyscallError (e.g. ENOPROTOOPT, EINVAL), a TypeError for a value of another type.
   */
  setsockopt(level: number, name: number, value: number | boolean | Uint8Array): void;
  /** getsockopt(2): the int value, or with `size` the option's first `size` bytes. @throws SyscallError. */
  getsockopt(level: number, name: number, size?: number): number | Uint8Array;
  /** A named option with its typed value (`raw.set("TCP_NODELAY", true)`); see binding/options/sockopts.def. */
  set<K extends SocketOption>(opt: K, value: SocketOptionTypes[K]): void;
  /** A named option's typed value (`raw.get("SO_LINGER")` → `{ on, seconds }`). @throws UnsupportedOptionError where the platform lacks it. */
  get<K extends SocketOption>(opt: K): SocketOptionTypes[K];
}

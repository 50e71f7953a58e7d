// The shapes every connection type shares (Go's net.Conn, net.Listener,
// net.PacketConn, syscall.RawConn), as TypeScript interfaces.

import type { SocketOption, SocketOptionTypes } from "./internal/sockopts.js";

/** Go's `net.Addr`. */
export interface Addr {
  readonly network: string;
  toString(): string;
}

/** An absolute time: a Date or epoch milliseconds; `null` or `0` clears the deadline. */
export type Deadline = Date | number | null;

/** Go's `net.Conn`: a bidirectional stream (or a connected datagram socket). */
export interface Conn extends AsyncIterable<Uint8Array> {
  /** Reads into `buf`; resolves the byte count, or `null` at EOF. */
  read(buf: Uint8Array): Promise<number | null>;
  /** Reads the next chunk into a fresh buffer; `null` at EOF. */
  read(): Promise<Uint8Array | null>;
  /** Resolves once every byte was handed to the kernel. */
  write(data: Uint8Array | string): Promise<number>;
  close(): Promise<void>;
  readonly localAddr: Addr;
  readonly remoteAddr: Addr;
  setDeadline(t: Deadline): void;
  setReadDeadline(t: Deadline): void;
  setWriteDeadline(t: Deadline): void;
  /** Whether this Conn keeps the process alive while an operation is pending. */
  ref(): this;
  unref(): this;
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Go's `net.Listener`. */
export interface Listener<C extends Conn = Conn> extends AsyncIterable<C> {
  accept(): Promise<C>;
  close(): Promise<void>;
  readonly addr: Addr;
  ref(): this;
  unref(): this;
  [Symbol.asyncIterator](): AsyncIterator<C>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Go's `net.PacketConn`: one datagram per call. */
export interface PacketConn {
  readFrom(buf: Uint8Array): Promise<{ n: number; addr: Addr }>;
  writeTo(data: Uint8Array | string, addr: Addr | string): Promise<number>;
  close(): Promise<void>;
  readonly localAddr: Addr;
  setDeadline(t: Deadline): void;
  setReadDeadline(t: Deadline): void;
  setWriteDeadline(t: Deadline): void;
  ref(): this;
  unref(): this;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Go's `syscall.RawConn`, plus direct option access. */
export interface RawConn {
  /** Runs `fn` with the socket's file descriptor (valid only during the call). */
  control(fn: (fd: number) => void): void;
  setsockopt(level: number, name: number, value: number | boolean | Uint8Array): void;
  getsockopt(level: number, name: number, size?: number): number | Uint8Array;
  /** A named option with its typed value (`raw.set("TCP_NODELAY", true)`); see binding/options/sockopts.def. */
  set<K extends SocketOption>(opt: K, value: SocketOptionTypes[K]): void;
  get<K extends SocketOption>(opt: K): SocketOptionTypes[K];
}

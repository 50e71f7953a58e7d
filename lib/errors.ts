// Go's net error model, in Node's clothes: every error carries Go's message
// (`dial tcp 127.0.0.1:1: connect: connection refused`) and Node's `code`.

import { getSystemErrorName } from "node:util";
import { checkInteger, checkObject, checkString } from "./internal/args.js";

/** Anything that prints like a Go `net.Addr`. */
export interface AddrLike {
  /** The network name, as Addr.network. */
  readonly network: string;
  /** The address as Go prints it. */
  toString(): string;
}

/** A sentinel error that is also a Go `net.Error` (it answers `timeout()`). */
export class NetError extends Error {
  /** Node-style code to match on, e.g. `ERR_NET_CLOSED`, `ETIMEDOUT`. */
  readonly code: string;
  readonly #timeout: boolean;
  constructor(message: string, code: string, timeout = false) {
    checkString("NetError", "message", message);
    checkString("NetError", "code", code);
    super(message);
    this.name = "NetError";
    this.code = code;
    this.#timeout = timeout;
  }
  /** Go's `net.Error` Timeout(): whether this error is a timeout (`isTimeout(err)` asks it). */
  timeout(): boolean {
    return this.#timeout;
  }
}

/** Go's `net.ErrClosed`: an operation on a closed Conn, Listener or PacketConn. */
export const ErrClosed = new NetError("use of closed network connection", "ERR_NET_CLOSED");
/** Go's `os.ErrDeadlineExceeded`: a read, write or accept deadline passed. */
export const ErrDeadlineExceeded = new NetError("i/o timeout", "ETIMEDOUT", true);
/** A dial whose own timeout or deadline passed (Go: `i/o timeout`, not ErrDeadlineExceeded). */
export const ErrDialTimeout = new NetError("i/o timeout", "ETIMEDOUT", true);
/** A dial or lookup stopped by its AbortSignal (Go: context canceled). */
export const ErrCanceled = new NetError("operation was canceled", "ABORT_ERR");
/** Go's `net.ErrWriteToConnected`. */
export const ErrWriteToConnected = new NetError(
  "use of WriteTo with pre-connected connection",
  "ERR_WRITE_TO_CONNECTED",
);

/**
 * A failed system call (Go's `os.SyscallError`): `connect: connection refused`.
 * `errno` is negative, as in Node's own errors.
 */
export class SyscallError extends Error {
  /** The failed call, e.g. `connect`. */
  readonly syscall: string;
  /** The errno's name (`ECONNREFUSED`), as Node's `code`. */
  readonly code: string;
  /** The negative errno, as Node's `errno`. */
  readonly errno: number;
  constructor(syscall: string, errno: number, description: string) {
    checkString("SyscallError", "syscall", syscall);
    checkInteger("SyscallError", "errno", errno);
    checkString("SyscallError", "description", description);
    super(`${syscall}: ${description}`);
    this.name = "SyscallError";
    this.syscall = syscall;
    this.errno = errno < 0 ? errno : -errno;
    this.code = errnoName(this.errno);
  }
  /** Go's `net.Error` Timeout(): whether this error is a timeout (`isTimeout(err)` asks it). */
  timeout(): boolean {
    // Go: EAGAIN, EWOULDBLOCK and ETIMEDOUT count as timeouts.
    return this.code === "ETIMEDOUT" || this.code === "EAGAIN" || this.code === "EWOULDBLOCK";
  }
}

function errnoName(errno: number): string {
  try {
    return getSystemErrorName(errno);
  } catch {
    return `E${-errno}`;
  }
}

/** The parts of an OpError (its constructor's argument). */
export interface OpErrorInit {
  /** The operation: `dial`, `read`, `write`, `accept`, `listen`... */
  op: string;
  /** The network, e.g. `tcp`. */
  net?: string;
  /** The local address, for operations that have one. */
  source?: AddrLike | null;
  /** The remote (or listened-on) address. */
  addr?: AddrLike | null;
  /** The underlying error: a SyscallError, a sentinel such as ErrClosed, a DNSError... */
  err: Error;
  /** For a failed write: the bytes the kernel took before the error. */
  bytesWritten?: number;
}

/**
 * Go's `*net.OpError`. The message is Go's, byte for byte:
 * `op [net] [source->]addr: err`.
 */
export class OpError extends Error {
  /** The operation: `dial`, `read`, `write`, `accept`, `listen`... */
  readonly op: string;
  /** The network (`tcp`...), or "". */
  readonly net: string;
  /** The local address, or null. */
  readonly source: AddrLike | null;
  /** The remote (or listened-on) address, or null. */
  readonly addr: AddrLike | null;
  /** The underlying error (Go's `Err`): match it with errorIs(err, ErrClosed) and friends. */
  readonly err: Error;
  /** Node's errno name (`ECONNREFUSED`), or the sentinel's code. */
  readonly code: string | undefined;
  /** The inner SyscallError's negative errno, if there is one. */
  readonly errno: number | undefined;
  /** The inner SyscallError's call name, if there is one. */
  readonly syscall: string | undefined;
  /** Go's `n` of a failed write: bytes the kernel took before the error. */
  readonly bytesWritten: number;
  constructor(init: OpErrorInit) {
    checkObject("OpError", "init", init);
    checkString("OpError", "init.op", init.op);
    let msg = init.op;
    if (init.net) msg += ` ${init.net}`;
    if (init.source) msg += ` ${init.source.toString()}`;
    if (init.addr) msg += (init.source ? "->" : " ") + init.addr.toString();
    msg += `: ${init.err.message}`;
    super(msg, { cause: init.err });
    this.name = "OpError";
    this.op = init.op;
    this.net = init.net ?? "";
    this.source = init.source ?? null;
    this.addr = init.addr ?? null;
    this.err = init.err;
    const inner = init.err as Partial<SyscallError>;
    this.code = inner.code;
    this.errno = inner.errno;
    this.syscall = inner.syscall;
    this.bytesWritten = init.bytesWritten ?? 0;
  }
  /** Go's `net.Error` Timeout(): whether this error is a timeout (`isTimeout(err)` asks it). */
  timeout(): boolean {
    return isTimeout(this.err);
  }
}

/** Go's `*net.AddrError`: `address 127.0.0.1: missing port in address`. */
export class AddrError extends Error {
  /** What is wrong, e.g. `missing port in address`. */
  readonly err: string;
  /** The address as given (may be ""). */
  readonly addr: string;
  /** Always `ERR_INVALID_ADDRESS`. */
  readonly code = "ERR_INVALID_ADDRESS";
  constructor(err: string, addr: string) {
    checkString("AddrError", "err", err);
    checkString("AddrError", "addr", addr);
    super(addr ? `address ${addr}: ${err}` : err);
    this.name = "AddrError";
    this.err = err;
    this.addr = addr;
  }
  /** Go's `net.Error` Timeout(): whether this error is a timeout (`isTimeout(err)` asks it). */
  timeout(): boolean {
    return false;
  }
}

/** Go's `net.UnknownNetworkError`: `unknown network foo`. */
export class UnknownNetworkError extends Error {
  /** The network name that is not known. */
  readonly network: string;
  /** Always `ERR_UNKNOWN_NETWORK`. */
  readonly code = "ERR_UNKNOWN_NETWORK";
  constructor(network: string) {
    checkString("UnknownNetworkError", "network", network);
    super(`unknown network ${network}`);
    this.name = "UnknownNetworkError";
    this.network = network;
  }
  /** Go's `net.Error` Timeout(): whether this error is a timeout (`isTimeout(err)` asks it). */
  timeout(): boolean {
    return false;
  }
}

/** Go's `net.InvalidAddrError`. */
export class InvalidAddrError extends Error {
  /** Always `ERR_INVALID_ADDRESS`. */
  readonly code = "ERR_INVALID_ADDRESS";
  constructor(message: string) {
    checkString("InvalidAddrError", "message", message);
    super(message);
    this.name = "InvalidAddrError";
  }
  /** Go's `net.Error` Timeout(): whether this error is a timeout (`isTimeout(err)` asks it). */
  timeout(): boolean {
    return false;
  }
}

/** Go's `*net.ParseError`: `invalid CIDR address: 1.2.3.4/33`. */
export class ParseError extends Error {
  /** What was being parsed, e.g. `CIDR address`. */
  readonly type: string;
  /** The text that did not parse. */
  readonly text: string;
  /** Always `ERR_PARSE`. */
  readonly code = "ERR_PARSE";
  constructor(type: string, text: string) {
    checkString("ParseError", "type", type);
    checkString("ParseError", "text", text);
    super(`invalid ${type}: ${text}`);
    this.name = "ParseError";
    this.type = type;
    this.text = text;
  }
  /** Go's `net.Error` Timeout(): whether this error is a timeout (`isTimeout(err)` asks it). */
  timeout(): boolean {
    return false;
  }
}

/** True when `err` is a Go `net.Error` whose `timeout()` says so. */
export function isTimeout(err: unknown): boolean {
  return (
    typeof err === "object" &&
    err !== null &&
    typeof (err as { timeout?: unknown }).timeout === "function" &&
    (err as { timeout(): boolean }).timeout() === true
  );
}

/** Go's `errors.Is` over our wrappers: follows `.err` and `.cause`. */
export function errorIs(err: unknown, target: Error): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 16; depth++) {
    if (e === target) return true;
    const next = (e as { err?: unknown; cause?: unknown });
    e = next.err instanceof Error ? next.err : next.cause;
  }
  return false;
}

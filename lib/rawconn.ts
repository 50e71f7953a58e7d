// Go's syscall.RawConn for gonet sockets, plus direct option access, and the
// platform's numeric constants.

import type { RawConn } from "./conn.js";
import { ErrClosed, OpError } from "./errors.js";
import { type NativeSocket, native } from "./internal/binding.js";
import { argTypeError, checkFunction, checkInt32, checkInteger, detachedError, isDetached } from "./internal/args.js";
import { nativeCallError } from "./internal/errno.js";

/** The platform's socket constants (`SOL_SOCKET`, `SO_REUSEPORT`, `TCP_KEEPIDLE`, ...). */
export const constants: Readonly<Record<string, number>> = Object.freeze({ ...native.constants });

/** A RawConn over one native socket; `net` names it in errors. */
export class SocketRawConn implements RawConn {
  readonly #h: NativeSocket;
  readonly #net: string;
  constructor(handle: NativeSocket, net: string) {
    this.#h = handle;
    this.#net = net;
  }

  control(fn: (fd: number) => void): void {
    checkFunction("control", "fn", fn);
    const fd = this.#h.fd();
    // Go: after Close, Control fails with ErrClosed and never runs fn.
    if (fd < 0) throw new OpError({ op: "raw-control", net: this.#net, err: ErrClosed });
    fn(fd);
  }

  setsockopt(level: number, name: number, value: number | boolean | Uint8Array): void {
    checkInt32("setsockopt", "level", level);
    checkInt32("setsockopt", "name", name);
    let v: number | Uint8Array;
    if (typeof value === "boolean") v = value ? 1 : 0;
    else if (value instanceof Uint8Array) {
      if (isDetached(value)) throw detachedError("setsockopt", "value");
      v = value;
    } else if (typeof value === "number") {
      checkInt32("setsockopt", "value", value);
      v = value;
    } else throw argTypeError("setsockopt", "value", "an integer, a boolean or a Uint8Array", value);
    try {
      this.#h.setsockopt(level, name, v);
    } catch (err) {
      throw this.#wrap(err);
    }
  }

  getsockopt(level: number, name: number, size?: number): number | Uint8Array {
    checkInt32("getsockopt", "level", level);
    checkInt32("getsockopt", "name", name);
    if (size !== undefined) checkInteger("getsockopt", "size", size, 0, 65536);
    try {
      return this.#h.getsockopt(level, name, size);
    } catch (err) {
      throw this.#wrap(err);
    }
  }

  #wrap(err: unknown): Error {
    if (err instanceof TypeError || err instanceof RangeError) return err;
    return new OpError({ op: "raw-control", net: this.#net, err: nativeCallError(err) });
  }
}

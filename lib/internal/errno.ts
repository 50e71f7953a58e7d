// Native failures as Go's `os.SyscallError` (`connect: connection refused`).
// Kept apart from fd.ts so that rawconn.ts, which NetFD uses, can share it.

import { SyscallError } from "../errors.js";
import { type NativeError, native } from "./binding.js";

/** An errno from a native call turned into Go's `os.SyscallError`. */
export function syscallError(syscall: string, errno: number): SyscallError {
  return new SyscallError(syscall, errno, native.strerror(errno));
}

/** Wraps an error thrown by a native option call. */
export function nativeCallError(err: unknown): Error {
  const e = err as NativeError;
  return typeof e?.errno === "number" ? syscallError(e.syscall, e.errno) : (err as Error);
}

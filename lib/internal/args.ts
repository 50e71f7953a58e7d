// Argument checks for every public function, one message shape everywhere:
//   gonet: <function>: <argument> must be <expected>, got <received>
//   TypeError: gonet: writeBatch: batch must be a PacketBatch, got undefined
//   RangeError: gonet: setTTL: ttl must be an integer from 0 to 255, got 300
// A wrong type is a TypeError (code ERR_INVALID_ARG_TYPE), a value of the
// right type that is out of range (NaN, 1.5 for an integer; deadlines
// excepted, see deadlineTime) a RangeError (ERR_OUT_OF_RANGE), and a buffer whose memory was
// detached a TypeError (ERR_INVALID_ARG_VALUE), with Node's codes. The
// native layer checks again, but its messages cannot name the caller's
// argument. Every check is a plain function of its arguments: no closure,
// no allocation unless it throws.

/** How a received value is shown: never throws, not for a Symbol, a Proxy or a throwing getter either. */
export function received(value: unknown): string {
  switch (typeof value) {
    case "undefined":
      return "undefined";
    case "string":
      return `'${value.length > 25 ? `${value.slice(0, 25)}...` : value}'`;
    case "bigint":
      return `${value}n`;
    case "symbol":
      return value.toString();
    case "function":
    case "object":
      return receivedObject(value);
    default:
      return String(value);
  }
}

function receivedObject(value: object | null): string {
  if (value === null) return "null";
  try {
    if (typeof value === "function") return `function ${(value as { name?: unknown }).name || "<anonymous>"}`;
    if (Array.isArray(value)) return "an array";
    if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of ${value.byteLength} bytes`;
    if (value instanceof Date && Number.isNaN(value.getTime())) return "Invalid Date";
    const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === "string" && name !== "" && name !== "Object") return `an instance of ${name}`;
  } catch {
    // A revoked Proxy or a throwing getter: say no more than that.
  }
  return typeof value === "function" ? "a function" : "an object";
}

function withCode<E extends Error>(err: E, code: string): E {
  return Object.assign(err, { code });
}

/** TypeError `gonet: fn: name must be expected, got ...` (ERR_INVALID_ARG_TYPE). */
export function argTypeError(fn: string, name: string, expected: string, value: unknown): TypeError {
  return withCode(new TypeError(`gonet: ${fn}: ${name} must be ${expected}, got ${received(value)}`), "ERR_INVALID_ARG_TYPE");
}

/** RangeError `gonet: fn: name must be expected, got ...` (ERR_OUT_OF_RANGE). */
export function argRangeError(fn: string, name: string, expected: string, value: unknown): RangeError {
  return withCode(new RangeError(`gonet: ${fn}: ${name} must be ${expected}, got ${received(value)}`), "ERR_OUT_OF_RANGE");
}

export function checkString(fn: string, name: string, value: unknown): asserts value is string {
  if (typeof value !== "string") throw argTypeError(fn, name, "a string", value);
}

export function checkFunction(fn: string, name: string, value: unknown): asserts value is (...args: never[]) => unknown {
  if (typeof value !== "function") throw argTypeError(fn, name, "a function", value);
}

export function checkBoolean(fn: string, name: string, value: unknown): asserts value is boolean {
  if (typeof value !== "boolean") throw argTypeError(fn, name, "a boolean", value);
}

/** An options-like object: not null, not an array, not a function. */
export function checkObject(fn: string, name: string, value: unknown): asserts value is object {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw argTypeError(fn, name, "an object", value);
}

/** Optional options: undefined passes, anything else must be an object. */
export function checkOptions(fn: string, value: unknown, name = "options"): asserts value is object | undefined {
  if (value !== undefined) checkObject(fn, name, value);
}

/** An optional AbortSignal (a `signal` option). */
export function checkSignal(fn: string, name: string, value: unknown): asserts value is AbortSignal | undefined {
  if (value !== undefined && !(value instanceof AbortSignal)) throw argTypeError(fn, name, "an AbortSignal", value);
}

export function checkInstance<T>(
  fn: string,
  name: string,
  value: unknown,
  cls: abstract new (...args: never[]) => T,
): asserts value is T {
  if (!(value instanceof cls)) throw argTypeError(fn, name, `${/^[AEIO]/.test(cls.name) ? "an" : "a"} ${cls.name}`, value);
}

/**
 * The arguments dial, listen and listenPacket share, checked before
 * anything is tried: network and address strings, then optional options
 * with an optional AbortSignal.
 */
export function checkNetworkCall(fn: string, network: unknown, address: unknown, opts: { signal?: unknown } | undefined): void {
  checkString(fn, "network", network);
  checkString(fn, "address", address);
  checkOptions(fn, opts);
  checkSignal(fn, "options.signal", opts?.signal);
}

/** A Conn-like object: one with each of `methods` (copy's dst needs only write, its src only read). */
export function checkConn(fn: string, name: string, value: unknown, ...methods: string[]): void {
  const ok =
    typeof value === "object" &&
    value !== null &&
    methods.every((m) => typeof (value as Record<string, unknown>)[m] === "function");
  if (!ok) throw argTypeError(fn, name, `a Conn (an object with ${methods.join(", ")})`, value);
}

/** A number that is not NaN (infinities pass: they mean "never" or "no limit"). */
export function checkNumber(fn: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== "number") throw argTypeError(fn, name, "a number", value);
  if (Number.isNaN(value)) throw argRangeError(fn, name, "a number, not NaN", value);
}

/** A finite number (a time or a count that has no "never"). */
export function checkFinite(fn: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== "number") throw argTypeError(fn, name, "a number", value);
  if (!Number.isFinite(value)) throw argRangeError(fn, name, "a finite number", value);
}

/** An optional number that is not NaN. */
export function checkOptionalNumber(fn: string, name: string, value: unknown): asserts value is number | undefined {
  if (value !== undefined) checkNumber(fn, name, value);
}

/** An integer in [min, max]; `range` words the bounds when they are not plain numbers. */
export function checkInteger(
  fn: string,
  name: string,
  value: unknown,
  min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER,
  range = `from ${min} to ${max}`,
): asserts value is number {
  if (typeof value !== "number") throw argTypeError(fn, name, "an integer", value);
  if (!Number.isInteger(value) || value < min || value > max) throw argRangeError(fn, name, `an integer ${range}`, value);
}

/** A signed 32-bit integer (a C int: option levels, names and values). */
export function checkInt32(fn: string, name: string, value: unknown): asserts value is number {
  checkInteger(fn, name, value, -0x80000000, 0x7fffffff, "that fits in 32 bits");
}

/** A file descriptor: an integer from 0 to 2^31-1. */
export function checkFd(fn: string, name: string, value: unknown): asserts value is number {
  checkInteger(fn, name, value, 0, 0x7fffffff, "from 0 to 2^31-1");
}

export function checkBytes(fn: string, name: string, value: unknown): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw argTypeError(fn, name, "a Uint8Array", value);
}

/**
 * Whether `view`'s ArrayBuffer was detached (transferred). Node 20 has no
 * ArrayBuffer.prototype.detached; a view of a detached buffer has
 * byteLength 0 and constructing another view on it throws, so only empty
 * views pay for the probe.
 */
export function isDetached(view: ArrayBufferView): boolean {
  if (view.byteLength !== 0) return false;
  const buf = view.buffer as ArrayBuffer & { detached?: boolean };
  if (typeof buf.detached === "boolean") return buf.detached;
  try {
    new Uint8Array(buf, 0, 0);
    return false;
  } catch {
    return true;
  }
}

/** TypeError for a buffer whose memory was detached (transferred) before the call (ERR_INVALID_ARG_VALUE). */
export function detachedError(fn: string, name: string): TypeError {
  return withCode(
    new TypeError(`gonet: ${fn}: ${name} must be a Uint8Array with its memory attached, got a detached Uint8Array`),
    "ERR_INVALID_ARG_VALUE",
  );
}

/** A Uint8Array whose buffer was not detached. */
export function checkAttachedBytes(fn: string, name: string, value: unknown): asserts value is Uint8Array {
  checkBytes(fn, name, value);
  if (isDetached(value)) throw detachedError(fn, name);
}

/**
 * The slow path of a hot read or write: the caller has found that `value`
 * is not a Uint8Array, or is an empty one (which may be detached); this
 * throws for either fault, or returns for an empty attached buffer. Keeps
 * the fast path at one instanceof and one length test.
 */
export function checkIOBuffer(fn: string, name: string, value: unknown, strings: boolean): void {
  if (value instanceof Uint8Array) {
    if (isDetached(value)) throw detachedError(fn, name);
    return;
  }
  if (strings && typeof value === "string") return;
  throw argTypeError(fn, name, strings ? "a Uint8Array or a string" : "a Uint8Array", value);
}

/**
 * A Go-style deadline as epoch milliseconds, 0 meaning none: a Date, epoch
 * ms, or null (undefined and 0 clear it too, as Go's zero time). One rule
 * for sockets, pipes and the Dialer's deadline: anything else, NaN and an
 * invalid Date included, is a TypeError (ERR_INVALID_ARG_TYPE): neither is
 * a time at all, and Go's time.Time has no such value to be out of range.
 */
export function deadlineTime(fn: string, value: unknown, name = "deadline"): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === "number") {
    if (Number.isNaN(value)) throw argTypeError(fn, name, "a valid time", value);
    return value;
  }
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw argTypeError(fn, name, "a valid time", value);
    return ms;
  }
  throw argTypeError(fn, name, "a Date, epoch milliseconds or null", value);
}

/** The TypeError inside the OpError of an operation whose buffer was detached while it was pending. */
export function detachedWhilePending(): TypeError {
  return new TypeError("the buffer was detached while the operation was pending");
}

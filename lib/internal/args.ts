// Argument checks for every public function, in Node's wording:
//   The "signal" argument must be an instance of AbortSignal. Received type number (42)
//   The "options.timeout" property must be of type number. Received type string ('5')
// A wrong type is a TypeError, a number out of range a RangeError. The native
// layer checks again, but its messages cannot name the caller's argument.

/** How a received value is shown: never throws, not even for a Symbol or a null-prototype object. */
export function received(value: unknown): string {
  if (value === undefined) return "Received undefined";
  if (value === null) return "Received null";
  if (typeof value === "function") return `Received function ${value.name || "<anonymous>"}`;
  if (typeof value === "object") {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === "string" && name !== "" ? `Received an instance of ${name}` : "Received an object";
  }
  let shown: string;
  if (typeof value === "string") shown = `'${value.length > 25 ? `${value.slice(0, 25)}...` : value}'`;
  else if (typeof value === "bigint") shown = `${value}n`;
  else shown = String(value);
  return `Received type ${typeof value} (${shown})`;
}

/** `options.x` names a property, anything else an argument. */
function subject(name: string): string {
  return name.includes(".") ? `The "${name}" property` : `The "${name}" argument`;
}

/** TypeError: `The "<name>" argument must be <expected>. Received ...`. */
export function typeError(name: string, expected: string, value: unknown): TypeError {
  return new TypeError(`${subject(name)} must be ${expected}. ${received(value)}`);
}

/** RangeError: `The value of "<name>" is out of range. It must be <expected>. Received <value>`. */
export function rangeError(name: string, expected: string, value: unknown): RangeError {
  const shown = typeof value === "number" || typeof value === "bigint" ? String(value) : received(value);
  return new RangeError(`The value of "${name}" is out of range. It must be ${expected}. Received ${shown}`);
}

export function checkString(value: unknown, name: string): asserts value is string {
  if (typeof value !== "string") throw typeError(name, "of type string", value);
}

export function checkFunction(value: unknown, name: string): asserts value is (...args: never[]) => unknown {
  if (typeof value !== "function") throw typeError(name, "of type function", value);
}

export function checkBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== "boolean") throw typeError(name, "of type boolean", value);
}

/** A plain options object (not null, not an array). */
export function checkObject(value: unknown, name: string): asserts value is object {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw typeError(name, "of type object", value);
}

/** Optional options: undefined passes, anything else must be an object. */
export function checkOptions(value: unknown, name = "options"): void {
  if (value !== undefined) checkObject(value, name);
}

/** An optional AbortSignal. */
export function checkSignal(value: unknown, name: string): asserts value is AbortSignal | undefined {
  if (value !== undefined && !(value instanceof AbortSignal)) throw typeError(name, "an instance of AbortSignal", value);
}

export function checkInstance<T>(
  value: unknown,
  cls: abstract new (...args: never[]) => T,
  name: string,
): asserts value is T {
  if (!(value instanceof cls)) throw typeError(name, `an instance of ${cls.name}`, value);
}

/** A number that is not NaN (infinities allowed: they mean "never"). */
export function checkNumber(value: unknown, name: string): asserts value is number {
  if (typeof value !== "number") throw typeError(name, "of type number", value);
  if (Number.isNaN(value)) throw rangeError(name, "a number", value);
}

/** An integer in [min, max]. */
export function checkInteger(value: unknown, name: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): asserts value is number {
  if (typeof value !== "number") throw typeError(name, "of type number", value);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw rangeError(name, `an integer >= ${min} and <= ${max}`, value);
  }
}

export function checkBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw typeError(name, "an instance of Uint8Array", value);
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

/** A Uint8Array whose buffer was not detached. */
export function checkAttachedBytes(value: unknown, name: string): asserts value is Uint8Array {
  checkBytes(value, name);
  if (isDetached(value)) throw new TypeError(`The "${name}" argument is detached`);
}

/** The TypeError inside the OpError of an operation whose buffer was detached while it was pending. */
export function detachedWhilePending(): TypeError {
  return new TypeError("the buffer was detached while the operation was pending");
}

// The part of vitest's API the portable tests use, over node:test and
// node:assert, so that those tests run unchanged under `node --test` where
// vitest cannot load (wine 8: its native bundler needs a DLL wine lacks).
// scripts/test-win.mjs compiles the tests to JS and resolves "vitest" here.
// Only what the tests in scripts/test-win.mjs's list call is provided.

import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import * as nodeTest from "node:test";

type Fn = () => unknown;
type Each = <T>(cases: readonly T[]) => (name: string, fn: (...args: any[]) => unknown, timeout?: number) => void;

function format(name: string, args: unknown[]): string {
  let i = 0;
  return name.replace(/%[sdijo]/g, () => String(args[i++]));
}

function eachOf(run: (name: string, fn: Fn) => void): Each {
  return (cases) => (name, fn) => {
    for (const c of cases) {
      const args = Array.isArray(c) ? c : [c];
      run(format(name, args), () => fn(...args));
    }
  };
}

function withOptions(run: typeof nodeTest.it) {
  const wrapped = (name: string, fn: Fn, timeout?: number) =>
    run(name, timeout ? { timeout } : {}, async () => {
      await fn();
    });
  const skip = (name: string, fn: Fn) => run(name, { skip: true }, async () => void (await fn()));
  return Object.assign(wrapped, {
    skip,
    skipIf: (cond: unknown) => (cond ? skip : wrapped),
    runIf: (cond: unknown) => (cond ? wrapped : skip),
    each: eachOf((name, fn) => wrapped(name, fn)),
  });
}

export const it = withOptions(nodeTest.it);
export const test = it;

function describeWith(run: typeof nodeTest.describe) {
  const wrapped = (name: string, fn: () => void) => run(name, () => fn());
  const skip = (name: string, fn: () => void) => run(name, { skip: true }, () => fn());
  return Object.assign(wrapped, {
    skip,
    skipIf: (cond: unknown) => (cond ? skip : wrapped),
    runIf: (cond: unknown) => (cond ? wrapped : skip),
    each: eachOf((name, fn) => wrapped(name, fn as () => void)),
  });
}
export const describe = describeWith(nodeTest.describe);

export const beforeAll = (fn: Fn) => nodeTest.before(async () => void (await fn()));
export const afterAll = (fn: Fn) => nodeTest.after(async () => void (await fn()));
export const beforeEach = (fn: Fn) => nodeTest.beforeEach(async () => void (await fn()));
export const afterEach = (fn: Fn) => nodeTest.afterEach(async () => void (await fn()));

// vitest's toEqual ignores properties whose value is undefined.
function stripUndefined(v: unknown, seen = new Set<unknown>()): unknown {
  if (v === null || typeof v !== "object" || seen.has(v) || ArrayBuffer.isView(v)) return v;
  seen.add(v);
  if (Array.isArray(v)) return v.map((x) => stripUndefined(x, seen));
  if (Object.getPrototypeOf(v) !== Object.prototype) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = stripUndefined(x, seen);
  return out;
}

function matchesObject(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== "object") return isDeepStrictEqual(actual, expected);
  if (actual === null || typeof actual !== "object") return false;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matchesObject(actual[i], e))
    );
  }
  return Object.entries(expected).every(([k, e]) => matchesObject((actual as Record<string, unknown>)[k], e));
}

function thrownMatches(err: unknown, expected: unknown): boolean {
  if (expected === undefined) return true;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof expected === "string") return message.includes(expected);
  if (expected instanceof RegExp) return expected.test(message);
  if (typeof expected === "function") return err instanceof (expected as new (...a: any[]) => unknown);
  if (expected instanceof Error) return message === expected.message;
  return matchesObject(err, expected);
}

type Check = (actual: unknown, ...args: any[]) => [pass: boolean, what: string];

const checks: Record<string, Check> = {
  toBe: (a, e) => [Object.is(a, e), `to be ${String(e)}`],
  toEqual: (a, e) => [isDeepStrictEqual(stripUndefined(a), stripUndefined(e)), "to equal"],
  toStrictEqual: (a, e) => [isDeepStrictEqual(a, e), "to strictly equal"],
  toMatchObject: (a, e) => [matchesObject(a, e), "to match object"],
  toBeNull: (a) => [a === null, "to be null"],
  toBeUndefined: (a) => [a === undefined, "to be undefined"],
  toBeDefined: (a) => [a !== undefined, "to be defined"],
  toBeTruthy: (a) => [Boolean(a), "to be truthy"],
  toBeFalsy: (a) => [!a, "to be falsy"],
  toBeInstanceOf: (a, c) => [a instanceof c, `to be an instance of ${c?.name}`],
  toBeGreaterThan: (a, n) => [(a as number) > n, `to be > ${n}`],
  toBeGreaterThanOrEqual: (a, n) => [(a as number) >= n, `to be >= ${n}`],
  toBeLessThan: (a, n) => [(a as number) < n, `to be < ${n}`],
  toBeLessThanOrEqual: (a, n) => [(a as number) <= n, `to be <= ${n}`],
  toContain: (a, x) => [
    typeof a === "string" ? a.includes(x) : Array.from(a as Iterable<unknown>).includes(x),
    `to contain ${String(x)}`,
  ],
  toMatch: (a, re) => [typeof re === "string" ? String(a).includes(re) : re.test(String(a)), `to match ${String(re)}`],
  toHaveLength: (a, n) => [(a as { length: number }).length === n, `to have length ${n}`],
  toThrow: (fn, e) => {
    try {
      (fn as () => unknown)();
    } catch (err) {
      return [thrownMatches(err, e), `to throw ${String(e ?? "")} (threw ${String(err)})`];
    }
    return [false, "to throw"];
  },
};

function show(v: unknown): string {
  try {
    return typeof v === "string" ? JSON.stringify(v) : String(v);
  } catch {
    return typeof v;
  }
}

function matchers(actual: unknown, negate: boolean) {
  const out: Record<string, (...args: any[]) => void> = {};
  for (const [name, check] of Object.entries(checks)) {
    out[name] = (...args) => {
      const [pass, what] = check(actual, ...args);
      if (pass === negate) assert.fail(`expected ${show(actual)} ${negate ? "not " : ""}${what}`);
    };
  }
  return out;
}

// `.rejects` / `.resolves`: the same matchers on the settled value; toThrow
// then checks the rejection itself.
function settled(promise: unknown, rejects: boolean, negate: boolean) {
  const out: Record<string, (...args: any[]) => Promise<void>> = {};
  for (const name of Object.keys(checks)) {
    out[name] = async (...args) => {
      let value: unknown;
      try {
        value = await promise;
      } catch (err) {
        if (!rejects) assert.fail(`expected a resolution, got a rejection: ${String(err)}`);
        const m = matchers(name === "toThrow" ? () => { throw err; } : err, negate);
        m[name]!(...args);
        return;
      }
      if (rejects) assert.fail(`expected a rejection, got ${show(value)}`);
      matchers(value, negate)[name]!(...args);
    };
  }
  return out;
}

export function expect(actual: unknown) {
  return Object.assign(matchers(actual, false), {
    not: matchers(actual, true),
    rejects: Object.assign(settled(actual, true, false), { not: settled(actual, true, true) }),
    resolves: Object.assign(settled(actual, false, false), { not: settled(actual, false, true) }),
  }) as any;
}

// vi: only spyOn(...).mockImplementation and restoreAllMocks (test/tcp/dial.test.ts fakes the resolver).
const restores: (() => void)[] = [];
export const vi = {
  spyOn<T extends object, K extends keyof T>(obj: T, key: K) {
    const original = obj[key];
    restores.push(() => void (obj[key] = original));
    return {
      mockImplementation(fn: T[K]) {
        obj[key] = fn;
        return this;
      },
    };
  },
  restoreAllMocks() {
    while (restores.length > 0) restores.pop()!();
  },
};

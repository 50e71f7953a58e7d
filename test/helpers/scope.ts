// Small things many socket tests share: text <-> bytes, closing what a test
// opened (after each test, even a failed one), and a bound on a promise so
// a lost datagram fails the test instead of hanging it.

import { afterEach } from "vitest";

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

const open: { close(): Promise<void> }[] = [];
afterEach(closeTracked);

/** Closes everything track() registered so far (a test that checks for leaks calls it first). */
export async function closeTracked(): Promise<void> {
  for (const c of open.splice(0)) await c.close();
}

/** Registers `c` to be closed after the current test; returns it. */
export function track<T extends { close(): Promise<void> }>(c: T): T {
  open.push(c);
  return c;
}

/** `p`, or a rejection naming the bound when it takes longer than `ms`. */
export function within<T>(p: Promise<T>, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no result within ${ms} ms`)), ms);
    }),
  ]);
}

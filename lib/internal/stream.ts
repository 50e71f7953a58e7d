// Helpers shared by the stream types: argument conversion and the async
// iterators of Conn (chunks until EOF) and Listener (conns until closed).

import { Buffer } from "node:buffer";
import { ErrClosed, errorIs } from "../errors.js";
import { checkIOBuffer } from "./args.js";

/**
 * A write's bytes: strings are UTF-8, as Go's []byte(s). `fn` and `name`
 * name the argument in the TypeError for anything else (or a detached buffer).
 */
export function toBytes(data: Uint8Array | string, fn: string, name = "data"): Uint8Array {
  if (data instanceof Uint8Array && data.byteLength !== 0) return data;
  if (typeof data === "string") return Buffer.from(data, "utf8");
  checkIOBuffer(fn, name, data, true);
  return data;
}

/** A read's buffer: a Uint8Array with its memory attached (one instanceof and one length test when it is). */
export function checkReadBuffer(buf: unknown, fn: string, name = "buf"): asserts buf is Uint8Array {
  if (!(buf instanceof Uint8Array) || buf.byteLength === 0) checkIOBuffer(fn, name, buf, false);
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * `for await (const chunk of conn)`: fresh chunks until EOF; errors are
 * thrown. A plain object, not an async generator: an idle server holds one
 * per connection, and a generator's frame costs over a kilobyte.
 */
export function chunks(conn: { read(): Promise<Uint8Array | null> }): AsyncIterableIterator<Uint8Array> {
  const toResult = (chunk: Uint8Array | null): IteratorResult<Uint8Array> =>
    chunk === null ? DONE : { done: false, value: chunk };
  return {
    next: () => conn.read().then(toResult),
    return: () => Promise.resolve(DONE),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

// Accept errors that mean "out of something for now" (Go's http server backs
// off on them the same way): wait and try again instead of ending the loop.
const TRANSIENT = new Set(["EMFILE", "ENFILE", "ENOBUFS", "ENOMEM"]);
const MIN_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 1000;

/**
 * `for await (const conn of ln)`: conns until the listener closes. Like
 * chunks(), a plain object rather than an async generator: a busy server
 * takes one per connection, and the generator's queueing costs more than
 * the accept itself.
 */
export function acceptLoop<C>(ln: { accept(): Promise<C> }): AsyncIterableIterator<C> {
  let backoff = MIN_BACKOFF_MS;
  let done = false;
  const accepted = (conn: C): IteratorResult<C> => {
    backoff = MIN_BACKOFF_MS;
    return { done: false, value: conn };
  };
  const failed = (err: unknown): IteratorResult<C> | Promise<IteratorResult<C>> => {
    if (errorIs(err, ErrClosed)) {
      done = true;
      return DONE;
    }
    if (!TRANSIENT.has((err as { code?: string }).code ?? "")) throw err;
    const wait = backoff;
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    return new Promise((resolve) => setTimeout(resolve, wait)).then(next);
  };
  const next = (): Promise<IteratorResult<C>> => (done ? Promise.resolve(DONE) : ln.accept().then(accepted, failed));
  return {
    next,
    return() {
      done = true;
      return Promise.resolve(DONE);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

// What the datagram types share (UDPConn, IPConn, unixgram UnixConn): one
// datagram per call with its sender, messages with control data, and
// batches of datagrams per system call.
//
// The native side reports a datagram's sender through the socket's info
// area, a small Uint8Array each socket owns (layout: binding/io/socket_dgram.h),
// so receiving allocates nothing natively; the sender is decoded here and the
// decoded Addr is reused while datagrams keep coming from the same peer.

import type { Addr } from "../conn.js";
import { OpError } from "../errors.js";
import { IP } from "../ip.js";
import { type NativeSocket, native, Result } from "./binding.js";
import { SocketConn } from "./conn.js";
import {
  ADDR_BYTES,
  ADDR_KIND,
  ADDR_LEN,
  ADDR_PORT,
  ADDR_SCOPE,
  INFO_ADDR,
  INFO_FLAGS,
  INFO_OOBN,
  KIND_IPV4,
  KIND_NONE,
  KIND_IPV6,
  KIND_UNIX,
  MAX_BATCH,
  MSG_INFO_SIZE,
  SLOT_ADDR,
  SLOT_FLAGS,
  SLOT_HEADER,
  SLOT_LEN,
} from "./contract.js";
import { argRangeError, argTypeError, checkAttachedBytes, checkInstance, checkInteger, checkObject } from "./args.js";
import { type Endpoint, zoneIndex, zoneName } from "./endpoint.js";


export const MSG_TRUNC: number = native.constants.MSG_TRUNC;

/** The sender of a datagram, in the parts the address types need. */
export interface RawSender {
  kind: "ip" | "unix";
  ip: IP | null;
  port: number;
  zone: string;
  name: string;
}

const utf8 = new TextDecoder();

/** Decodes the address record at `off`; null for "no address" (an unnamed or absent sender). */
function decodeRecord(u8: Uint8Array, off: number): RawSender | null {
  const kind = u8[off + ADDR_KIND];
  const len = u8[off + ADDR_LEN];
  if (kind === KIND_IPV4 || kind === KIND_IPV6) {
    const port = u8[off + ADDR_PORT] | (u8[off + ADDR_PORT + 1] << 8);
    const scope =
      (u8[off + ADDR_SCOPE] | (u8[off + ADDR_SCOPE + 1] << 8) | (u8[off + ADDR_SCOPE + 2] << 16)) +
      u8[off + ADDR_SCOPE + 3] * 0x1000000;
    const ip = len === 4 || len === 16 ? new IP(u8.subarray(off + ADDR_BYTES, off + ADDR_BYTES + len)) : null;
    return { kind: "ip", ip, port, zone: zoneName(scope), name: "" };
  }
  if (kind === KIND_UNIX) {
    if (len === 0) return null;
    const name = utf8.decode(u8.subarray(off + ADDR_BYTES, off + ADDR_BYTES + len));
    return { kind: "unix", ip: null, port: 0, zone: "", name };
  }
  return null;
}

/** Writes an IP address record (4 or 16 address bytes, or none for the unspecified address). */
function encodeIPRecord(u8: Uint8Array, off: number, ip: Uint8Array, port: number, scope: number): void {
  u8[off + ADDR_KIND] = ip.length === 16 ? KIND_IPV6 : KIND_IPV4;
  u8[off + ADDR_LEN] = ip.length;
  u8[off + ADDR_PORT] = port & 0xff;
  u8[off + ADDR_PORT + 1] = port >>> 8;
  u8[off + ADDR_SCOPE] = scope & 0xff;
  u8[off + ADDR_SCOPE + 1] = (scope >>> 8) & 0xff;
  u8[off + ADDR_SCOPE + 2] = (scope >>> 16) & 0xff;
  u8[off + ADDR_SCOPE + 3] = scope >>> 24;
  u8.set(ip, off + ADDR_BYTES);
}

/** The record bytes `u8[off...]` equal `last`, which holds a copy of an earlier record. */
function sameRecord(u8: Uint8Array, off: number, last: Uint8Array): boolean {
  const n = ADDR_BYTES + u8[off + ADDR_LEN];
  if (last[ADDR_LEN] !== u8[off + ADDR_LEN]) return false;
  for (let i = 0; i < n; i++) if (u8[off + i] !== last[i]) return false;
  return true;
}

/**
 * A one-entry cache from address records to Addr objects: a server that
 * hears from one peer after another decodes each peer once per run.
 */
class SenderCache<A> {
  readonly #last = new Uint8Array(MSG_INFO_SIZE);
  #addr: A | null = null;
  #valid = false;
  constructor(readonly make: (s: RawSender | null) => A | null) {}

  get(u8: Uint8Array, off: number): A | null {
    if (this.#valid && sameRecord(u8, off, this.#last)) return this.#addr;
    const n = ADDR_BYTES + u8[off + ADDR_LEN];
    this.#last.set(u8.subarray(off, off + n));
    this.#addr = this.make(decodeRecord(u8, off));
    this.#valid = true;
    return this.#addr;
  }
}

/** The native destination of a datagram: [ip, port, scope], a Unix name, or undefined (the connected peer). */
export type Destination = Endpoint | string | undefined;

/** `readMsg*`'s result (Go's `n, oobn, flags, addr`). */
export interface MsgResult<A> {
  /** Bytes of data read. */
  n: number;
  /** Bytes of control data read into `oob`. */
  oobn: number;
  /** The kernel's msg_flags (MSG_TRUNC, MSG_CTRUNC...). */
  flags: number;
  /** The sender, or null when it has no address. */
  addr: A | null;
}

const sendAux = new Float64Array(1);
const countOf = (n: number | null): number => n ?? 0;

/** A slot's destination: null/undefined (the connected peer), or `{ ip, port?, zone? }`. */
function checkSlotAddr(fn: string, addr: unknown): void {
  if (addr === null || addr === undefined) return;
  checkObject(fn, "addr", addr);
  const a = addr as { ip?: unknown; port?: unknown; zone?: unknown };
  if (a.ip != null && !(a.ip instanceof IP)) throw argTypeError(fn, "addr.ip", "an IP or null", a.ip);
  if (a.port !== undefined) checkInteger(fn, "addr.port", a.port, 0, 65535);
  if (a.zone !== undefined && typeof a.zone !== "string") throw argTypeError(fn, "addr.zone", "a string", a.zone);
}

/**
 * Many datagrams in one piece of memory, for `readBatch` / `writeBatch`
 * (one recvmmsg/sendmmsg per call). `count` slots of `size` bytes each.
 *
 * Receiving: after `readBatch(batch)` resolves `n`, slots `0..n-1` hold
 * datagrams: `data(i)`, `addr(i)`, `truncated(i)`. A datagram longer than
 * `size` is cut to `size` and `truncated(i)` is true (Go's MSG_TRUNC flag).
 *
 * Sending: fill slots with `set(i, data, addr)` (or write into `slot(i)` and
 * call `setLength`/`setAddr`), then `writeBatch(batch, n)`. On a connected
 * socket leave the address out.
 *
 * @example
 * ```ts
 * const pc = await listenPacket("udp", "127.0.0.1:9999");
 * const batch: UDPBatch = new PacketBatch(64, 1500); // 64 datagrams of up to 1500 bytes
 * for (;;) {
 *   const n = await pc.readBatch(batch);          // one recvmmsg
 *   await pc.writeBatch(batch, n);                // echo them back: one sendmmsg
 * }
 * ```
 */
export class PacketBatch<A extends Addr = Addr> {
  /** Slots in the batch. */
  readonly count: number;
  /** Bytes per slot: the largest datagram a slot holds. */
  readonly size: number;
  /** Datagrams the last readBatch received (also writeBatch's default count). */
  length = 0;
  /** @internal The native batch area: slot headers, then payloads. */
  readonly area: Uint8Array;
  readonly #i32: Int32Array;
  readonly #payload: number;
  #decode: SenderCache<A> | undefined;

  constructor(count = 64, size = 2048) {
    checkInteger("PacketBatch", "count", count, 1, MAX_BATCH);
    checkInteger("PacketBatch", "size", size, 1, Math.floor(0x7fffffff / count) - SLOT_HEADER);
    this.count = count;
    this.size = size;
    this.area = new Uint8Array(count * (SLOT_HEADER + size));
    this.#i32 = new Int32Array(this.area.buffer, 0, (count * SLOT_HEADER) / 4);
    this.#payload = count * SLOT_HEADER;
  }

  /** Slot index `i` of method `fn`: an integer in 0..count-1. */
  #check(fn: string, i: number): void {
    checkInteger(fn, "i", i, 0, this.count - 1);
  }

  /** Offset of slot `i`'s payload in `area` (for zero-allocation access). */
  offset(i: number): number {
    this.#check("offset", i);
    return this.#payload + i * this.size;
  }

  /** Bytes in slot `i` (received, or to send). */
  n(i: number): number {
    this.#check("n", i);
    return this.#i32[(i * SLOT_HEADER) / 4 + SLOT_LEN];
  }

  /** The kernel's msg_flags of the datagram in slot `i`. */
  flags(i: number): number {
    this.#check("flags", i);
    return this.#i32[(i * SLOT_HEADER) / 4 + SLOT_FLAGS];
  }

  /** Whether the datagram in slot `i` was longer than the slot (cut to `size`). */
  truncated(i: number): boolean {
    this.#check("truncated", i);
    return (this.flags(i) & MSG_TRUNC) !== 0;
  }

  /** The payload of slot `i`: a view of `n(i)` bytes, valid until the batch is reused. */
  data(i: number): Uint8Array {
    this.#check("data", i);
    const at = this.offset(i);
    return this.area.subarray(at, at + this.n(i));
  }

  /** The whole of slot `i` (`size` bytes), to write a datagram in place; then `setLength(i, n)`. */
  slot(i: number): Uint8Array {
    this.#check("slot", i);
    const at = this.offset(i);
    return this.area.subarray(at, at + this.size);
  }

  /** The sender of the datagram in slot `i` (reused while it does not change). */
  addr(i: number): A | null {
    this.#check("addr", i);
    if (!this.#decode) throw new Error("the batch has not been read by a socket yet");
    return this.#decode.get(this.area, i * SLOT_HEADER + SLOT_ADDR);
  }

  /** Sets the length of the datagram written in place into slot `i` (see slot()). @throws RangeError for an index or length out of range. */
  setLength(i: number, n: number): this {
    this.#check("setLength", i);
    checkInteger("setLength", "n", n, 0, this.size, `from 0 to ${this.size} (the slot size)`);
    this.#i32[(i * SLOT_HEADER) / 4 + SLOT_LEN] = n;
    return this;
  }

  /** Sets slot `i`'s destination; null or undefined: the connected peer. */
  setAddr(i: number, addr: { ip: IP | null; port?: number; zone?: string } | null | undefined): this {
    this.#check("setAddr", i);
    checkSlotAddr("setAddr", addr);
    const off = i * SLOT_HEADER + SLOT_ADDR;
    if (!addr) {
      this.area[off + ADDR_KIND] = KIND_NONE;
      this.area[off + ADDR_LEN] = 0;
      return this;
    }
    const ip = addr.ip ? addr.ip.bytes : new Uint8Array(0);
    encodeIPRecord(this.area, off, ip, addr.port ?? 0, addr.zone ? zoneIndex(addr.zone) : 0);
    return this;
  }

  /** Copies `data` into slot `i` and sets its destination. */
  set(i: number, data: Uint8Array, addr?: { ip: IP | null; port?: number; zone?: string } | null): this {
    this.#check("set", i);
    checkAttachedBytes("set", "data", data);
    if (data.length > this.size) throw argRangeError("set", "data", `at most ${this.size} bytes (the slot size)`, data);
    checkSlotAddr("set", addr);
    this.setLength(i, data.length);
    this.area.set(data, this.offset(i));
    return this.setAddr(i, addr);
  }

  /** @internal Binds the sender decoder of the socket that reads into the batch. */
  useDecoder(make: (s: RawSender | null) => A | null): void {
    if (this.#decode?.make !== make) this.#decode = new SenderCache<A>(make);
  }
}

/**
 * The base of every socket that moves datagrams or messages with
 * addresses: UDPConn, IPConn, UnixConn.
 */
export abstract class PacketFD<A extends Addr> extends SocketConn<A> {
  /** @internal The info area the native side fills on every receive (made on first use). */
  #info: Uint8Array | undefined;
  #infoI32: Int32Array | undefined;
  #senders: SenderCache<A> | undefined;
  readonly #makeSender = (s: RawSender | null): A | null => (s ? this.senderAddr(s) : null);

  /** `datagrams`: the info area is needed at once (datagram sockets); streams make it on their first message. */
  protected constructor(handle: NativeSocket, net: string, laddr?: A, raddr?: A | null, datagrams = true) {
    super(handle, net, laddr, raddr);
    if (datagrams) this.#ensureInfo();
  }

  #ensureInfo(): Uint8Array {
    if (this.#info === undefined) {
      this.#info = new Uint8Array(MSG_INFO_SIZE);
      this.#infoI32 = new Int32Array(this.#info.buffer, 0, 2);
      this.#senders = new SenderCache<A>(this.#makeSender);
      this.handle.setMsgInfo(this.#info);
    }
    return this.#info;
  }

  /** This socket's address type for a datagram's sender. */
  protected abstract senderAddr(s: RawSender): A | null;

  /** The sender of the datagram just received. */
  protected lastSender(): A | null {
    return this.#senders!.get(this.#info!, INFO_ADDR);
  }

  protected lastFlags(): number {
    return this.#infoI32![INFO_FLAGS];
  }

  protected lastOobn(): number {
    return this.#infoI32![INFO_OOBN];
  }

  /**
   * Receives one datagram into `buf`; `shape` turns (count, sender) into
   * the caller's result while the info area still describes this datagram.
   */
  protected recvFromWith<T>(buf: Uint8Array, shape: (n: number) => T, first?: number): Promise<T> {
    if (first === undefined) this.#ensureInfo();
    const r = first ?? this.handle.recvFrom(buf);
    if (r >= 0) return Promise.resolve(shape(r));
    if (r === Result.Pending) return this.parkOp(false, "read", "recvfrom", (n) => shape(n ?? 0));
    if (r === Result.Eof) return Promise.resolve(shape(0));
    return Promise.reject(this.opError("read", this.causeOf("recvfrom", r)));
  }

  /** recvmsg with control data; null at the end of a stream. */
  protected recvMsgWith(buf: Uint8Array, oob: Uint8Array): Promise<MsgResult<A> | null> {
    const shape = (n: number | null): MsgResult<A> | null =>
      n === null ? null : { n, oobn: this.lastOobn(), flags: this.lastFlags(), addr: this.lastSender() };
    this.#ensureInfo();
    const r = this.handle.recvMsg(buf, oob);
    if (r >= 0) return Promise.resolve(shape(r));
    if (r === Result.Pending) return this.parkOp(false, "read", "recvmsg", shape);
    if (r === Result.Eof) return Promise.resolve(null);
    return Promise.reject(this.opError("read", this.causeOf("recvmsg", r)));
  }

  /** One datagram to `dest` (sendto); resolves the bytes sent. */
  protected sendToDest(data: Uint8Array, dest: Destination, errAddr?: Addr): Promise<number> {
    const h = this.handle;
    const r =
      dest === undefined ? h.sendTo(data) : typeof dest === "string" ? h.sendTo(data, dest) : h.sendTo(data, ...dest);
    if (r >= 0) return Promise.resolve(r);
    return this.sendResult(r, errAddr);
  }

  /** A sendto that did not complete at once: parked, or failed. */
  protected sendResult(r: number, errAddr?: Addr): Promise<number> {
    if (r === Result.Pending) return this.parkOp(true, "write", "sendto", countOf);
    return Promise.reject(this.#sendError(this.causeOf("sendto", r), errAddr));
  }

  /** sendmsg with control data; resolves the bytes sent. */
  protected sendMsgDest(data: Uint8Array, oob: Uint8Array | null, dest: Destination, errAddr?: Addr): Promise<number> {
    const h = this.handle;
    const r =
      dest === undefined
        ? h.sendMsg(data, oob)
        : typeof dest === "string"
          ? h.sendMsg(data, oob, dest)
          : h.sendMsg(data, oob, ...dest);
    if (r >= 0) return Promise.resolve(r);
    if (r === Result.Pending) return this.parkOp(true, "write", "sendmsg", (n) => n ?? 0);
    return Promise.reject(this.#sendError(this.causeOf("sendmsg", r), errAddr));
  }

  /** recvmmsg into `batch`: resolves the datagrams received (at least one). */
  protected recvBatchInto(fn: string, batch: PacketBatch<A>): Promise<number> {
    checkInstance(fn, "batch", batch, PacketBatch);
    batch.useDecoder(this.#makeSender as (s: RawSender | null) => A | null);
    const settle = (n: number | null): number => (batch.length = n ?? 0);
    const r = this.handle.recvBatch(batch.area, batch.count, batch.size);
    if (r >= 0) return Promise.resolve(settle(r));
    if (r === Result.Pending) return this.parkOp(false, "read", "recvmmsg", settle);
    return Promise.reject(this.opError("read", this.causeOf("recvmmsg", r)));
  }

  /** sendmmsg of slots 0..count-1: resolves `count` once all went; a failure carries how many did. */
  protected sendBatchFrom(fn: string, batch: PacketBatch<Addr>, count = batch?.length): Promise<number> {
    checkInstance(fn, "batch", batch, PacketBatch);
    checkInteger(fn, "count", count, 0, batch.count);
    const r = this.handle.sendBatch(batch.area, count, batch.size, sendAux);
    if (r >= 0) return Promise.resolve(r);
    if (r === Result.Pending) return this.parkOp(true, "write", "sendmmsg", (n) => n ?? 0);
    const sent = sendAux[0];
    sendAux[0] = 0;
    return Promise.reject(this.opError("write", this.causeOf("sendmmsg", r), sent));
  }

  /** Go's OpError for a write refused before it reached the socket: `write udp L->TO: ...`, or `write udp L: ...` without `to`. */
  protected writeError(err: Error, to?: Addr | null): OpError {
    return new OpError({ op: "write", net: this.net, source: this.localAddr, addr: to, err });
  }

  /** Go's OpError for a failed send to `to`: `write udp L->TO: ...` on an unconnected socket. */
  #sendError(err: Error, to?: Addr): OpError {
    if (!to || this.peerAddr) return this.opError("write", err);
    return new OpError({ op: "write", net: this.net, source: this.closed ? null : this.localAddr, addr: to, err });
  }
}

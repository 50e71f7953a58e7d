// The native contract (docs/contract.md): binding/contract.def is the one
// source; the addon exports it as native.contract, and every TypeScript copy
// of its numbers (const enums that inline, literal consts that fold) must
// equal it. A value edited on one side only fails here, not in production.

import { describe, expect, it } from "vitest";
import { OpKind, Result, Side, isWriteKind, native } from "../lib/internal/binding.js";
import * as TS from "../lib/internal/contract.js";
import * as Iface from "../lib/interface.js";

const contract = native.contract;

describe("native contract parity", () => {
  it("result codes", () => {
    const ts: Record<string, number> = {
      Pending: Result.Pending,
      Eof: Result.Eof,
      Timeout: Result.Timeout,
      Closed: Result.Closed,
      Detached: Result.Detached,
      NeedRead: Result.NeedRead,
      NeedWrite: Result.NeedWrite,
      Yield: Result.Yield,
      NoPipe: Result.NoPipe,
    };
    expect(ts).toEqual(contract.results);
    // Below every errno, so one number carries a count, -errno or a code.
    for (const v of Object.values(contract.results)) expect(v).toBeLessThan(-4095);
  });

  it("op kinds, and the side that queues each", () => {
    const ts: Record<string, number> = {
      Read: OpKind.Read,
      ReadAlloc: OpKind.ReadAlloc,
      Write: OpKind.Write,
      Accept: OpKind.Accept,
      Connect: OpKind.Connect,
      RecvFrom: OpKind.RecvFrom,
      RecvMsg: OpKind.RecvMsg,
      SendMsg: OpKind.SendMsg,
      RecvBatch: OpKind.RecvBatch,
      SendBatch: OpKind.SendBatch,
      WaitRead: OpKind.WaitRead,
      WaitWrite: OpKind.WaitWrite,
      Writev: OpKind.Writev,
      Stream: OpKind.Stream,
    };
    const native_ = Object.fromEntries(Object.entries(contract.opKinds).map(([k, { value }]) => [k, value]));
    expect(ts).toEqual(native_);
    const values = Object.values(ts);
    expect(new Set(values).size).toBe(values.length);
    for (const { value, side } of Object.values(contract.opKinds)) {
      expect(["Read", "Write"]).toContain(side);
      expect(isWriteKind(value)).toBe(side === "Write");
    }
    // An unknown kind (a hostile or newer addon) falls to the read side, as natively.
    expect(isWriteKind(-1 as OpKind)).toBe(false);
    expect(isWriteKind(1e6 as OpKind)).toBe(false);
    expect([Side.Read, Side.Write]).toEqual([0, 1]);
  });

  it("address, info and batch layouts", () => {
    const L = contract.layout;
    expect({
      AddrKind: TS.ADDR_KIND,
      AddrLen: TS.ADDR_LEN,
      AddrPort: TS.ADDR_PORT,
      AddrScope: TS.ADDR_SCOPE,
      AddrBytes: TS.ADDR_BYTES,
      InfoFlags: TS.INFO_FLAGS * 4, // the TS side holds Int32Array indexes
      InfoOobn: TS.INFO_OOBN * 4,
      InfoAddr: TS.INFO_ADDR,
      InfoSize: TS.MSG_INFO_SIZE,
      SlotLen: TS.SLOT_LEN * 4,
      SlotFlags: TS.SLOT_FLAGS * 4,
      SlotAddr: TS.SLOT_ADDR,
      SlotHeader: TS.SLOT_HEADER,
    }).toEqual(L);
    expect({ None: TS.KIND_NONE, Unix: TS.KIND_UNIX, IPv4: TS.KIND_IPV4, IPv6: TS.KIND_IPV6 }).toEqual(
      contract.addrKinds,
    );
    // The layouts' own invariants: an IPv6 record fits a slot header, a
    // 108-byte unix name fits the info area, i32 fields are aligned.
    expect(L.SlotAddr + L.AddrBytes + 16).toBeLessThanOrEqual(L.SlotHeader);
    expect(L.InfoAddr + L.AddrBytes + 108).toBeLessThanOrEqual(L.InfoSize);
    for (const k of ["InfoFlags", "InfoOobn", "SlotLen", "SlotFlags", "SlotHeader"]) expect(L[k] % 4).toBe(0);
  });

  it("limits", () => {
    expect(TS.MAX_BATCH).toBe(contract.limits.MaxBatch);
    expect(TS.READ_CHUNK).toBe(contract.limits.ReadChunk);
    expect(Object.keys(contract.limits).sort()).toEqual(["EventBatch", "MaxBatch", "ReadChunk"]);
  });

  it("Go's interface flag bits", () => {
    const ts = {
      FlagUp: Iface.FlagUp.value,
      FlagBroadcast: Iface.FlagBroadcast.value,
      FlagLoopback: Iface.FlagLoopback.value,
      FlagPointToPoint: Iface.FlagPointToPoint.value,
      FlagMulticast: Iface.FlagMulticast.value,
      FlagRunning: Iface.FlagRunning.value,
    };
    expect(ts).toEqual(contract.flags);
  });
});

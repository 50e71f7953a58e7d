// The TypeScript half of the native contract (binding/contract.def): the
// layouts and limits as literal consts, so hot paths read numbers the
// compiler can fold. Result and OpKind stay const enums in binding.ts for the
// same reason, and Go's flag bits live in interface.ts. test/contract.test.ts
// compares all of them with native.contract, the addon's copy of the table,
// and fails on any disagreement: change a value in contract.def, then here.

// ---- Address records, info areas and batch slots (binding/io/socket_dgram.h).
export const ADDR_KIND = 0;
export const ADDR_LEN = 1;
export const ADDR_PORT = 2;
export const ADDR_SCOPE = 4;
export const ADDR_BYTES = 8;
export const KIND_NONE = 0;
export const KIND_UNIX = 1;
export const KIND_IPV4 = 4;
export const KIND_IPV6 = 6;
/** The info area's fields as Int32Array indexes (InfoFlags / 4, InfoOobn / 4). */
export const INFO_FLAGS = 0;
export const INFO_OOBN = 1;
export const INFO_ADDR = 8;
export const MSG_INFO_SIZE = 128;
/** A slot header's fields as Int32Array indexes (SlotLen / 4, SlotFlags / 4). */
export const SLOT_LEN = 0;
export const SLOT_FLAGS = 1;
export const SLOT_ADDR = 8;
export const SLOT_HEADER = 32;

// ---- Limits.
/** Most datagrams one batch moves (the kernel's UIO_MAXIOV). */
export const MAX_BATCH = 1024;
/** Bytes a bufferless `read()` returns at most (the native scratch size). */
export const READ_CHUNK = 64 * 1024;

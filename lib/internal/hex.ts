// Hex digits, shared by the IP and MAC address parsers.

/** The value of the hex digit with char code `c` (either case); -1 if it is not one. */
export function hexDigitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20; // folds 'A'-'F' onto 'a'-'f'
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

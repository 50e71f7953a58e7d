// A tiny line reader over a gonet Conn, the role bufio.Reader.ReadString('\n')
// plays in Go examples. Shared by the examples only.
const NL = 0x0a;
const decoder = new TextDecoder();

/** Yields each '\n'-terminated line of `conn` (with its '\n'), then a last partial line. */
export async function* lines(conn) {
  let pending = new Uint8Array(0);
  for await (const chunk of conn) {
    const data = pending.length ? concat(pending, chunk) : chunk;
    let start = 0;
    for (let i = data.indexOf(NL); i >= 0; i = data.indexOf(NL, start)) {
      yield decoder.decode(data.subarray(start, i + 1));
      start = i + 1;
    }
    pending = data.slice(start);
  }
  if (pending.length) yield decoder.decode(pending);
}

function concat(a, b) {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

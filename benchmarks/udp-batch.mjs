// Datagrams per second on loopback: single-datagram calls (readFrom /
// writeTo) against the batch forms (readBatch / writeBatch: one recvmmsg /
// sendmmsg per batch), 64-byte datagrams, bounded runs.
// Usage: node benchmarks/udp-batch.mjs [datagrams=1000000] [batch=64]
// Run `npx tsc -p tsconfig.build.json` first: this imports the built package.
import { PacketBatch, constants, listenPacket } from "gonet";

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const BATCH = Number(process.argv[3] ?? 64);
const SIZE = 64;
const QUEUED = 50_000;
const ROUNDS = 5;

const payload = new Uint8Array(SIZE).fill(7);

async function sendSingle() {
  const sink = await listenPacket("udp4", "127.0.0.1:0");
  const pc = await listenPacket("udp4", "127.0.0.1:0");
  const to = sink.localAddr;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < TOTAL; i++) await pc.writeTo(payload, to);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  await pc.close();
  await sink.close();
  return TOTAL / s;
}

async function sendBatch() {
  const sink = await listenPacket("udp4", "127.0.0.1:0");
  const pc = await listenPacket("udp4", "127.0.0.1:0");
  const batch = new PacketBatch(BATCH, SIZE);
  for (let i = 0; i < BATCH; i++) batch.set(i, payload, sink.localAddr);
  const rounds = Math.ceil(TOTAL / BATCH);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) await pc.writeBatch(batch, BATCH);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  await pc.close();
  await sink.close();
  return (rounds * BATCH) / s;
}

/**
 * Receiving alone: QUEUED datagrams are sent first into a receive buffer
 * big enough to hold them all, then drained with readFrom or readBatch;
 * the drain is timed (median of ROUNDS). Datagrams the kernel dropped are
 * counted, not waited for.
 */
async function recv(useBatch) {
  const rx = await listenPacket("udp4", "127.0.0.1:0");
  const tx = await listenPacket("udp4", "127.0.0.1:0");
  const raw = rx.syscallConn();
  try {
    raw.setsockopt(constants.SOL_SOCKET, constants.SO_RCVBUFFORCE, 128 << 20);
  } catch {
    rx.setReadBuffer(128 << 20); // without CAP_NET_ADMIN: capped by net.core.rmem_max
  }
  const out = new PacketBatch(BATCH, SIZE);
  for (let i = 0; i < BATCH; i++) out.set(i, payload, rx.localAddr);
  const buf = new Uint8Array(2048);
  const batch = new PacketBatch(BATCH, 2048);
  const rates = [];
  let dropped = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (let sent = 0; sent < QUEUED; sent += BATCH) await tx.writeBatch(out, Math.min(BATCH, QUEUED - sent));
    let got = 0;
    const t0 = process.hrtime.bigint();
    rx.setReadDeadline(Date.now() + 200); // ends the drain if some were dropped
    try {
      while (got < QUEUED) got += useBatch ? await rx.readBatch(batch) : (await rx.readFrom(buf), 1);
    } catch {
      // the deadline: the rest was dropped by the kernel
    }
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    rx.setReadDeadline(null);
    dropped += QUEUED - got;
    if (got === QUEUED) rates.push(got / s);
  }
  await rx.close();
  await tx.close();
  rates.sort((a, b) => a - b);
  return { rate: rates[rates.length >> 1] ?? NaN, dropped };
}

const fmt = (x) => Math.round(x).toLocaleString("en-US").padStart(12);
console.log(`64-byte datagrams on 127.0.0.1, batch of ${BATCH}; send: ${TOTAL} datagrams; receive: ${QUEUED} queued, drained ${ROUNDS} times (median)`);
const ss = await sendSingle();
const sb = await sendBatch();
console.log(`send    writeTo     ${fmt(ss)} datagrams/s`);
console.log(`send    writeBatch  ${fmt(sb)} datagrams/s   (${(sb / ss).toFixed(1)}x)`);
const rs = await recv(false);
const rb = await recv(true);
console.log(`receive readFrom    ${fmt(rs.rate)} datagrams/s`);
console.log(`receive readBatch   ${fmt(rb.rate)} datagrams/s   (${(rb.rate / rs.rate).toFixed(1)}x)`);
if (rs.dropped + rb.dropped) console.log(`(the kernel dropped ${rs.dropped + rb.dropped} queued datagrams; those rounds were not timed)`);

// systemd socket activation (sd_listen_fds(3)): the listening sockets a
// service manager opened for this process, passed as descriptors 3, 4, ...
// with LISTEN_FDS (how many), LISTEN_PID (for whom) and LISTEN_FDNAMES
// (their names, ':'-separated). The variables are checked as hostile input.

import { closeSync } from "node:fs";
import type { Listener } from "./conn.js";
import { fileListener, filePacketConn } from "./file.js";

/** The first passed descriptor (SD_LISTEN_FDS_START). */
const FIRST_FD = 3;
/** More descriptors than any process here may hold (its limit is 20,000): a corrupt LISTEN_FDS. */
const MAX_FDS = 65536;

/** One passed descriptor and its name (LISTEN_FDNAMES; "unknown" when unnamed, as systemd). */
export interface ActivatedFD {
  /** The descriptor (3, 4, ...). */
  fd: number;
  /** Its name from LISTEN_FDNAMES (FileDescriptorName=), or "unknown". */
  name: string;
}

/** Options of listenFDs() and activationListeners(). */
export interface ListenFDsOptions {
  /** Remove LISTEN_* from process.env so child processes do not see them (default true, as sd_listen_fds(1)). */
  unsetEnv?: boolean;
}

/**
 * The descriptors passed to this process by socket activation; [] when the
 * process was not activated (no LISTEN_PID, or another process's). A
 * malformed LISTEN_FDS or a name list of another length throws.
 */
export function listenFDs(opts: ListenFDsOptions = {}): ActivatedFD[] {
  const { LISTEN_PID: pid, LISTEN_FDS: count, LISTEN_FDNAMES: names } = process.env;
  if (opts.unsetEnv ?? true) {
    delete process.env.LISTEN_PID;
    delete process.env.LISTEN_FDS;
    delete process.env.LISTEN_FDNAMES;
  }
  if (pid === undefined || !/^\d{1,10}$/.test(pid) || Number(pid) !== process.pid) return [];
  if (count === undefined || !/^\d{1,6}$/.test(count) || Number(count) > MAX_FDS) {
    throw new RangeError(`LISTEN_FDS must be a count from 0 to ${MAX_FDS}, got '${count}'`);
  }
  const n = Number(count);
  const list = names === undefined ? [] : names.split(":");
  if (names !== undefined && list.length !== n) {
    throw new RangeError(`LISTEN_FDNAMES names ${list.length} descriptors, LISTEN_FDS says ${n}`);
  }
  return Array.from({ length: n }, (_, i) => ({ fd: FIRST_FD + i, name: list[i] || "unknown" }));
}

/** A passed descriptor as a Listener (stream sockets) or PacketConn (datagram sockets). */
export interface ActivatedSocket extends ActivatedFD {
  /** Set for a stream socket (TCP, Unix stream or seqpacket). */
  listener?: Listener;
  /** Set for a datagram socket (UDP, unixgram, raw IP). */
  packetConn?: ReturnType<typeof filePacketConn>;
}

/**
 * listenFDs() as gonet sockets: each descriptor becomes a Listener or a
 * PacketConn on a close-on-exec duplicate, and the inherited descriptor is
 * closed, so nothing leaks into child processes.
 */
export function activationListeners(opts: ListenFDsOptions = {}): ActivatedSocket[] {
  return listenFDs(opts).map(({ fd, name }) => {
    try {
      try {
        return { fd, name, listener: fileListener(fd) };
      } catch {
        return { fd, name, packetConn: filePacketConn(fd) };
      }
    } finally {
      closeSync(fd);
    }
  });
}

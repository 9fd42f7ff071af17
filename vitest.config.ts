import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // the machine has 2 cores; suites that run processes or containers manage their own pacing
    pool: "forks",
    fileParallelism: true,
  },
});

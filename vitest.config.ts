import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Guards, not timings: eight worktrees share two cores (load averages above 20 seen).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Integration tests start loopback simulators; two cores, so keep workers modest.
    maxWorkers: 2,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});

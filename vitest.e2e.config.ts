/** The end-to-end run (`npm run test:e2e`): Playwright specs under e2e/ against one real
 * SafeClass server started by e2e/global-setup.ts. Unit tests live in vitest.config.ts. */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["e2e/**/*.spec.ts"],
    environment: "node",
    globalSetup: ["e2e/global-setup.ts"],
    // one server and one database for all specs: files run one after another
    fileParallelism: false,
    pool: "forks",
    maxWorkers: 1,
    testTimeout: 90_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    retry: 0,
  },
});

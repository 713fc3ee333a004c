import { defineConfig } from "vitest/config";

/** End-to-end tests in Node against the Worker running locally (`wrangler dev`): the CLI and the dashboard. */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["**/*.test.ts"],
    globalSetup: ["./setup/local-worker.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One Worker for all files: files run one after another so they do not race on its state.
    fileParallelism: false,
  },
});

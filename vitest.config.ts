import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { readFileSync } from "node:fs";
import { TEST_API_KEY_SHA256, TEST_HASH_KEYS, TEST_SEALING_KEYS } from "./test/setup/test-secrets.ts";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("schema/migrations");
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ENVIRONMENT: "test",
            API_KEY_HASHES: TEST_API_KEY_SHA256,
            HASH_KEYS: TEST_HASH_KEYS,
            SEALING_KEYS: TEST_SEALING_KEYS,
            // The published development values, which production must refuse (test/privacy/production-config.test.ts).
            TEST_DEV_VARS_EXAMPLE: readFileSync(".dev.vars.example", "utf8"),
            // The cache of remote answers is off unless a test (test/cache/) or its task turns it on:
            // tests that send the same text twice expect the model to be asked twice.
            ANSWER_CACHE_TTL_S: "0",
            // Short budgets so hanging test doubles time out quickly.
            LARGE_TIMEOUT_MS: "300",
            LARGE_DEADLINE_MS: "2000",
          },
        },
      }),
    ],
    test: {
      // The Workers-runtime tests; e2e/ runs in Node against `wrangler dev` (e2e/vitest.config.ts).
      include: ["test/**/*.test.ts"],
      globalSetup: ["./test/setup/shared-data.ts", "./test/setup/queue-settings.ts"],
      setupFiles: ["./test/setup/apply-migrations.ts"],
      testTimeout: 20_000,
    },
  };
});

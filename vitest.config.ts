import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { TEST_API_KEY_SHA256, TEST_DECISION_HASH_KEY } from "./test/setup/test-secrets.ts";

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
            DECISION_HASH_KEY: TEST_DECISION_HASH_KEY,
            // Short budgets so hanging test doubles time out quickly.
            LARGE_TIMEOUT_MS: "300",
            LARGE_DEADLINE_MS: "2000",
          },
        },
      }),
    ],
    test: {
      globalSetup: ["./test/setup/shared-data.ts", "./test/setup/queue-settings.ts"],
      setupFiles: ["./test/setup/apply-migrations.ts"],
      testTimeout: 20_000,
    },
  };
});

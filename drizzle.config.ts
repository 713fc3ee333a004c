import { defineConfig } from "drizzle-kit";

// Migrations go to the folder wrangler applies (`migrations_dir` in wrangler.toml) and the tests read.
export default defineConfig({
  dialect: "sqlite",
  schema: "./schema/index.ts",
  out: "./schema/migrations",
});

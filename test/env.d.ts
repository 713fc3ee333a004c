import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** The text of .dev.vars.example. */
      TEST_DEV_VARS_EXAMPLE: string;
    }
  }
}

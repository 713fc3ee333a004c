import { z } from "zod";
import { LARGE_PROVIDERS } from "../schema/enums.ts";

const number = (fallback: number) => z.coerce.number().finite().default(fallback);

const configSchema = z.object({
  ENVIRONMENT: z.enum(["development", "test", "production"]).default("development"),
  API_KEY_HASHES: z
    .string({ error: "API_KEY_HASHES is not set: add the SHA-256 of an API key (see README, 'API keys')" })
    .transform((value) => value.split(",").map((hash) => hash.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[0-9a-f]{64}$/, "API_KEY_HASHES must be comma-separated SHA-256 hex digests")).min(1)),
  DECISION_HASH_KEY: z
    .string({ error: "DECISION_HASH_KEY is not set: it keys the HMAC of logged inputs (see README)" })
    .min(16, "DECISION_HASH_KEY must be at least 16 characters"),
  LARGE_PROVIDER: z.enum(LARGE_PROVIDERS).default("none"),
  LARGE_MODEL: z.string().default("@cf/meta/llama-3.3-70b-instruct-fp8-fast"),
  MIDDLE_MODEL: z.string().optional(),
  DEFAULT_THRESHOLD: number(0.7).pipe(z.number().min(0).max(1)),
  MIDDLE_THRESHOLD: number(0.8).pipe(z.number().min(0).max(1)),
  /** Edge summaries whose estimated quality (predicted ROUGE-L) is below this go to the large model. */
  SUMMARY_THRESHOLD: number(0.35).pipe(z.number().min(0).max(1)),
  LARGE_TIMEOUT_MS: number(8000).pipe(z.number().positive()),
  LARGE_MAX_ATTEMPTS: number(3).pipe(z.number().int().min(1).max(10)),
  LARGE_DEADLINE_MS: number(20000).pipe(z.number().positive()),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_MODEL: z.string().optional(),
  OPENAI_RESPONSE_FORMAT: z.enum(["json_schema", "json_object", "none"]).default("json_schema"),
});

/** Validated, typed configuration derived from the bindings' variables and secrets. */
export type Config = z.infer<typeof configSchema>;

/** Every variable and secret the configuration reads, as strings (the optional ones are not in `Env`). */
export type ConfigVariables = { [Name in keyof z.input<typeof configSchema>]?: string };

/** The Worker is deployed wrong (a missing secret, a bad variable): no request or message can succeed. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const cache = new WeakMap<object, Config>();

/** Validates the environment once per env object and fails loudly with what is missing. */
export function readConfig(env: Env): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new ConfigError(`The Worker is misconfigured: ${problems}`);
  }
  const config = parsed.data;
  if (config.LARGE_PROVIDER === "workers-ai" && !env.AI) {
    throw new ConfigError("LARGE_PROVIDER is workers-ai but the AI binding is missing (it exists only in the production environment)");
  }
  if (config.LARGE_PROVIDER === "openai-compatible" && (!config.OPENAI_BASE_URL || !config.OPENAI_MODEL)) {
    throw new ConfigError("LARGE_PROVIDER is openai-compatible but OPENAI_BASE_URL or OPENAI_MODEL is not set");
  }
  cache.set(env, config);
  return config;
}

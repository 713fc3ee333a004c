import { z } from "zod";
import { LARGE_PROVIDERS } from "../schema/enums.ts";
import type { ModelPrice } from "./models/pricing.ts";
import { keyRing, LEGACY_KEY_VERSION, parseKeyList, type KeyRing, type VersionedKey } from "./privacy/keys.ts";

const number = (fallback: number) => z.coerce.number().finite().default(fallback);

/** A versioned key list (see src/privacy/keys.ts); its problems never quote a secret. */
const keyList = (name: string) =>
  z
    .string()
    .transform((text, context) => {
      const parsed = parseKeyList(text);
      if (parsed.ok) return parsed.keys;
      context.addIssue({ code: "custom", message: `${name} ${parsed.problem}` });
      return z.NEVER;
    })
    .optional();

const usdPerMillion = (field: string) =>
  z.number({ error: `${field} must be a number (USD per million tokens)` }).finite().nonnegative(`${field} must not be negative`);

/** A message for a value of the wrong type; zod's own for the rest (an unknown field names it). */
const whenNotAnObject = (message: string) => (issue: { code: string }) => (issue.code === "invalid_type" ? message : undefined);

/** `MODEL_PRICES`: JSON (or a wrangler.toml table) of model id to its USD per million input and output tokens. */
const modelPricesSchema = z
  .unknown()
  .transform((value, ctx) => {
    if (typeof value !== "string") return value;
    if (value.trim() === "") return {};
    try {
      return JSON.parse(value) as unknown;
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `MODEL_PRICES is not JSON (${(error as Error).message})` });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(
      z.string(),
      z.strictObject(
        { input_per_million_usd: usdPerMillion("input_per_million_usd"), output_per_million_usd: usdPerMillion("output_per_million_usd") },
        { error: whenNotAnObject('MODEL_PRICES maps each model id to {"input_per_million_usd": n, "output_per_million_usd": n}') },
      ),
      { error: whenNotAnObject('MODEL_PRICES must be a JSON object: {"<model id>": {"input_per_million_usd": n, "output_per_million_usd": n}}') },
    ).refine((prices) => !Object.hasOwn(prices, ""), "MODEL_PRICES has an empty model id"),
  )
  .transform(
    (prices): ReadonlyMap<string, ModelPrice> =>
      new Map(Object.entries(prices).map(([model, price]) => [model, { inputPerMillionUsd: price.input_per_million_usd, outputPerMillionUsd: price.output_per_million_usd }])),
  );

const configSchema = z.object({
  ENVIRONMENT: z.enum(["development", "test", "production"]).default("development"),
  API_KEY_HASHES: z
    .string({ error: "API_KEY_HASHES is not set: add the SHA-256 of an API key (see README, 'API keys')" })
    .transform((value) => value.split(",").map((hash) => hash.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[0-9a-f]{64}$/, "API_KEY_HASHES must be comma-separated SHA-256 hex digests")).min(1)),
  /** `<version>:<secret>`, comma-separated, newest first: keys the HMAC of logged inputs and outputs. */
  HASH_KEYS: keyList("HASH_KEYS"),
  /** `<version>:<secret>`, comma-separated, newest first: seals integration secrets and shadow-check texts. */
  SEALING_KEYS: keyList("SEALING_KEYS"),
  /** Legacy: before HASH_KEYS and SEALING_KEYS, the one key of both; it is their version v0. */
  DECISION_HASH_KEY: z.string().min(16, "DECISION_HASH_KEY must be at least 16 characters").optional(),
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
  /**
   * Where a request's decisions go first: `d1` (written before the answer, the queue only when D1
   * fails) or `queue` (sent to the decision-log queue before the answer, written in batches by its
   * consumer; D1 directly only when the send fails).
   */
  DECISION_LOG: z.enum(["d1", "queue"]).default("d1"),
  /** `settings.cache_ttl_s` of tasks that do not set it: seconds remote answers are cached (0: off unless a task sets it; src/tiers/answer-cache.ts). */
  ANSWER_CACHE_TTL_S: number(86_400).pipe(z.number().int().min(0).max(30 * 86_400)),
  /**
   * Grams of CO2 per kWh of the electricity behind the energy estimates, for the stats' co2_g.
   * Default: the world average of 2023, 480 g/kWh (Ember, Global Electricity Review 2024); set
   * your region's or your providers' figure.
   */
  GRID_INTENSITY_G_PER_KWH: number(480).pipe(z.number().min(0).max(2_000)),
  /** Days decision rows are kept; the hourly cron deletes older ones in chunks, the stats' rollups stay (0: keep forever). */
  DECISION_RETENTION_DAYS: number(30).pipe(z.number().int().min(0).max(36_500)),
  /** Operator prices by exact model id; they win over the built-in table (src/models/price-table.ts). */
  MODEL_PRICES: modelPricesSchema.optional().transform((prices) => prices ?? new Map<string, ModelPrice>()),
});

type ParsedConfig = z.infer<typeof configSchema>;

/** Validated, typed configuration derived from the bindings' variables and secrets. */
export type Config = Omit<ParsedConfig, "HASH_KEYS" | "SEALING_KEYS" | "DECISION_HASH_KEY"> & {
  /** Keys the decision log's HMAC (`input_hash`, `output_hash`). */
  hashKeys: KeyRing;
  /** Seals integration secrets and shadow-check texts. */
  sealingKeys: KeyRing;
};

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
  const { HASH_KEYS, SEALING_KEYS, DECISION_HASH_KEY, ...rest } = parsed.data;
  const config: Config = {
    ...rest,
    hashKeys: ringOf("HASH_KEYS", HASH_KEYS, DECISION_HASH_KEY),
    sealingKeys: ringOf("SEALING_KEYS", SEALING_KEYS, DECISION_HASH_KEY),
  };
  keepKeysApart(config);
  if (config.ENVIRONMENT === "production") refuseDevelopmentSecrets(config, DECISION_HASH_KEY);
  if (config.LARGE_PROVIDER === "workers-ai" && !env.AI) {
    throw new ConfigError("LARGE_PROVIDER is workers-ai but the AI binding is missing (it exists only in the production environment)");
  }
  if (config.LARGE_PROVIDER === "openai-compatible" && (!config.OPENAI_BASE_URL || !config.OPENAI_MODEL)) {
    throw new ConfigError("LARGE_PROVIDER is openai-compatible but OPENAI_BASE_URL or OPENAI_MODEL is not set");
  }
  cache.set(env, config);
  return config;
}

/**
 * One key ring from its list and the legacy DECISION_HASH_KEY: the key is v0 of a list that
 * does not name v0 (the oldest), or the whole ring when there is no list.
 */
function ringOf(name: string, listed: VersionedKey[] | undefined, legacy: string | undefined): KeyRing {
  if (!listed) {
    if (legacy === undefined) throw new ConfigError(`The Worker is misconfigured: ${name} is not set (\`<version>:<secret>\`, comma-separated, newest first; see README, "Configuration")`);
    return keyRing([{ version: LEGACY_KEY_VERSION, secret: legacy }]);
  }
  const v0 = listed.find((key) => key.version === LEGACY_KEY_VERSION);
  if (legacy === undefined || (v0 && v0.secret === legacy)) return keyRing(listed);
  if (v0) throw new ConfigError(`The Worker is misconfigured: ${name} lists v0 with a secret other than DECISION_HASH_KEY, which is v0`);
  return keyRing([...listed, { version: LEGACY_KEY_VERSION, secret: legacy }]);
}

/** The hash keys and the sealing keys are separate keys; only the legacy v0 may be both. */
function keepKeysApart(config: Config): void {
  for (const hashKey of config.hashKeys.keys) {
    const shared = config.sealingKeys.keys.find((key) => key.secret === hashKey.secret);
    if (shared && (shared.version !== LEGACY_KEY_VERSION || hashKey.version !== LEGACY_KEY_VERSION)) {
      throw new ConfigError(`The Worker is misconfigured: HASH_KEYS ${hashKey.version} and SEALING_KEYS ${shared.version} are the same secret; use separate keys`);
    }
  }
}

/**
 * Keys and hashes published in .dev.vars.example and test/setup/test-secrets.ts: anyone can
 * read them, so production refuses them (test/privacy/production-config.test.ts keeps this
 * list in step with both files).
 */
const DEVELOPMENT_API_KEY_HASHES: Readonly<Record<string, string>> = {
  "9dce796fac339d86869dcf63832b7d9c949a97c72b8aed12e135f1cbfad75e39": "the documented development key ec_local_dev_key (.dev.vars.example)",
  "6660eb44dd132d9ab1316631c0de39851ef346cf1e0df37c2f5107fce52dc3c7": "the test key (test/setup/test-secrets.ts)",
};
const DEVELOPMENT_SECRETS: Readonly<Record<string, string>> = {
  "local-dev-decision-hash-key-change-me": ".dev.vars.example",
  "local-dev-hash-key-change-me-0123456789": ".dev.vars.example",
  "local-dev-sealing-key-change-me-0123456789": ".dev.vars.example",
  "test-decision-hash-key-0123456789": "test/setup/test-secrets.ts",
  "test-hash-key-v1-0123456789abcdef0123": "test/setup/test-secrets.ts",
  "test-sealing-key-v1-0123456789abcdef0123": "test/setup/test-secrets.ts",
};

function refuseDevelopmentSecrets(config: Config, legacy: string | undefined): void {
  const problems: string[] = [];
  for (const hash of config.API_KEY_HASHES) {
    const what = DEVELOPMENT_API_KEY_HASHES[hash];
    if (what) problems.push(`API_KEY_HASHES accepts ${what} (${hash.slice(0, 8)}…): make a key with npm run key:new`);
  }
  const published = (secret: string) => (Object.hasOwn(DEVELOPMENT_SECRETS, secret) ? DEVELOPMENT_SECRETS[secret] : undefined);
  if (legacy !== undefined && published(legacy)) problems.push(`DECISION_HASH_KEY is the development key from ${published(legacy)}`);
  for (const [name, ring] of [["HASH_KEYS", config.hashKeys], ["SEALING_KEYS", config.sealingKeys]] as const) {
    for (const key of ring.keys) {
      const from = key.secret === legacy ? undefined : published(key.secret);
      if (from) problems.push(`${name} ${key.version} is the development key from ${from}`);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(`The Worker is misconfigured: ENVIRONMENT is production but ${problems.join("; ")} (see README, "Deployment")`);
  }
}

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../../src/config.ts";
import { TEST_API_KEY_SHA256, TEST_DECISION_HASH_KEY, TEST_HASH_KEYS, TEST_SEALING_KEYS } from "../setup/test-secrets.ts";

/** Fresh values, as an operator makes them for production. */
const PRODUCTION = {
  ENVIRONMENT: "production",
  API_KEY_HASHES: "0f".repeat(32),
  HASH_KEYS: "v1:Zx8rQ0m6bJ2yT7pL4wK9sD3fG5hN1cV8aE0uI6oP=",
  SEALING_KEYS: "v1:Jm4nB7vC1xZ9lK3jH6gF2dS8aQ5wE0rT7yU4iO1p=",
  DECISION_HASH_KEY: undefined,
};

function configFor(overrides: Record<string, string | undefined>) {
  return () => readConfig({ ...env, ...PRODUCTION, ...overrides } as unknown as Env);
}

/** `NAME=value` lines of .dev.vars.example (the file's text is a test binding, see vitest.config.ts). */
function devVarsExample(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of env.TEST_DEV_VARS_EXAMPLE.split("\n")) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]] = match[2];
  }
  return values;
}

describe("production refuses the documented development secrets", () => {
  it("accepts fresh production secrets", () => {
    const config = configFor({})();
    expect(config.hashKeys.current.version).toBe("v1");
    expect(config.sealingKeys.current.version).toBe("v1");
  });

  it("refuses every secret .dev.vars.example publishes, naming each", () => {
    const example = devVarsExample();
    expect(Object.keys(example)).toEqual(expect.arrayContaining(["API_KEY_HASHES", "HASH_KEYS", "SEALING_KEYS"]));
    expect(example.API_KEY_HASHES).toMatch(/^9dce796f/);
    const expected: Record<string, RegExp> = {
      API_KEY_HASHES: /API_KEY_HASHES accepts the documented development key ec_local_dev_key/,
      HASH_KEYS: /HASH_KEYS v1 is the development key from \.dev\.vars\.example/,
      SEALING_KEYS: /SEALING_KEYS v1 is the development key from \.dev\.vars\.example/,
    };
    for (const [name, value] of Object.entries(example)) {
      if (!(name in expected)) continue;
      const read = configFor({ [name]: value });
      expect(read, name).toThrow(ConfigError);
      expect(read, name).toThrow(expected[name]);
      expect(read, name).toThrow(/ENVIRONMENT is production/);
    }
    // All at once: every problem is named in the one message.
    expect(configFor(example)).toThrow(/API_KEY_HASHES.*HASH_KEYS v1.*SEALING_KEYS v1/);
    // The same values are fine outside production.
    expect(() => readConfig({ ...env, ...example, ENVIRONMENT: "development" } as unknown as Env)).not.toThrow();
  });

  it("refuses the legacy development DECISION_HASH_KEY, alone or next to the new keys", () => {
    const legacyOnly = configFor({ HASH_KEYS: undefined, SEALING_KEYS: undefined, DECISION_HASH_KEY: "local-dev-decision-hash-key-change-me" });
    expect(legacyOnly).toThrow(/DECISION_HASH_KEY is the development key from \.dev\.vars\.example/);
    expect(configFor({ DECISION_HASH_KEY: "local-dev-decision-hash-key-change-me" })).toThrow(/DECISION_HASH_KEY is the development key/);
    // A legacy production key of its own is fine (the migration path).
    expect(configFor({ HASH_KEYS: undefined, SEALING_KEYS: undefined, DECISION_HASH_KEY: "a-production-legacy-key-0123456789" })).not.toThrow();
  });

  it("refuses the test suite's secrets (test/setup/test-secrets.ts)", () => {
    expect(configFor({ API_KEY_HASHES: TEST_API_KEY_SHA256 })).toThrow(/API_KEY_HASHES accepts the test key/);
    expect(configFor({ HASH_KEYS: TEST_HASH_KEYS })).toThrow(/HASH_KEYS v1 is the development key from test\/setup\/test-secrets\.ts/);
    expect(configFor({ SEALING_KEYS: TEST_SEALING_KEYS })).toThrow(/SEALING_KEYS v1 is the development key from test\/setup\/test-secrets\.ts/);
    expect(configFor({ DECISION_HASH_KEY: TEST_DECISION_HASH_KEY })).toThrow(/DECISION_HASH_KEY is the development key from test\/setup/);
    // An old development key kept as an older version is refused too.
    expect(configFor({ SEALING_KEYS: `${PRODUCTION.SEALING_KEYS.replace("v1:", "v2:")},${TEST_SEALING_KEYS}` })).toThrow(/SEALING_KEYS v1 is the development key/);
    // One accepted development key among real ones is still refused.
    expect(configFor({ API_KEY_HASHES: `${PRODUCTION.API_KEY_HASHES},${TEST_API_KEY_SHA256}` })).toThrow(/the test key/);
  });
});

describe("key configuration", () => {
  // DECISION_HASH_KEY unset unless a case sets it, whatever a local .dev.vars holds.
  const read = (overrides: Record<string, string | undefined>) => () => readConfig({ ...env, DECISION_HASH_KEY: undefined, ...overrides } as unknown as Env);

  it("names the missing key list", () => {
    expect(read({ HASH_KEYS: undefined })).toThrow(/HASH_KEYS is not set/);
    expect(read({ SEALING_KEYS: undefined })).toThrow(/SEALING_KEYS is not set/);
  });

  it("names a malformed list without quoting its secret", () => {
    expect(read({ SEALING_KEYS: "v1:too-short" })).toThrow(/SEALING_KEYS v1's secret must be at least 32 characters/);
    expect(read({ SEALING_KEYS: "v1:too-short" })).not.toThrow(/too-short/);
    expect(read({ HASH_KEYS: "first-hash-secret-0123456789abcdef0000" })).toThrow(/HASH_KEYS entry 1 is not `<version>:<secret>`/);
  });

  it("keeps the hash keys and the sealing keys apart", () => {
    const shared = "v3:the-same-secret-in-both-lists-0123456789";
    expect(read({ HASH_KEYS: shared, SEALING_KEYS: shared })).toThrow(/HASH_KEYS v3 and SEALING_KEYS v3 are the same secret/);
    // Only the legacy DECISION_HASH_KEY is both (it always was).
    expect(read({ HASH_KEYS: undefined, SEALING_KEYS: undefined, DECISION_HASH_KEY: TEST_DECISION_HASH_KEY })).not.toThrow();
  });

  it("refuses a v0 that is not DECISION_HASH_KEY", () => {
    expect(read({ SEALING_KEYS: "v1:first-sealing-secret-0123456789abcdef,v0:some-other-old-key-0123", DECISION_HASH_KEY: TEST_DECISION_HASH_KEY })).toThrow(
      /SEALING_KEYS lists v0 with a secret other than DECISION_HASH_KEY/,
    );
    expect(read({ SEALING_KEYS: `v1:first-sealing-secret-0123456789abcdef,v0:${TEST_DECISION_HASH_KEY}`, DECISION_HASH_KEY: TEST_DECISION_HASH_KEY })).not.toThrow();
  });
});

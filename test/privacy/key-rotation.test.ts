import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { readConfig } from "../../src/config.ts";
import { hmacHex, keyedHash, keyedHashesUnderEveryKey, keyedHashVersion, matchKeyedHash } from "../../src/privacy/digest.ts";
import { keyRing, parseKeyList, UnknownKeyVersionError, type KeyRing } from "../../src/privacy/keys.ts";
import { needsReseal, seal, sealedKeyVersion, unseal } from "../../src/privacy/secret-box.ts";
import { apiJson } from "../support/api.ts";
import { createTask } from "../support/tasks.ts";
import { TEST_DECISION_HASH_KEY, TEST_SEALING_KEYS } from "../setup/test-secrets.ts";

const V1 = "v1:first-sealing-secret-0123456789abcdef";
const V2 = "v2:second-sealing-secret-0123456789abcdef";

function ring(list: string): KeyRing {
  const parsed = parseKeyList(list);
  if (!parsed.ok) throw new Error(parsed.problem);
  return keyRing(parsed.keys);
}

/**
 * Made by the code from before versioned keys (one DECISION_HASH_KEY, here the test's legacy
 * key): an integration's secrets sealed for row `int_legacy_fixture`, and the decision log's
 * HMAC of "The invoice was charged twice".
 */
const LEGACY_SEAL =
  "v1.6of4OF4E/WTAjPHQ.f7Aas4v1CuBiwTNzPFDNav6MVnnjyIPFYovJOpxkRFDeokC0SXQtbTu0gjH/vbuiqs59Xe1SMuGhJ0vYDp+F01bSgLz0CfKDCM5rdRZ/3sjM";
const LEGACY_HASH = "e0f64a02a6b36cd6ba44334d92fd009a9d6bd1219504e11781a8852ee7c9ead3";
const LEGACY_SECRETS = { signing: ["legacy-signing-secret"], github_token: "ghp_legacy" };

describe("sealing key rotation", () => {
  it("seal under v1; rotate to v2,v1: the old seal opens, new seals use v2; once sealed again, v1 can be dropped", async () => {
    const before = ring(V1);
    const sealed = await seal(before, "int_a", { signing: ["s1"] });
    expect(sealed.startsWith("v1:")).toBe(true);
    expect(sealedKeyVersion(sealed)).toBe("v1");

    const rotated = ring(`${V2},${V1}`);
    expect(await unseal(rotated, "int_a", sealed)).toEqual({ signing: ["s1"] });
    expect(needsReseal(rotated, sealed)).toBe(true);
    const fresh = await seal(rotated, "int_b", { signing: ["s2"] });
    expect(sealedKeyVersion(fresh)).toBe("v2");
    expect(needsReseal(rotated, fresh)).toBe(false);

    const resealed = await seal(rotated, "int_a", await unseal(rotated, "int_a", sealed));
    const after = ring(V2);
    expect(await unseal(after, "int_a", resealed)).toEqual({ signing: ["s1"] });
    expect(await unseal(after, "int_b", fresh)).toEqual({ signing: ["s2"] });
    // What was not sealed again says which key it needs.
    await expect(unseal(after, "int_a", sealed)).rejects.toThrow(UnknownKeyVersionError);
    await expect(unseal(after, "int_a", sealed)).rejects.toThrow(/v1.*SEALING_KEYS/);
  });

  it("a seal opens only under its own key version and row", async () => {
    const sealed = await seal(ring(V1), "int_a", "x");
    // Another secret named v1 does not open it.
    await expect(unseal(ring("v1:another-secret-with-the-same-version-00"), "int_a", sealed)).rejects.toThrow();
    await expect(unseal(ring(V1), "int_other", sealed)).rejects.toThrow();
    await expect(unseal(ring(V1), "int_a", "v1:not-a-seal")).rejects.toThrow(/known format/);
  });

  it("seals made before versioning open as v0 (DECISION_HASH_KEY), alone or next to new keys", async () => {
    const legacyOnly = readConfig({ ...env, HASH_KEYS: undefined, SEALING_KEYS: undefined, DECISION_HASH_KEY: TEST_DECISION_HASH_KEY } as unknown as Env);
    expect(legacyOnly.sealingKeys.current.version).toBe("v0");
    expect(await unseal(legacyOnly.sealingKeys, "int_legacy_fixture", LEGACY_SEAL)).toEqual(LEGACY_SECRETS);
    // Under v0, new seals keep the old format, so nothing changes for a deployment that has not migrated.
    expect((await seal(legacyOnly.sealingKeys, "int_x", 1)).startsWith("v1.")).toBe(true);

    const migrated = readConfig({ ...env, SEALING_KEYS: V1, DECISION_HASH_KEY: TEST_DECISION_HASH_KEY } as unknown as Env);
    expect(migrated.sealingKeys.keys.map((key) => key.version)).toEqual(["v1", "v0"]);
    expect(await unseal(migrated.sealingKeys, "int_legacy_fixture", LEGACY_SEAL)).toEqual(LEGACY_SECRETS);
    expect(needsReseal(migrated.sealingKeys, LEGACY_SEAL)).toBe(true);
    expect(sealedKeyVersion(await seal(migrated.sealingKeys, "int_x", 1))).toBe("v1");

    // Listing v0 explicitly works as well (the old key, no longer under its old name).
    const explicit = ring(`v1:first-sealing-secret-0123456789abcdef,v0:${TEST_DECISION_HASH_KEY}`);
    expect(await unseal(explicit, "int_legacy_fixture", LEGACY_SEAL)).toEqual(LEGACY_SECRETS);
  });
});

describe("hash key rotation", () => {
  const text = "The invoice was charged twice";

  it("hashes carry their key version and still match after a rotation", async () => {
    const v1 = ring("v1:first-hash-secret-0123456789abcdef0000");
    const old = await keyedHash(v1, text);
    expect(old).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(keyedHashVersion(old)).toBe("v1");

    const rotated = ring("v2:second-hash-secret-0123456789abcdef000,v1:first-hash-secret-0123456789abcdef0000");
    const fresh = await keyedHash(rotated, text);
    expect(fresh).toMatch(/^v2:[0-9a-f]{64}$/);
    expect(await matchKeyedHash(rotated, text, old)).toBe("match");
    expect(await matchKeyedHash(rotated, text, fresh)).toBe("match");
    expect(await matchKeyedHash(rotated, "another text", old)).toBe("mismatch");
    // A lookup by text finds rows hashed under any listed key.
    expect(await keyedHashesUnderEveryKey(rotated, text)).toEqual([fresh, old]);
    // Dropping v1 makes its hashes unverifiable, and says so rather than answering "mismatch".
    expect(await matchKeyedHash(ring("v2:second-hash-secret-0123456789abcdef000"), text, old)).toBe("unknown_key");
  });

  it("hashes made before versioning are bare hex under v0 and keep matching", async () => {
    const legacy = readConfig({ ...env, HASH_KEYS: undefined, SEALING_KEYS: undefined, DECISION_HASH_KEY: TEST_DECISION_HASH_KEY } as unknown as Env).hashKeys;
    expect(await hmacHex(TEST_DECISION_HASH_KEY, text)).toBe(LEGACY_HASH);
    expect(await keyedHash(legacy, text)).toBe(LEGACY_HASH);
    expect(keyedHashVersion(LEGACY_HASH)).toBe("v0");
    const migrated = readConfig({ ...env, HASH_KEYS: "v1:first-hash-secret-0123456789abcdef0000", DECISION_HASH_KEY: TEST_DECISION_HASH_KEY } as unknown as Env).hashKeys;
    expect(await matchKeyedHash(migrated, text, LEGACY_HASH)).toBe("match");
    expect(await keyedHash(migrated, text)).toMatch(/^v1:/);
  });
});

describe("key lists", () => {
  it("refuse malformed lists without quoting a secret", () => {
    const cases: [string, RegExp][] = [
      ["", /lists no key/],
      ["first-sealing-secret-0123456789abcdef", /entry 1 is not/],
      ["version1:first-sealing-secret-0123456789abcdef", /entry 1 is not/],
      ["v1:short", /v1's secret must be at least 32/],
      [`${V1},v1:another-secret-with-the-same-version-00`, /v1 is listed twice/],
    ];
    for (const [list, problem] of cases) {
      const parsed = parseKeyList(list);
      expect(parsed.ok, list).toBe(false);
      if (parsed.ok) continue;
      expect(parsed.problem).toMatch(problem);
      expect(parsed.problem).not.toMatch(/secret-0123|short|first-sealing/);
    }
    expect(parseKeyList(` ${V2} , ${V1} `)).toMatchObject({ ok: true, keys: [{ version: "v2" }, { version: "v1" }] });
  });
});

describe("rotation through the API", () => {
  const SECRET = "gh-webhook-secret-0123456789abcdef";
  const NEW = "v2:a-new-sealing-secret-after-rotation-00";
  // DECISION_HASH_KEY unset, whatever a local .dev.vars holds: it would be v0 of both rings.
  const rotated = { SEALING_KEYS: `${NEW},${TEST_SEALING_KEYS}`, DECISION_HASH_KEY: undefined };
  const newOnly = { SEALING_KEYS: NEW, DECISION_HASH_KEY: undefined };

  async function integration(bindings: Record<string, string | undefined> = {}) {
    const task = await createTask();
    const created = await apiJson("/v1/integrations", { env: bindings, body: { kind: "github", secret: SECRET, events: { "issues.opened": { classify: task.id } } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  }
  const stored = async (id: string) => (await env.DB.prepare("SELECT secrets_sealed AS s FROM integrations WHERE id = ?").bind(id).first<{ s: string }>())!.s;
  const rename = (id: string, bindings: Record<string, string | undefined>) =>
    apiJson(`/v1/integrations/${id}`, { method: "PATCH", env: bindings, body: { name: `renamed-${Math.random()}` } });

  it("an update seals again under the newest key; POST /v1/integrations/reseal does the rest; then the old key can go", async () => {
    const updatedLater = await integration();
    const resealedLater = await integration();
    expect(sealedKeyVersion(await stored(updatedLater))).toBe("v1");
    // Without v1, nothing sealed under it opens.
    expect((await rename(updatedLater, newOnly)).status).toBe(400);

    // Rotated to v2,v1: v1 still opens; the update seals again under v2.
    expect((await rename(updatedLater, rotated)).status).toBe(200);
    expect(sealedKeyVersion(await stored(updatedLater))).toBe("v2");
    expect(sealedKeyVersion(await stored(resealedLater))).toBe("v1");

    let remaining = Infinity;
    for (let call = 0; call < 10 && remaining > 0; call++) {
      const { status, body } = await apiJson("/v1/integrations/reseal", { method: "POST", env: rotated });
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.key_version).toBe("v2");
      expect(body.unopenable).toEqual([]);
      remaining = body.remaining;
    }
    expect(remaining).toBe(0);
    expect(sealedKeyVersion(await stored(resealedLater))).toBe("v2");

    // v1 dropped: everything still opens.
    expect((await rename(updatedLater, newOnly)).status).toBe(200);
    expect((await rename(resealedLater, newOnly)).status).toBe(200);
    const again = await apiJson("/v1/integrations/reseal", { method: "POST", env: newOnly });
    expect(again.body).toEqual({ key_version: "v2", resealed: 0, remaining: 0, unopenable: [] });
  });

  it("a deployment with DECISION_HASH_KEY alone keeps working, and migrates by adding the new keys", async () => {
    const legacy = { HASH_KEYS: undefined, SEALING_KEYS: undefined, DECISION_HASH_KEY: TEST_DECISION_HASH_KEY };
    const id = await integration(legacy);
    expect((await stored(id)).startsWith("v1.")).toBe(true);
    const task = await createTask();
    // (An untrained task without a large model answers 503 failed; its decision is recorded all the same.)
    const classified = await apiJson("/v1/classify", { env: legacy, body: { task: task.id, text: "The invoice was charged twice" } });
    const decision = await apiJson(`/v1/decisions/${classified.body.decision_id}`, { env: legacy });
    expect(decision.status).toBe(200);
    expect(decision.body.input_hash).toBe(LEGACY_HASH);

    // Migrated: new keys first, DECISION_HASH_KEY kept as v0 until nothing needs it.
    const migrated = { DECISION_HASH_KEY: TEST_DECISION_HASH_KEY };
    expect((await rename(id, migrated)).status).toBe(200);
    expect(sealedKeyVersion(await stored(id))).toBe("v1");
    const after = await apiJson("/v1/classify", { env: migrated, body: { task: task.id, text: "The invoice was charged twice" } });
    const row = await apiJson(`/v1/decisions/${after.body.decision_id}`, { env: migrated });
    expect(row.body.input_hash).toMatch(/^v1:[0-9a-f]{64}$/);
    // Without DECISION_HASH_KEY, the test environment's own keys open the migrated integration.
    expect((await rename(id, { DECISION_HASH_KEY: undefined })).status).toBe(200);
  });
});

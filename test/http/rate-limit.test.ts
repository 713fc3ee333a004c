import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_PROJECT_ID } from "../../schema/projects.ts";
import { RATE_LIMIT_PERIOD_SECONDS, type RateLimiter } from "../../src/http/rate-limit.ts";
import { apiKeyHash, apiKeyPrefix, newApiKeySecret } from "../../src/projects/api-key-secret.ts";
import { insertApiKey } from "../../src/storage/api-keys.ts";
import { database } from "../../src/storage/database.ts";
import { apiJson } from "../support/api.ts";
import { countingD1 } from "../support/counting-d1.ts";
import { createTask } from "../support/tasks.ts";
import { issuesOpened } from "../support/webhook-payloads.ts";
import { createIntegration, recordingQueue, sendGithub } from "../support/webhook-senders.ts";

afterEach(() => vi.restoreAllMocks());

/** Speaks the binding's interface: `limit` requests a key, then `{ success: false }`; records the keys it was asked about. */
function limiterDouble(limit: number) {
  const counts = new Map<string, number>();
  const keys: string[] = [];
  const limiter: RateLimiter = {
    async limit({ key }) {
      keys.push(key);
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return { success: count <= limit };
    },
  };
  return { limiter, keys };
}

/** A key of the default project, stored as the keys routes store one. */
async function projectKey(): Promise<{ id: string; secret: string }> {
  const secret = newApiKeySecret();
  const id = `key_rl_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
  await insertApiKey(database(env.DB), {
    id,
    projectId: DEFAULT_PROJECT_ID,
    name: "rate-limit test",
    prefix: apiKeyPrefix(secret),
    hash: await apiKeyHash(secret),
    scopes: ["admin"],
    taskIds: null,
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
    createdAt: Date.now(),
  });
  return { id, secret };
}

function expectRateLimited(response: { status: number; body: any; headers: Headers }) {
  expect(response.status).toBe(429);
  expect(response.headers.get("retry-after")).toBe(String(RATE_LIMIT_PERIOD_SECONDS));
  expect(response.body).toEqual({ error: { code: "rate_limited", message: expect.stringContaining("API key"), request_id: expect.any(String) } });
}

const GITHUB_SECRET = "rate-limit-test-secret";
const BAD_SIGNATURE = `sha256=${"0".repeat(64)}`;

async function githubIntegration() {
  const task = await createTask();
  return createIntegration({ kind: "github", secret: GITHUB_SECRET, events: { "issues.opened": { classify: task.id } } });
}

/** Waits, when needed, so that at least `seconds` are left in the current wall-clock window of `period` seconds. */
async function roomInWindow(period: number, seconds: number) {
  const left = period * 1000 - (Date.now() % (period * 1000));
  if (left < seconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

describe("per API key on /v1/*", () => {
  it("answers 429 rate_limited with Retry-After once a key is over its limit, counting by key id", async () => {
    const { limiter, keys } = limiterDouble(3);
    for (let i = 0; i < 3; i++) expect((await apiJson("/v1/tasks", { env: { KEY_RATE_LIMIT: limiter } })).status).toBe(200);
    const refused = await apiJson("/v1/tasks", { env: { KEY_RATE_LIMIT: limiter } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    expectRateLimited(refused);
    // The bootstrap key's id, not the secret, is the limit key.
    expect(new Set(keys)).toEqual(new Set([expect.stringMatching(/^key_boot_[0-9a-f]{16}$/)]));
  });

  it("leaves another key unaffected", async () => {
    const { limiter, keys } = limiterDouble(2);
    const other = await projectKey();
    for (let i = 0; i < 2; i++) await apiJson("/v1/tasks", { env: { KEY_RATE_LIMIT: limiter } });
    expectRateLimited(await apiJson("/v1/tasks", { env: { KEY_RATE_LIMIT: limiter } }));
    const second = await apiJson("/v1/tasks", { key: other.secret, env: { KEY_RATE_LIMIT: limiter } });
    expect(second.status).toBe(200);
    expect(keys.at(-1)).toBe(other.id);
    // And the first key is still refused.
    expectRateLimited(await apiJson("/v1/tasks", { env: { KEY_RATE_LIMIT: limiter } }));
  });

  it("is counted after authentication: an unknown key is 401 and counts against nothing", async () => {
    const { limiter, keys } = limiterDouble(0);
    const response = await apiJson("/v1/tasks", { key: "ec_not_a_key", env: { KEY_RATE_LIMIT: limiter } });
    expect(response.status).toBe(401);
    expect(keys).toEqual([]);
  });

  it("refuses before the body is read or a model runs (a POST /v1/classify is 429 too)", async () => {
    const { limiter } = limiterDouble(0);
    const response = await apiJson("/v1/classify", { body: { task: "none", text: "hello" }, env: { KEY_RATE_LIMIT: limiter } });
    expectRateLimited(response);
  });

  it("counts lookups of keys an isolate has not read per client address: made-up keys run out and get 429 without a D1 read", async () => {
    const { limiter, keys } = limiterDouble(3);
    const attacker = { "cf-connecting-ip": "203.0.113.7" };
    for (let i = 0; i < 3; i++) {
      const unknown = await apiJson("/v1/tasks", { key: `ec_made_up_${crypto.randomUUID()}`, headers: attacker, env: { KEY_LOOKUP_RATE_LIMIT: limiter } });
      expect(unknown.status).toBe(401);
    }
    const d1 = countingD1(env.DB);
    const refused = await apiJson("/v1/tasks", { key: `ec_made_up_${crypto.randomUUID()}`, headers: attacker, env: { KEY_LOOKUP_RATE_LIMIT: limiter, DB: d1.binding } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe(String(RATE_LIMIT_PERIOD_SECONDS));
    expect(refused.body.error).toMatchObject({ code: "rate_limited" });
    expect(d1.statements).toBe(0);
    expect(new Set(keys)).toEqual(new Set(["203.0.113.7"]));
    // Another address, and a key this isolate already knows, are unaffected.
    const key = await projectKey();
    expect((await apiJson("/v1/tasks", { key: key.secret, headers: { "cf-connecting-ip": "198.51.100.1" }, env: { KEY_LOOKUP_RATE_LIMIT: limiter } })).status).toBe(200);
    expect((await apiJson("/v1/tasks", { key: key.secret, headers: attacker, env: { KEY_LOOKUP_RATE_LIMIT: limiter } })).status).toBe(200);
  });

  it("keeps real keys cached through a flood of made-up ones: the flood never evicts them", async () => {
    const key = await projectKey();
    expect((await apiJson("/v1/tasks", { key: key.secret })).status).toBe(200);
    for (let i = 0; i < 1_200; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => apiJson("/v1/tasks", { key: `ec_flood_${i + j}_${crypto.randomUUID()}` })));
    }
    const d1 = countingD1(env.DB);
    expect((await apiJson("/v1/tasks", { key: key.secret, env: { DB: d1.binding } })).status).toBe(200);
    // Only the task list is read: the key came from the isolate's cache.
    expect(d1.statements).toBe(1);
  });

  it("lets requests through when the limiter itself fails", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const broken: RateLimiter = { limit: async () => Promise.reject(new Error("rate limiter unavailable")) };
    expect((await apiJson("/v1/tasks", { env: { KEY_RATE_LIMIT: broken } })).status).toBe(200);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("KEY_RATE_LIMIT failed"), expect.any(Error));
  });
});

describe("per integration on /hooks/*", () => {
  it("counts every request to an integration's URL, bad signatures included, and leaves other integrations alone", async () => {
    const [target, other] = [await githubIntegration(), await githubIntegration()];
    const { limiter, keys } = limiterDouble(2);
    const queue = recordingQueue();
    const bindings = { INTEGRATION_RATE_LIMIT: limiter, DELIVERIES: queue.binding };
    // An attacker hammering a real integration's URL with bad signatures...
    for (let i = 0; i < 2; i++) {
      expect((await sendGithub(target.id, "issues", issuesOpened("x", "y", i), { secret: GITHUB_SECRET, signature: BAD_SIGNATURE, bindings })).status).toBe(401);
    }
    // ...is bounded: the next request is refused before its signature is checked, valid or not.
    const refused = await sendGithub(target.id, "issues", issuesOpened("Charged twice", "billed twice", 3), { secret: GITHUB_SECRET, bindings });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe(String(RATE_LIMIT_PERIOD_SECONDS));
    expect(await refused.json()).toEqual({ error: { code: "rate_limited", message: expect.stringContaining("integration"), request_id: expect.any(String) } });
    expect(queue.sent).toEqual([]);
    // Another integration has its own counter.
    const accepted = await sendGithub(other.id, "issues", issuesOpened("Charged twice", "billed twice", 4), { secret: GITHUB_SECRET, bindings });
    expect(accepted.status).toBe(202);
    expect(keys).toEqual([target.id, target.id, target.id, other.id]);
  });

  it("does not count /v1 requests against integrations, nor hooks against keys", async () => {
    const integration = await githubIntegration();
    const keyLimiter = limiterDouble(100);
    const hookLimiter = limiterDouble(100);
    const bindings = { KEY_RATE_LIMIT: keyLimiter.limiter, INTEGRATION_RATE_LIMIT: hookLimiter.limiter, DELIVERIES: recordingQueue().binding };
    await apiJson("/v1/tasks", { env: bindings });
    await sendGithub(integration.id, "issues", issuesOpened("a", "b", 1), { secret: GITHUB_SECRET, bindings });
    expect(keyLimiter.keys).toHaveLength(1);
    expect(hookLimiter.keys).toEqual([integration.id]);
  });

  it(
    "holds with the simulated binding as configured in wrangler.toml (120 a minute per integration)",
    async () => {
      const LIMIT = 120;
      const integration = await githubIntegration();
      const bindings = { DELIVERIES: recordingQueue().binding };
      // The simulator's windows are aligned to the wall clock: do not start a minute's last seconds.
      await roomInWindow(60, 20);
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT; i += 10) {
        const batch = Array.from({ length: 10 }, (_, j) =>
          sendGithub(integration.id, "issues", issuesOpened("x", "y", i + j), { secret: GITHUB_SECRET, signature: BAD_SIGNATURE, bindings }).then((r) => r.status),
        );
        statuses.push(...(await Promise.all(batch)));
      }
      expect(statuses.filter((s) => s === 401)).toHaveLength(LIMIT);
      const refused = await sendGithub(integration.id, "issues", issuesOpened("x", "y", 999), { secret: GITHUB_SECRET, bindings });
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("60");
      // Another integration still gets through the real binding.
      const other = await githubIntegration();
      expect((await sendGithub(other.id, "issues", issuesOpened("x", "y", 1), { secret: GITHUB_SECRET, bindings })).status).toBe(202);
    },
    60_000,
  );
});

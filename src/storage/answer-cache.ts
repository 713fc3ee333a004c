/**
 * The KV store behind the cache of remote answers (binding `ANSWER_CACHE`; see
 * src/tiers/answer-cache.ts for what is cached and README, "Cache").
 *
 * Keys:
 * - `gen/<project>/<task>`: the task's cache generation (absent = "0"). `DELETE
 *   /v1/tasks/{id}/cache` writes a new one; every entry key contains it, so the old entries are
 *   unreachable at once and expire by their TTL (KV has no cheap prefix delete).
 * - `ans/<project>/<task>/<generation>/<sha-256 hex>`: one sealed answer.
 */
export interface AnswerStore {
  get(key: string): Promise<string | null>;
  /** `ttlS` is at least 60 (KV's minimum expiration TTL). */
  put(key: string, value: string, ttlS: number): Promise<void>;
}

/** KV's minimum `expirationTtl`. */
export const KV_MIN_TTL_S = 60;

export function kvAnswerStore(kv: KVNamespace): AnswerStore {
  return {
    get: (key) => kv.get(key, "text"),
    put: (key, value, ttlS) => kv.put(key, value, { expirationTtl: Math.max(KV_MIN_TTL_S, Math.floor(ttlS)) }),
  };
}

function generationKey(projectId: string, taskId: string): string {
  return `gen/${projectId}/${taskId}`;
}

/** The task's current cache generation. */
export async function cacheGeneration(store: AnswerStore, projectId: string, taskId: string): Promise<string> {
  return (await store.get(generationKey(projectId, taskId))) ?? "0";
}

/**
 * Starts a new generation for the task: its cached answers can no longer be found. The
 * generation key has no TTL-bound meaning of its own, so it is kept for a year (longer than
 * any entry's TTL) and rewritten on each drop.
 */
export async function bumpCacheGeneration(store: AnswerStore, projectId: string, taskId: string, now: number): Promise<string> {
  const random = crypto.getRandomValues(new Uint32Array(1))[0].toString(36);
  const generation = `${now.toString(36)}${random}`;
  await store.put(generationKey(projectId, taskId), generation, 366 * 86_400);
  return generation;
}

export function answerKey(projectId: string, taskId: string, generation: string, digest: string): string {
  return `ans/${projectId}/${taskId}/${generation}/${digest}`;
}

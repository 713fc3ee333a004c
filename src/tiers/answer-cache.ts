import type { TaskKind } from "../../schema/enums.ts";
import type { Decision, Tier, TierAnswer } from "../cascade/types.ts";
import type { KeyRing } from "../privacy/keys.ts";
import { sha256Hex } from "../privacy/digest.ts";
import { seal, unseal } from "../privacy/secret-box.ts";
import { answerKey, cacheGeneration, type AnswerStore } from "../storage/answer-cache.ts";
import type { TaskRow } from "../storage/tasks.ts";
import type { Clock } from "../time/clock.ts";

/**
 * The cache of remote answers (README, "Cache"). A remote tier's answer that decided a text
 * (status `ok`: never a failure, never a degraded answer) is kept in KV for the task's
 * `settings.cache_ttl_s`, keyed by
 *
 *   project, task, the task's cache generation, and a SHA-256 over: the cache format, the kind,
 *   the label set and description version (a digest of the labels with their descriptions and
 *   the task's description, which the prompt shows), the tier's provider and model, the summary's
 *   word budget, and the input's keyed hash (HMAC under HASH_KEYS).
 *
 * Changing the labels, their descriptions or the tier's model changes the key, so a stale answer
 * is never found; `DELETE /v1/tasks/{id}/cache` starts a new generation. The value is sealed
 * (AES-GCM under SEALING_KEYS) with the entry's key as additional data: a KV dump reveals no
 * label or summary, and a value copied under another project's key does not open.
 *
 * `settings.cache_ttl_s` is 0 (off) or 60 s (KV's minimum TTL) to 30 days; a task that does not
 * set it gets `ANSWER_CACHE_TTL_S` (86400, a day, unless the deployment sets it).
 *
 * When the cascade reaches a remote tier, the tier first looks in the cache: a hit answers with
 * the cached output and confidence without calling the model (nor reserving budget), at cost 0,
 * and the attempt and the decision are named tier `cache` (the model stays the one that answered)
 * with the id of the decision whose answer is reused.
 */

/** The longest `cache_ttl_s`: 30 days. Below KV's minimum (60 s) only 0 (off) is accepted. */
export const MAX_CACHE_TTL_S = 30 * 86_400;

/** The tier name of an answer served from the cache. */
export const CACHE_TIER = "cache";
/** Bumped when what a key covers or the entry's shape changes: old entries are then never read. */
const CACHE_FORMAT = 1;
/** A cache read that takes longer than this counts as a miss: the model is asked instead. */
const LOOKUP_TIMEOUT_MS = 1000;

/** What a hit carries in the tier answer's `raw`, and the decision row keeps in its tiers JSON. */
export interface CacheHit {
  /** The decision whose answer is reused. */
  reusedDecisionId: string;
  /** When that answer was cached (ms). */
  cachedAt: number;
}

/** The sealed value of one entry. */
interface CachedAnswer {
  output: string;
  confidence: number;
  decision_id: string;
  created_at: number;
}

/** What the cache needs of the ports (not `Ports` itself: learning/task-settings.ts imports this file, and bench imports that). */
interface CachePorts {
  config: { sealingKeys: KeyRing; ANSWER_CACHE_TTL_S: number };
  clock: Clock;
  answers?: AnswerStore | null;
}

/** One text's recorded decision, offered to the cache. */
export interface RecordedAnswer {
  text: string;
  /** The summary's word budget (summaries only). */
  maxWords?: number;
  decision: Decision<string>;
  decisionId: string;
}

export interface AnswerCache {
  /** The tiers with each available remote tier looking in the cache before it calls its model. */
  wrap(tiers: Tier<string>[], input: { text: string; maxWords?: number }): Tier<string>[];
  /** Caches the remote answers among recorded decisions; never throws (a cache is optional). */
  remember(answers: readonly RecordedAnswer[]): Promise<void>;
}

/** The hit a tier answer carries, if it came from the cache. */
export function cacheHitOf(raw: unknown): CacheHit | null {
  const hit = (raw as { cacheHit?: CacheHit } | null | undefined)?.cacheHit;
  return hit && typeof hit.reusedDecisionId === "string" ? hit : null;
}

/** What a cache hit adds to its attempt in the decision row's tiers JSON (no column of its own). */
export interface CacheAttemptFields {
  reused_decision_id?: string;
}

export function cacheAttemptFields(raw: unknown): CacheAttemptFields {
  const hit = cacheHitOf(raw);
  return hit ? { reused_decision_id: hit.reusedDecisionId } : {};
}

/** The decision a recorded decision reuses, from its tiers JSON; null when it was not a cache hit. */
export function reusedDecisionId(tiers: readonly object[]): string | null {
  for (const attempt of tiers) {
    const id = (attempt as CacheAttemptFields).reused_decision_id;
    if (typeof id === "string") return id;
  }
  return null;
}

/**
 * The task's answer cache, or null when there is no task, no store, or `cache_ttl_s` is 0.
 * `inputHash` is the request's keyed hash of a text (HASH_KEYS), shared with its decision rows.
 */
export function answerCache(ports: CachePorts, kind: TaskKind, task: TaskRow | null, inputHash: (text: string) => Promise<string>): AnswerCache | null {
  const store = ports.answers;
  if (!task || !store) return null;
  const ttlS = cacheTtlOf(task, ports.config.ANSWER_CACHE_TTL_S);
  if (ttlS <= 0) return null;

  // Read once per request, and only when a text reaches a remote tier.
  let generation: Promise<string> | null = null;
  let labelsVersion: Promise<string> | null = null;
  const keyFor = async (provider: string, model: string, input: { text: string; maxWords?: number }) => {
    generation ??= cacheGeneration(store, task.projectId, task.id);
    labelsVersion ??= labelSetVersion(task);
    const digest = await sha256Hex(JSON.stringify([CACHE_FORMAT, kind, await labelsVersion, provider, model, input.maxWords ?? null, await inputHash(input.text)]));
    return answerKey(task.projectId, task.id, await generation, digest);
  };

  const lookup = async (tier: Tier<string>, input: { text: string; maxWords?: number }): Promise<CachedAnswer | null> => {
    const key = await keyFor(tier.provider, tier.model, input);
    const sealed = await store.get(key);
    if (sealed === null) return null;
    const entry = await unseal<CachedAnswer>(ports.config.sealingKeys, key, sealed);
    if (typeof entry?.output !== "string" || typeof entry.confidence !== "number" || typeof entry.decision_id !== "string") return null;
    if (kind === "classify" && !task.labels.some((label) => label.name === entry.output)) return null;
    return entry;
  };

  return {
    wrap: (tiers, input) => tiers.map((tier) => (tier.provider === "edge" || tier.unavailable ? tier : cachedTier(tier, () => lookup(tier, input)))),

    async remember(answers) {
      const results = await Promise.allSettled(
        answers.map(async ({ text, maxWords, decision, decisionId }) => {
          if (decision.status !== "ok" || decision.output === null || decision.error !== null) return;
          const attempt = decision.tiers.findLast((candidate) => candidate.tier === decision.tier);
          if (!attempt || attempt.provider === "edge" || attempt.tier === CACHE_TIER || cacheHitOf(attempt.raw)) return;
          if (attempt.error !== null || attempt.output === null) return;
          const key = await keyFor(attempt.provider, attempt.model, { text, maxWords });
          const entry: CachedAnswer = { output: attempt.output, confidence: attempt.confidence ?? 0, decision_id: decisionId, created_at: ports.clock.now() };
          await store.put(key, await seal(ports.config.sealingKeys, key, entry), ttlS);
        }),
      );
      const failed = results.find((result) => result.status === "rejected");
      if (failed) console.error(`answer cache write for task ${task.id} failed`, (failed as PromiseRejectedResult).reason);
    },
  };
}

/**
 * The task's `settings.cache_ttl_s` (validated by learning/task-settings.ts, which this layer
 * cannot import), or the deployment's default (`ANSWER_CACHE_TTL_S`, 86400 unless set).
 */
export function cacheTtlOf(task: Pick<TaskRow, "settings">, defaultTtlS: number): number {
  const value = (task.settings as Record<string, unknown> | null)?.cache_ttl_s;
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.min(value, MAX_CACHE_TTL_S) : defaultTtlS;
}

/** The label set and description version: a digest of what the prompt shows of the task. */
function labelSetVersion(task: TaskRow): Promise<string> {
  const labels = task.labels.map((label) => [label.name, label.description ?? null]);
  return sha256Hex(JSON.stringify({ labels, description: task.description ?? null }));
}

/**
 * A remote tier that looks in the cache first. Tiers are made per text, so the hit is this
 * text's: once it is found, the tier is named `cache` and costs nothing (the cascade reads the
 * name, cost and energy after the run, for the attempt and the decision).
 */
function cachedTier(inner: Tier<string>, lookup: () => Promise<CachedAnswer | null>): Tier<string> {
  let hit: CachedAnswer | null = null;
  let found: Promise<CachedAnswer | null> | null = null;
  return {
    ...inner,
    get name() {
      return hit ? CACHE_TIER : inner.name;
    },
    async run(signal): Promise<TierAnswer<string>> {
      // One look per text, whatever the retries: a miss (or a failed read) asks the model.
      found ??= withTimeout(lookup(), LOOKUP_TIMEOUT_MS).catch((error) => {
        console.error("answer cache read failed", error);
        return null;
      });
      const entry = await found;
      if (!entry) return inner.run(signal);
      hit = entry;
      const cacheHit: CacheHit = { reusedDecisionId: entry.decision_id, cachedAt: entry.created_at };
      return { output: entry.output, confidence: entry.confidence, usage: { inputTokens: 0, outputTokens: 0 }, warnings: [], raw: { cacheHit } };
    },
    costUsd: (usage, calls) => (hit ? 0 : inner.costUsd(usage, calls)),
    energyWh: (usage) => (hit ? 0 : inner.energyWh(usage)),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

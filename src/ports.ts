import { readConfig, type Config } from "./config.ts";
import { durableBudgets, type Budgets } from "./budget/budgets.ts";
import type { AiBinding } from "./models/workers-ai.ts";
import { kvAnswerStore, type AnswerStore } from "./storage/answer-cache.ts";
import { database, type Database } from "./storage/database.ts";
import { kvModelArtifacts, type ModelArtifacts } from "./storage/model-artifacts.ts";
import { systemClock, type Clock } from "./time/clock.ts";

/** Where the retention archives decision rows before deleting them (an R2 bucket; src/decision-log/archive.ts). */
export type DecisionArchive = Pick<R2Bucket, "put">;

/** One Analytics Engine data point per decision (src/decision-log/analytics.ts); `writeDataPoint` returns at once. */
export type DecisionAnalytics = Pick<AnalyticsEngineDataset, "writeDataPoint">;

/** A queue the service sends to; each queue's module types its own messages. */
export type Outbox = Pick<Queue<unknown>, "send" | "sendBatch">;

/**
 * What the service needs from the outside world, as narrow ports instead of the whole `env`:
 * HTTP handlers, queue consumers and the cron all build them the same way.
 */
export interface Ports {
  config: Config;
  db: Database;
  clock: Clock;
  /** Outbound HTTP: OpenAI-compatible endpoints, callbacks, GitHub, Slack. */
  fetch: typeof fetch;
  /** Workers AI, where the binding exists (production). */
  ai: AiBinding | null;
  artifacts: ModelArtifacts;
  /** The cache of remote answers (KV `ANSWER_CACHE`; off when the binding is missing). */
  answers: AnswerStore | null;
  /** Learning jobs: training and shadow checks. */
  jobs: Outbox;
  /** Webhook deliveries and their outputs. */
  deliveries: Outbox;
  /** Decision rows D1 did not take during a request, written later by their consumer. */
  decisionLog: Outbox;
  /** The decision archive (R2 `DECISION_ARCHIVE`), written before old decisions are deleted; null without the binding. */
  archive: DecisionArchive | null;
  /** One Analytics Engine data point per decision (`DECISION_ANALYTICS`); null without the binding. */
  analytics: DecisionAnalytics | null;
  /** The daily budget ledger (a ProjectBudget Durable Object per project, `BUDGETS`); null without the binding. */
  budgets: Budgets | null;
}

/** The real ports, from the Worker's bindings; throws a ConfigError when the configuration is wrong. */
export function portsFromEnv(env: Env): Ports {
  return {
    config: readConfig(env),
    db: database(env.DB),
    clock: systemClock,
    // Looked up at call time, so a test double installed on globalThis is used.
    fetch: (input, init) => fetch(input, init),
    ai: (env.AI as unknown as AiBinding | undefined) ?? null,
    artifacts: kvModelArtifacts(env.MODELS),
    answers: env.ANSWER_CACHE ? kvAnswerStore(env.ANSWER_CACHE) : null,
    jobs: env.JOBS,
    deliveries: env.DELIVERIES,
    decisionLog: env.DECISION_QUEUE,
    archive: env.DECISION_ARCHIVE ?? null,
    analytics: env.DECISION_ANALYTICS ?? null,
    budgets: env.BUDGETS ? durableBudgets(env.BUDGETS) : null,
  };
}

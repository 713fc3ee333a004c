import { createApp } from "./app.ts";
import { ConfigError } from "./config.ts";
import { consumeDecisionLog } from "./decision-log/consumer.ts";
import { isDecisionLogQueue } from "./decision-log/messages.ts";
import { consumeDeliveries } from "./deliveries/consumer.ts";
import { isDeliveriesQueue } from "./deliveries/messages.ts";
import { consumeJobs } from "./learning/job-consumer.ts";
import { PURGE_DECISIONS_JOB, sendJobs } from "./learning/job-messages.ts";
import { retrainOnSchedule } from "./learning/scheduled-retrain.ts";
import { portsFromEnv, type Ports } from "./ports.ts";
import { purgeExpiredIdempotencyRecords } from "./storage/idempotency.ts";

const app = createApp();

/** The per-project budget ledger (the `BUDGETS` Durable Object binding) must be exported by the main module. */
export { ProjectBudget } from "./budget/project-budget.ts";

/** A misconfigured Worker keeps its messages: they are retried later, after the deployment is fixed. */
const CONFIG_RETRY_SECONDS = 300;

/** The ports for a queue batch or a cron run, validating the configuration first; null (and logged) when it is wrong. */
function portsOrNull(env: Env): Ports | null {
  try {
    return portsFromEnv(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return null;
  }
}

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    const ports = portsOrNull(env);
    if (!ports) return batch.retryAll({ delaySeconds: CONFIG_RETRY_SECONDS });
    if (isDecisionLogQueue(batch.queue)) await consumeDecisionLog(batch, ports);
    else if (isDeliveriesQueue(batch.queue)) await consumeDeliveries(batch, ports);
    else await consumeJobs(batch, ports);
  },
  async scheduled(_controller, env) {
    const ports = portsOrNull(env);
    if (!ports) return;
    const due = await retrainOnSchedule(ports);
    if (due.length > 0) console.log(`scheduled retrain: ${due.length} task(s) with new labels`);
    const purged = await purgeExpiredIdempotencyRecords(ports.db, ports.clock.now());
    if (purged > 0) console.log(`idempotency: ${purged} expired key(s) removed`);
    // Decision retention runs as a job, in bounded chunks (src/decision-log/retention.ts).
    if (ports.config.DECISION_RETENTION_DAYS > 0) await sendJobs(ports.jobs, [PURGE_DECISIONS_JOB]);
  },
} satisfies ExportedHandler<Env, unknown>;

import { eq } from "drizzle-orm";
import { tasks } from "../../schema/index.ts";
import { withRetries } from "../cascade/retry.ts";
import { assessDrift } from "../learn/drift.ts";
import { maskPersonalData } from "../privacy/mask.ts";
import type { PipelineDeps } from "../pipeline/deps.ts";
import { largeClassifierTier } from "../pipeline/classification-tiers.ts";
import { requestTraining, retrainIfDue } from "../pipeline/retrain.ts";
import { settingsOf } from "../pipeline/task-settings.ts";
import { runBatch } from "../storage/batch.ts";
import { exampleInserts } from "../storage/examples.ts";
import { learningEventInsert } from "../storage/learning-events.ts";
import { findModelVersion } from "../storage/model-versions.ts";
import { findShadowCheck, recentShadowChecks, shadowCheckInsert } from "../storage/shadow-checks.ts";
import { findTask, type TaskRow } from "../storage/tasks.ts";
import type { ShadowJob } from "./messages.ts";

/** How many of the newest checks measure live agreement. */
const AGREEMENT_WINDOW = 200;

/**
 * Asks the large model about an edge answer, records whether they agree (and the label, if
 * the task keeps text), then looks for drift: when agreement has fallen below the target, the
 * threshold rises and a retrain is queued. Throws on a retryable failure so the queue retries.
 */
export async function runShadowCheck(deps: PipelineDeps, job: ShadowJob): Promise<void> {
  const task = await findTask(deps.db, job.task_id);
  if (!task || (await findShadowCheck(deps.db, job.decision_id))) return;
  const tier = largeClassifierTier(deps, task, job.text);
  if (!tier || tier.unavailable) return;

  const result = await withRetries((signal) => tier.run(signal), tier.retry, deps.clock);
  if (!result.answer) throw result.error!;
  const largeLabel = result.answer.output;
  const now = deps.clock.now();
  const settings = settingsOf(task);
  await runBatch(deps.db, [
    shadowCheckInsert(deps.db, {
      taskId: task.id,
      decisionId: job.decision_id,
      createdAt: now,
      edgeLabel: job.edge_label,
      edgeConfidence: job.edge_confidence,
      largeLabel,
      agree: largeLabel === job.edge_label,
      costUsd: tier.costUsd(result.usage),
    }),
    ...(settings.keepText
      ? exampleInserts(deps.db, task.id, [{ text: maskPersonalData(job.text), label: largeLabel, decisionId: job.decision_id }], "large_model", now)
      : []),
  ]);
  await reactToDrift(deps, task);
  if (settings.keepText) await retrainIfDue(deps, task);
}

async function reactToDrift(deps: PipelineDeps, task: TaskRow): Promise<void> {
  if (task.targetAccuracy === null || task.threshold !== null || !task.activeModelId) return;
  const active = await findModelVersion(deps.db, task.activeModelId);
  // Only checks of the active model's answers say anything about it.
  const checks = await recentShadowChecks(deps.db, task.id, active?.finishedAt ?? 0, AGREEMENT_WINDOW);
  const current = Math.max(active?.threshold ?? deps.config.DEFAULT_THRESHOLD, task.driftThreshold ?? 0);
  const drift = assessDrift(
    checks.map((c) => ({ edgeConfidence: c.edgeConfidence, agree: c.agree })),
    task.targetAccuracy,
    settingsOf(task).driftMargin,
    current,
  );
  if (!drift.drifted || drift.threshold === null || drift.threshold <= current) return;
  const now = deps.clock.now();
  const details = { agreement: drift.agreement, target: task.targetAccuracy, checks: checks.length, from: current, to: drift.threshold };
  await runBatch(deps.db, [
    deps.db.update(tasks).set({ driftThreshold: drift.threshold, updatedAt: now }).where(eq(tasks.id, task.id)),
    learningEventInsert(deps.db, task.id, "drift_detected", details, now),
    learningEventInsert(deps.db, task.id, "threshold_raised", details, now),
  ]);
  await requestTraining(deps, task, "drift", { agreement: drift.agreement });
}

import { budgetGuard } from "../budget/guard.ts";
import { withRetries } from "../cascade/retry.ts";
import { assessDrift } from "../learn/drift.ts";
import type { Ports } from "../ports.ts";
import { textToKeep } from "../privacy/kept-text.ts";
import { unseal } from "../privacy/secret-box.ts";
import { runBatch } from "../storage/batch.ts";
import { exampleInserts } from "../storage/examples.ts";
import { learningEventInsert } from "../storage/learning-events.ts";
import { findModelVersion } from "../storage/model-versions.ts";
import { findShadowCheck, recentShadowChecks, shadowCheckInsert } from "../storage/shadow-checks.ts";
import { findTaskById, taskUpdate, type TaskRow } from "../storage/tasks.ts";
import { largeTier } from "../tiers/build.ts";
import { tierThreshold } from "../tiers/threshold.ts";
import type { ShadowJob } from "./job-messages.ts";
import { requestRetrain } from "./retrains.ts";
import { settingsOf } from "./task-settings.ts";

/** How many of the newest checks measure live agreement. */
const AGREEMENT_WINDOW = 200;

/**
 * Asks the large model about an edge answer, records whether they agree (and the label, if
 * the task keeps text), then looks for drift: when agreement has fallen below the target, the
 * threshold rises and a retrain is queued. Throws on a retryable failure so the queue retries.
 */
export async function runShadowCheck(ports: Ports, job: ShadowJob): Promise<void> {
  const task = await findTaskById(ports.db, job.task_id);
  if (!task || (await findShadowCheck(ports.db, job.decision_id))) return;
  const text = await unseal<string>(ports.config.sealingKeys, job.decision_id, job.text_sealed);
  // A background check spends the same daily budget as the requests: it reserves like any remote call.
  const budget = await budgetGuard(ports, { projectId: task.projectId, taskId: task.id, taskCapUsd: settingsOf(task).dailyBudgetUsd });
  const tier = largeTier(ports, "classify", task, { text }, budget);
  if (!tier || tier.unavailable) return;

  const result = await withRetries((signal) => tier.run(signal), tier.retry, ports.clock);
  if (!result.answer && result.error?.code === "budget_exhausted") {
    // Not worth a retry before midnight, nor a check bought past the budget: the check is skipped.
    console.log(`shadow check of ${job.decision_id} skipped: ${result.error.message}`);
    return;
  }
  if (!result.answer) throw result.error!;
  const largeLabel = result.answer.output;
  const now = ports.clock.now();
  const settings = settingsOf(task);
  await runBatch(ports.db, [
    shadowCheckInsert(ports.db, {
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
      ? exampleInserts(ports.db, task.id, [{ text: textToKeep(text), label: largeLabel, decisionId: job.decision_id }], "large_model", now)
      : []),
  ]);
  await reactToDrift(ports, task);
  if (settings.keepText) await requestRetrain(ports, task, "labels");
}

async function reactToDrift(ports: Ports, task: TaskRow): Promise<void> {
  if (task.targetAccuracy === null || task.threshold !== null || !task.activeModelId) return;
  const active = await findModelVersion(ports.db, task.activeModelId);
  // Only checks of the active model's answers say anything about it.
  const checks = await recentShadowChecks(ports.db, task.id, active?.finishedAt ?? 0, AGREEMENT_WINDOW);
  const current = tierThreshold({ spec: { provider: "edge" }, kind: "classify", task, versionThreshold: active?.threshold ?? null, config: ports.config });
  const drift = assessDrift(
    checks.map((c) => ({ edgeConfidence: c.edgeConfidence, agree: c.agree })),
    task.targetAccuracy,
    settingsOf(task).driftMargin,
    current,
  );
  if (!drift.drifted || drift.threshold === null || drift.threshold <= current) return;
  const now = ports.clock.now();
  const details = { agreement: drift.agreement, target: task.targetAccuracy, checks: checks.length, from: current, to: drift.threshold };
  await runBatch(ports.db, [
    taskUpdate(ports.db, task.id, { driftThreshold: drift.threshold }, now),
    learningEventInsert(ports.db, task.id, "drift_detected", details, now),
    learningEventInsert(ports.db, task.id, "threshold_raised", details, now),
  ]);
  await requestRetrain(ports, task, "drift", { agreement: drift.agreement });
}

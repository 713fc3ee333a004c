import type { Ports } from "../ports.ts";
import { matchKeyedHash } from "../privacy/digest.ts";
import { textToKeep } from "../privacy/kept-text.ts";
import type { DecisionRow } from "../storage/decisions.ts";
import { keptText, upsertFeedback } from "../storage/examples.ts";
import { findTask } from "../storage/tasks.ts";
import { requestRetrain } from "./retrains.ts";
import { settingsOf } from "./task-settings.ts";

export type FeedbackOutcome =
  | { ok: true; label: string; answered: string | null; retrainQueued: string | null }
  | { ok: false; code: "invalid_request" | "unknown_label" | "conflict" | "unprocessable"; message: string; details?: unknown };

/**
 * The feedback rule: a person's label for a classification decision becomes a training label
 * that outranks the large model's, for tasks that keep text. The text is the kept one, or one
 * sent along that must be the decision's (checked against its keyed hash).
 */
export async function recordFeedback(ports: Ports, decision: DecisionRow, label: string, text: string | undefined): Promise<FeedbackOutcome> {
  const task = decision.kind === "classify" && decision.taskId ? await findTask(ports.db, decision.projectId, decision.taskId) : undefined;
  if (!task) return { ok: false, code: "invalid_request", message: "Feedback applies to classification decisions of an existing task" };
  if (!task.labels.some((known) => known.name === label)) {
    return { ok: false, code: "unknown_label", message: `${JSON.stringify(label)} is not one of the task's labels`, details: { labels: task.labels.map((l) => l.name) } };
  }
  if (!settingsOf(task).keepText) {
    return { ok: false, code: "conflict", message: `Task ${task.name} does not keep texts for training; enable settings.keep_text first` };
  }
  const labelled = text ?? (await keptText(ports.db, decision.id));
  if (labelled === null) return { ok: false, code: "unprocessable", message: "The text of this decision was not kept; send it as `text`" };
  // Under the key the decision's hash names, so feedback on decisions from before a rotation still matches.
  const matched = text === undefined ? "match" : await matchKeyedHash(ports.config.hashKeys, text, decision.inputHash);
  if (matched === "mismatch") return { ok: false, code: "unprocessable", message: "`text` is not the text this decision was made on" };
  if (matched === "unknown_key") {
    return { ok: false, code: "unprocessable", message: "The decision's input hash was made under a key HASH_KEYS no longer lists: `text` cannot be checked" };
  }
  // A kept text is already masked; masking again changes nothing.
  await upsertFeedback(ports.db, task.id, decision.id, textToKeep(labelled), label, ports.clock.now());
  const retrain = await requestRetrain(ports, task, "labels");
  return { ok: true, label, answered: decision.output, retrainQueued: retrain?.version.id ?? null };
}

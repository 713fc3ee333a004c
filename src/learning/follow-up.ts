import type { Decision } from "../cascade/types.ts";
import type { Ports } from "../ports.ts";
import { seal } from "../privacy/secret-box.ts";
import type { TaskRow } from "../storage/tasks.ts";
import { sendJobs } from "./job-messages.ts";
import { shadowSample } from "./label-capture.ts";
import { requestRetrain } from "./retrains.ts";
import { settingsOf } from "./task-settings.ts";

export interface RecordedAnswers {
  texts: readonly string[];
  decisions: readonly Decision<string>[];
  decisionIds: readonly string[];
  /** Labels the large model gave that were stored with the decisions. */
  newLabels: number;
}

/**
 * What the learning loop does once a request's decisions are recorded: a retrain when enough
 * labels are new, and shadow checks of a sample of edge answers. Queued, never run in the
 * request; a failure here does not fail the request, whose decisions are already recorded.
 */
export async function learnFromAnswers(ports: Ports, task: TaskRow, answers: RecordedAnswers): Promise<void> {
  try {
    if (answers.newLabels > 0) await requestRetrain(ports, task, "labels");
    const sampled = shadowSample(answers.decisions, settingsOf(task).shadowRate);
    const jobs = await Promise.all(
      sampled.map(async (i) => ({
        type: "shadow" as const,
        task_id: task.id,
        decision_id: answers.decisionIds[i],
        text_sealed: await seal(ports.config.sealingKeys, answers.decisionIds[i], answers.texts[i]),
        edge_label: answers.decisions[i].output!,
        edge_confidence: answers.decisions[i].confidence!,
      })),
    );
    await sendJobs(ports.jobs, jobs);
  } catch (error) {
    console.error(`learning follow-up for task ${task.id} failed`, error);
  }
}

import { runCascade } from "../cascade/run.ts";
import type { Decision } from "../cascade/types.ts";
import type { TierSpec } from "../models/tier-spec.ts";
import { recordDecisions } from "../storage/decisions.ts";
import type { TaskRow } from "../storage/tasks.ts";
import { mapWithConcurrency } from "./concurrency.ts";
import { decisionRow } from "./decision-record.ts";
import type { PipelineDeps } from "./deps.ts";
import { summarizeExtractive } from "../summarize/extract.ts";
import { wordCount } from "../models/summarization-prompt.ts";
import { summarizationTiers } from "./summarization-tiers.ts";
import { settingsOf } from "./task-settings.ts";

const REMOTE_CONCURRENCY = 4;

export interface SummarizeRequest {
  /** A summarization task with its tiers and threshold, or null for the environment's defaults. */
  task: TaskRow | null;
  texts: readonly string[];
  length?: { maxWords?: number; ratio?: number };
  requestId: string;
  source: "api" | "webhook";
  deliveryId?: string | null;
}

export interface SummarizedText {
  decisionId: string;
  decision: Decision<string>;
  /** Words in the returned summary. */
  words: number;
  /** Why the edge summary's confidence is what it is (text kind, language, ...). */
  signals: Record<string, unknown>;
}

/**
 * Summarizes each text through the cascade and records one decision per text before
 * returning. The log keeps the summary's length and keyed hash; its text only when the task
 * opts in (`settings.keep_text`).
 */
export async function summarizeTexts(deps: PipelineDeps, request: SummarizeRequest): Promise<SummarizedText[]> {
  const task = request.task;
  const tierSpecs = (task?.tiers as TierSpec[] | null) ?? null;
  const edgeThreshold = task?.threshold ?? deps.config.SUMMARY_THRESHOLD;
  const results = await mapWithConcurrency(request.texts, REMOTE_CONCURRENCY, async (text) => {
    const edge = summarizeExtractive(text, request.length);
    const maxWords = Number(edge.signals.budget) || edge.words;
    const decision = await runCascade(summarizationTiers(deps, { tierSpecs, edgeThreshold, maxWords }, text, edge), deps.clock);
    return { decision, signals: edge.signals };
  });
  const context = {
    requestId: request.requestId,
    taskId: task?.id ?? null,
    kind: "summarize" as const,
    source: request.source,
    deliveryId: request.deliveryId,
    hashKey: deps.config.DECISION_HASH_KEY,
    now: deps.clock.now(),
  };
  const keepText = task ? settingsOf(task).keepText : false;
  const rows = await Promise.all(request.texts.map((text, i) => decisionRow(context, text, results[i].decision, keepText)));
  await recordDecisions(deps.db, rows);
  return rows.map((row, i) => ({
    decisionId: row.id,
    decision: results[i].decision,
    words: wordCount(results[i].decision.output ?? ""),
    signals: results[i].signals,
  }));
}

import { budgetGuard } from "../budget/guard.ts";
import { runCascade } from "../cascade/run.ts";
import type { Decision } from "../cascade/types.ts";
import { settingsOf } from "../learning/task-settings.ts";
import type { Ports } from "../ports.ts";
import { logDecisions } from "../decision-log/record.ts";
import type { DecisionRow } from "../storage/decisions.ts";
import type { TaskRow } from "../storage/tasks.ts";
import type { ExtractiveSummary } from "../summarize/extract.ts";
import { summaryWordBudget, type SummaryLength } from "../summarize/length.ts";
import { textProfile, type TextProfile } from "../summarize/text-kind.ts";
import { countWords } from "../text/words.ts";
import { taskCascade } from "../tiers/build.ts";
import { mapWithConcurrency } from "./concurrency.ts";
import { decisionRow, type RequestOrigin } from "./decision-record.ts";

const REMOTE_CONCURRENCY = 4;

export interface SummarizeRequest {
  /** A summarization task with its tiers and threshold, or null for the environment's defaults. */
  task: TaskRow | null;
  texts: readonly string[];
  length?: SummaryLength;
  requestId: string;
  /** Who asked: the decisions belong to this project and record this key (null for webhooks). */
  origin: RequestOrigin;
  source: DecisionRow["source"];
  deliveryId?: string | null;
}

export interface SummarizedText {
  decision: Decision<string>;
  row: DecisionRow;
  /** Words in the returned summary. */
  words: number;
  /** What the edge summarizer took the text for. */
  profile: TextProfile;
}

/**
 * Summarizes each text through the cascade and records one decision per text before
 * returning. The log keeps the summary's length and keyed hash; its text only when the task
 * opts in (`settings.keep_text`).
 */
export async function summarizeTexts(ports: Ports, request: SummarizeRequest): Promise<SummarizedText[]> {
  const task = request.task;
  const budget = await budgetGuard(ports, { projectId: request.origin.projectId, taskId: task?.id ?? null, taskCapUsd: task ? settingsOf(task).dailyBudgetUsd : null });
  const cascade = await taskCascade(ports, "summarize", task, budget);
  const results = await mapWithConcurrency(request.texts, REMOTE_CONCURRENCY, async (text) => {
    const maxWords = summaryWordBudget(text, request.length);
    const decision = await runCascade(cascade.tiers({ text, maxWords }), ports.clock);
    const edge = decision.tiers.find((attempt) => attempt.provider === "edge")?.raw as ExtractiveSummary | undefined;
    const profile: TextProfile = edge ? { kind: String(edge.signals.kind), language: String(edge.signals.language) } : textProfile(text);
    return { decision, profile, maxWords };
  });
  const context = {
    requestId: request.requestId,
    projectId: request.origin.projectId,
    keyId: request.origin.keyId,
    metadata: request.origin.metadata,
    taskId: task?.id ?? null,
    kind: "summarize" as const,
    source: request.source,
    deliveryId: request.deliveryId,
    hashKeys: ports.config.hashKeys,
    inputHash: cascade.inputHash,
    now: ports.clock.now(),
  };
  const keepText = task ? settingsOf(task).keepText : false;
  const rows = await Promise.all(request.texts.map((text, i) => decisionRow(context, text, results[i].decision, keepText, cascade.largeOnly({ text, maxWords: results[i].maxWords }, results[i].decision))));
  await logDecisions(ports, rows);
  await cascade.remember(request.texts.map((text, i) => ({ text, maxWords: results[i].maxWords, decision: results[i].decision, decisionId: rows[i].id })));
  return rows.map((row, i) => ({
    row,
    decision: results[i].decision,
    words: countWords(results[i].decision.output ?? ""),
    profile: results[i].profile,
  }));
}

import { randomUUID } from "node:crypto";
import type { Decision } from "../../clients/api-json.ts";
import { type Command, numberValue, requiredString, stringValue } from "../command.ts";
import { usageError } from "../errors.ts";
import { checkLabels, readLabelledFile } from "../labelled-file.ts";
import { pairs, percent, savings, usd } from "../output.ts";
import { createProgress } from "../progress.ts";
import { costSummary, type CostSummary } from "./costs.ts";
import { requireTask } from "./task-ref.ts";

/** POST /v1/classify takes up to 100 texts a request (MAX_BATCH_TEXTS). */
const MAX_BATCH = 100;

type Answer = Decision & { label: string | null };

export const evaluate: Command = {
  name: "eval",
  summary: "Classify a labelled file through the API and report accuracy, edge share, cost and savings",
  args: "FILE --task TASK [--batch-size N] [--format jsonl|csv]",
  options: {
    task: { type: "string", value: "TASK", description: "Task name or id" },
    format: { type: "string", value: "FORMAT", description: "jsonl or csv (default: from the file name)" },
    "batch-size": { type: "string", value: "N", description: `Texts a request (default and most ${MAX_BATCH})` },
  },
  positionals: [1, 1],
  examples: ["edge-cascade eval held-out.jsonl --task tickets"],
  async run({ out, api, values, positionals }) {
    const client = api();
    const task = await requireTask(client, requiredString(values, "task", "eval"), "classify");
    const file = readLabelledFile(positionals[0], stringValue(values, "format"));
    const rows = checkLabels(file.rows, task.labels.map((label) => label.name));
    const examples = rows.flatMap((row) => ("example" in row ? [row.example] : []));
    if (examples.length === 0) throw usageError(`${positionals[0]} has no row to evaluate (${rows.length} rejected)`);
    const batchSize = numberValue(values, "batch-size", MAX_BATCH, { min: 1, max: MAX_BATCH, integer: true });
    const progress = createProgress("classifying", examples.length, out.interactive);
    const answers: Answer[] = [];
    for (let start = 0; start < examples.length; start += batchSize) {
      const batch = examples.slice(start, start + batchSize);
      // One key a batch: a retried batch is answered from the first run, not classified (and paid for) twice.
      const answer = await client.request<{ results: Answer[] }>("POST", "/v1/classify", {
        body: { task: task.id, texts: batch.map((example) => example.text), metadata: { source: "edge-cascade-eval" } },
        idempotencyKey: randomUUID(),
      });
      answers.push(...answer.results);
      progress.advance(batch.length);
    }
    progress.done();
    const correct = answers.filter((answer, index) => answer.label === examples[index].label).length;
    const byTier = countBy(answers, (answer) => answer.tier ?? "none");
    const byStatus = countBy(answers, (answer) => answer.status);
    const edge = byTier.edge ?? 0;
    const edgeCorrect = answers.filter((answer, index) => answer.tier === "edge" && answer.label === examples[index].label).length;
    const costs = costSummary(answers);
    const rejected = rows.flatMap((row) => ("error" in row ? [{ line: row.line, reason: row.error }] : []));
    const result = {
      task: { id: task.id, name: task.name },
      file: positionals[0],
      evaluated: answers.length,
      rejected,
      accuracy: correct / answers.length,
      correct,
      edge_share: edge / answers.length,
      edge_accuracy: edge > 0 ? edgeCorrect / edge : null,
      tiers: byTier,
      statuses: byStatus,
      ...costs,
    };
    out.result(result, () => describeEval(task.name, result, rejected));
  },
};

function describeEval(
  taskName: string,
  result: { evaluated: number; correct: number; accuracy: number; edge_share: number; edge_accuracy: number | null; tiers: Record<string, number>; statuses: Record<string, number> } & CostSummary,
  rejected: { line: number; reason: string }[],
): string {
  const lines = [
    pairs([
      ["task", taskName],
      ["evaluated", `${result.evaluated} texts${rejected.length ? ` (${rejected.length} rows rejected)` : ""}`],
      ["accuracy", `${percent(result.accuracy)} (${result.correct}/${result.evaluated})`],
      ["edge share", percent(result.edge_share)],
      ["edge accuracy", percent(result.edge_accuracy)],
      ["tiers", Object.entries(result.tiers).map(([tier, n]) => `${tier} ${n}`).join(", ")],
      ["statuses", Object.entries(result.statuses).map(([status, n]) => `${status} ${n}`).join(", ")],
      ["cost", usd(result.cost_usd)],
      ["large-only cost", usd(result.large_only_cost_usd)],
      ["savings", savings(result.savings_usd, result.savings_pct)],
    ]),
  ];
  if (rejected.length > 0) lines.push(`Rejected ${rejected.length} row(s):`, ...rejected.map((row) => `  line ${row.line}: ${row.reason}`));
  return lines.join("\n");
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

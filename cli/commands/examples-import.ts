import { randomBytes } from "node:crypto";
import type { ApiClient } from "../api-client.ts";
import type { Task } from "../../clients/api-json.ts";
import { type Command, numberValue, requiredString, stringValue } from "../command.ts";
import { CliError, usageError } from "../errors.ts";
import { checkLabels, type Example, readLabelledFile, type Row } from "../labelled-file.ts";
import { chunkIdempotencyKey, type ChunkOutcome, type ImportState, importStatePath, type RejectedRow, readImportState, sha256, writeImportState } from "../import-state.ts";
import { createProgress } from "../progress.ts";
import { requireTask } from "./task-ref.ts";

/** POST /v1/tasks/{id}/examples takes up to 20,000 examples and 1 MiB a request. */
const MAX_CHUNK_ROWS = 20_000;
const MAX_CHUNK_BYTES = 900_000;

type Chunk = { line: number; example: Example }[];

export const examplesImport: Command = {
  name: "examples import",
  summary: "Import labelled examples (JSON Lines or CSV) into a task, in resumable chunks",
  args: "FILE --task TASK [--chunk-size N] [--format jsonl|csv] [--restart]",
  options: {
    task: { type: "string", value: "TASK", description: "Task name or id" },
    format: { type: "string", value: "FORMAT", description: "jsonl or csv (default: from the file name)" },
    "chunk-size": { type: "string", value: "N", description: `Examples a request (default 1000, at most ${MAX_CHUNK_ROWS}; fewer when 900 KB is reached)` },
    restart: { type: "boolean", description: "Forget an earlier import of this file into this task and send every chunk again" },
  },
  positionals: [1, 1],
  examples: ["edge-cascade examples import tickets.jsonl --task tickets", "edge-cascade examples import tickets.csv --task tickets --json"],
  async run({ out, api, values, positionals }) {
    const client = api();
    const task = await requireTask(client, requiredString(values, "task", "examples import"), "classify");
    const file = readLabelledFile(positionals[0], stringValue(values, "format"));
    const rows = checkLabels(file.rows, task.labels.map((label) => label.name));
    const statePath = importStatePath(file.digest, task.id);
    const earlier = readImportState(statePath);
    const askedRows = numberValue(values, "chunk-size", 1000, { min: 1, max: MAX_CHUNK_ROWS, integer: true });
    if (earlier && !values.restart && earlier.completed_at === null && values["chunk-size"] !== undefined && askedRows !== earlier.chunk_rows) {
      throw usageError(
        `the interrupted import of this file was split into chunks of ${earlier.chunk_rows} rows, and a resume keeps them; run it again without --chunk-size (or with --chunk-size ${earlier.chunk_rows}), or pass --restart to send every chunk again in chunks of ${askedRows}`,
      );
    }
    const chunkRows = earlier && !values.restart ? earlier.chunk_rows : askedRows;
    const chunks = planChunks(rows, chunkRows);
    const plan = sha256(JSON.stringify(chunks.map((chunk) => chunk.map((row) => row.line))));
    if (earlier && !values.restart && earlier.plan !== plan) {
      throw usageError(
        `the rows to import differ from the interrupted import of this file (did the task's labels change?); pass --restart to send every chunk again (${Object.keys(earlier.done).length} chunk(s) were already stored)`,
      );
    }
    const resumed = earlier !== null && !values.restart;
    const state: ImportState = resumed
      ? earlier
      : {
          version: 1,
          file: positionals[0],
          digest: file.digest,
          task_id: task.id,
          generation: (earlier?.generation ?? -1) + 1,
          // Without the state file a restart's generation would be 0 again, and the API would replay
          // the first run's chunks (Idempotency-Keys live 24 h) instead of storing them.
          ...(values.restart === true ? { nonce: randomBytes(8).toString("hex") } : {}),
          chunk_rows: chunkRows,
          plan,
          chunks: chunks.length,
          done: {},
          started_at: new Date().toISOString(),
          completed_at: null,
        };
    if (resumed && state.completed_at === null) out.note(`Resuming an interrupted import: ${Object.keys(state.done).length} of ${chunks.length} chunk(s) already stored.`);
    const skipped = Object.keys(state.done).length;
    const progress = createProgress("importing", chunks.reduce((sum, chunk) => sum + chunk.length, 0), out.interactive);
    let retrainQueued: string | null = null;
    let lastTotal: number | null = null;
    for (const [index, chunk] of chunks.entries()) {
      if (!state.done[index]) {
        let outcome: ChunkOutcome & { retrain_queued: string | null };
        try {
          outcome = await sendChunk(client, task, state, index, chunk);
        } catch (error) {
          writeImportState(statePath, state);
          progress.done();
          if (!(error instanceof CliError)) throw error;
          const stored = Object.keys(state.done).length;
          throw new CliError(error.code, `chunk ${index + 1} of ${chunks.length} failed: ${error.message}. ${stored} chunk(s) are stored; run the same command again to resume`, error.exitCode, {
            ...error.extra,
            details: { cause: error.extra.details, chunks: chunks.length, chunks_stored: stored, state_file: statePath },
          });
        }
        state.done[index] = { added: outcome.added, total: outcome.total, rejected: outcome.rejected };
        retrainQueued = outcome.retrain_queued ?? retrainQueued;
        lastTotal = outcome.total ?? lastTotal;
        writeImportState(statePath, state);
      }
      progress.advance(chunk.length);
    }
    progress.done();
    state.completed_at ??= new Date().toISOString();
    writeImportState(statePath, state);
    const rejected: RejectedRow[] = [
      ...rows.flatMap((row) => ("error" in row ? [{ line: row.line, reason: row.error, by: "cli" as const }] : [])),
      ...Object.values(state.done).flatMap((outcome) => outcome.rejected),
    ].sort((a, b) => a.line - b.line);
    const imported = Object.values(state.done).reduce((sum, outcome) => sum + outcome.added, 0);
    const result = {
      task: { id: task.id, name: task.name },
      file: positionals[0],
      format: file.format,
      rows: rows.length,
      imported,
      rejected,
      chunks: { total: chunks.length, sent: chunks.length - skipped, already_stored: skipped },
      task_examples: lastTotal,
      retrain_queued: retrainQueued,
      resumed,
      state_file: statePath,
    };
    out.result(result, () => {
      const lines = [
        skipped === chunks.length && resumed
          ? `Already imported: all ${chunks.length} chunk(s) of this file are stored in ${task.name} (${imported} examples); --restart imports it again.`
          : `Imported ${imported} of ${rows.length} rows into ${task.name} in ${chunks.length} chunk(s)${skipped ? ` (${skipped} stored by an earlier run)` : ""}.${lastTotal === null ? "" : ` The task has ${lastTotal} examples.`}`,
      ];
      if (retrainQueued) lines.push(`A retrain was queued (${retrainQueued}).`);
      if (rejected.length > 0) {
        lines.push(`Rejected ${rejected.length} row(s):`, ...rejected.map((row) => `  line ${row.line}: ${row.reason}${row.by === "api" ? " (API)" : ""}`));
      }
      return lines.join("\n");
    });
  },
};

/** Consecutive good rows, at most `rows` and MAX_CHUNK_BYTES of JSON a chunk. */
function planChunks(rows: Row[], maxRows: number): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk = [];
  let bytes = 2;
  for (const row of rows) {
    if (!("example" in row)) continue;
    const size = Buffer.byteLength(JSON.stringify(row.example)) + 1;
    if (current.length > 0 && (current.length >= maxRows || bytes + size > MAX_CHUNK_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 2;
    }
    current.push({ line: row.line, example: row.example });
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Sends one chunk under its Idempotency-Key. When the API refuses rows of it (nothing is then
 * stored), those rows are set aside and the rest sent again under a key of its own.
 */
async function sendChunk(client: ApiClient, task: Task, state: ImportState, index: number, chunk: Chunk): Promise<ChunkOutcome & { retrain_queued: string | null }> {
  const rejected: RejectedRow[] = [];
  let rows = chunk;
  for (let round = 0; round < 3; round++) {
    if (rows.length === 0) return { added: 0, total: null, rejected, retrain_queued: null };
    const excluded = rejected.map((row) => row.line);
    try {
      const answer = await client.request<{ added: number; total: number; retrain_queued: string | null }>("POST", `/v1/tasks/${task.id}/examples`, {
        body: rows.map((row) => row.example),
        idempotencyKey: chunkIdempotencyKey(state, index, excluded),
      });
      return { added: answer.added, total: answer.total, rejected, retrain_queued: answer.retrain_queued };
    } catch (error) {
      const refused = error instanceof CliError ? refusedRows(error, rows) : [];
      if (refused.length === 0) throw error;
      rejected.push(...refused);
      const refusedLines = new Set(refused.map((row) => row.line));
      rows = rows.filter((row) => !refusedLines.has(row.line));
    }
  }
  throw new CliError("rejected", `the API kept refusing rows of chunk ${index + 1}`);
}

/** The rows an API error names (422 unknown_label's `bad_rows`, or validation `details` paths like `3.text`). */
function refusedRows(error: CliError, rows: Chunk): RejectedRow[] {
  const details = error.extra.details;
  const found = new Map<number, string>();
  if (error.code === "unknown_label" && details && typeof details === "object" && Array.isArray((details as { bad_rows?: unknown }).bad_rows)) {
    for (const bad of (details as { bad_rows: { row: number; label: string }[] }).bad_rows) found.set(bad.row, `label ${JSON.stringify(bad.label)} is not one of the task's labels`);
  } else if ((error.code === "invalid_request" || error.code === "payload_too_large") && Array.isArray(details)) {
    for (const issue of details as { path?: string; message?: string }[]) {
      const row = Number(String(issue.path ?? "").split(".")[0]);
      if (Number.isInteger(row) && !found.has(row)) found.set(row, `${issue.path}: ${issue.message}`);
    }
  }
  return [...found].filter(([row]) => rows[row] !== undefined).map(([row, reason]) => ({ line: rows[row].line, reason, by: "api" as const }));
}

/**
 * What an interrupted `examples import` has already stored, so that running it again sends only
 * the rest: one file per (file digest, task) under the config directory's `imports/`.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configDir, writePrivateFile } from "./config.ts";

export interface RejectedRow {
  line: number;
  reason: string;
  /** Refused here before sending, or by the API. */
  by: "cli" | "api";
}

export interface ChunkOutcome {
  added: number;
  /** The task's examples after this chunk; null when nothing was sent. */
  total: number | null;
  rejected: RejectedRow[];
}

export interface ImportState {
  version: 1;
  file: string;
  digest: string;
  task_id: string;
  /** Bumped by `--restart`, so its Idempotency-Keys are new. */
  generation: number;
  /** Random, set by `--restart`: its keys are new even when no state file of the earlier import is left. */
  nonce?: string;
  chunk_rows: number;
  /** SHA-256 of the chunks' line numbers: the same file can be split differently if the task's labels changed. */
  plan: string;
  chunks: number;
  done: Record<string, ChunkOutcome>;
  started_at: string;
  completed_at: string | null;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function importStatePath(digest: string, taskId: string): string {
  return join(configDir(), "imports", `${sha256(`${digest}:${taskId}`).slice(0, 32)}.json`);
}

export function readImportState(path: string): ImportState | null {
  try {
    const state = JSON.parse(readFileSync(path, "utf8")) as ImportState;
    return state.version === 1 ? state : null;
  } catch {
    return null;
  }
}

export function writeImportState(path: string, state: ImportState): void {
  writePrivateFile(path, `${JSON.stringify(state, null, 2)}\n`);
}

/** The key of one chunk: the same on every retry and resume of this import, never another's. */
export function chunkIdempotencyKey(state: ImportState, index: number, excludedLines: number[]): string {
  const generation = state.nonce ? `${state.generation}.${state.nonce}` : String(state.generation);
  const base = sha256(`${state.digest}:${state.task_id}:${generation}:${index}`).slice(0, 40);
  return excludedLines.length === 0 ? `ec-import-${base}` : `ec-import-${base}-${sha256(excludedLines.join(",")).slice(0, 16)}`;
}

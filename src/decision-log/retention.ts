/**
 * Decision retention (`DECISION_RETENTION_DAYS`, default 30; 0 keeps everything): the hourly
 * cron queues one `purge_decisions` job, and the job deletes decisions older than the
 * retention in chunks, oldest first, archiving each chunk to R2 first when `DECISION_ARCHIVE`
 * is bound. The rollups behind `GET /v1/stats` are never deleted, so stats outlive the rows.
 *
 * Bounded per invocation: a job runs at most PURGE_CHUNKS_PER_JOB chunks (one D1 statement each,
 * two with the archive), and when its last chunk was full it queues the next job, so a backlog of
 * millions of rows drains chunk by chunk without any invocation exceeding its D1 queries.
 */
import type { Ports } from "../ports.ts";
import { deleteDecisions, deleteExpiredDecisions, expiredDecisions } from "../storage/decisions.ts";
import { archiveDecisions } from "./archive.ts";

const DAY_MS = 86_400_000;
/** Rows a chunk deletes: one statement. With the archive, a chunk's rows are read first (about 1.5 KB each as JSON). */
export const PURGE_CHUNK_ROWS = 5_000;
export const ARCHIVE_CHUNK_ROWS = 1_000;
/** Chunks one job runs: at most 14 D1 statements, within a jobs batch's share (wrangler.toml). */
export const PURGE_CHUNKS_PER_JOB = 7;

export interface PurgeOutcome {
  deleted: number;
  archivedObjects: number;
  /** Whether older rows may remain (the job's chunks ran out before the rows did). */
  more: boolean;
}

/** One job's worth of retention; `more` says whether another job should follow. */
export async function purgeExpiredDecisions(ports: Pick<Ports, "config" | "db" | "clock" | "archive">): Promise<PurgeOutcome> {
  const days = ports.config.DECISION_RETENTION_DAYS;
  const outcome: PurgeOutcome = { deleted: 0, archivedObjects: 0, more: false };
  if (days === 0) return outcome;
  const before = ports.clock.now() - days * DAY_MS;
  for (let chunk = 0; chunk < PURGE_CHUNKS_PER_JOB; chunk++) {
    const { deleted, full, archivedObjects } = await purgeChunk(ports, before);
    outcome.deleted += deleted;
    outcome.archivedObjects += archivedObjects;
    if (!full) return outcome;
  }
  outcome.more = true;
  return outcome;
}

async function purgeChunk(ports: Pick<Ports, "db" | "archive">, before: number): Promise<{ deleted: number; full: boolean; archivedObjects: number }> {
  if (!ports.archive) {
    const deleted = await deleteExpiredDecisions(ports.db, before, PURGE_CHUNK_ROWS);
    return { deleted, full: deleted === PURGE_CHUNK_ROWS, archivedObjects: 0 };
  }
  const rows = await expiredDecisions(ports.db, before, ARCHIVE_CHUNK_ROWS);
  if (rows.length === 0) return { deleted: 0, full: false, archivedObjects: 0 };
  // Archived before deleted: a failure between the two re-archives the same rows to the same keys.
  const archivedObjects = await archiveDecisions(ports.archive, rows);
  const deleted = await deleteDecisions(ports.db, rows.map((row) => row.id));
  return { deleted, full: rows.length === ARCHIVE_CHUNK_ROWS, archivedObjects };
}

/**
 * Decision retention (`DECISION_RETENTION_DAYS`, default 30; 0 keeps everything): the hourly
 * cron queues one `purge_decisions` job, and the job deletes decisions older than the
 * retention in chunks, oldest first, archiving each chunk to R2 first when `DECISION_ARCHIVE`
 * is bound. The rollups behind `GET /v1/stats` are never deleted, so stats outlive the rows.
 *
 * Bounded per invocation: a job runs at most PURGE_CHUNKS_PER_JOB chunks (one D1 statement each,
 * two with the archive) and at most ARCHIVE_PUTS_PER_JOB R2 writes; when more remains it queues
 * the next job, so a backlog of millions of rows drains without any invocation exceeding its
 * limits. Single-flight: a job runs only while it holds the `purge_decisions` lease, so the
 * hourly cron never starts a second chain beside one still draining.
 */
import type { Ports } from "../ports.ts";
import { deleteDecisions, deleteExpiredDecisions, expiredDecisions, type DecisionRow } from "../storage/decisions.ts";
import { claimJobLease, releaseJobLease } from "../storage/job-leases.ts";
import { archiveDecisions, archiveGroupOf } from "./archive.ts";

const DAY_MS = 86_400_000;
/** Rows a chunk deletes: one statement. */
const PURGE_CHUNK_ROWS = 5_000;
/**
 * Rows an archived chunk reads, all held at once: a row of a task that keeps text can carry a
 * summary several times (output and each tier's), tens of KB, so 200 rows stay within a few MB.
 */
export const ARCHIVE_CHUNK_ROWS = 200;
/** Chunks one job runs: with the lease, at most 14 D1 statements, within a jobs batch's share (wrangler.toml). */
export const PURGE_CHUNKS_PER_JOB = 6;
/** R2 writes one job makes (one per project and day of a chunk), within a free-plan invocation's 50 subrequests. */
export const ARCHIVE_PUTS_PER_JOB = 40;
const LEASE_NAME = "purge_decisions";
/** A job that dies holding the lease frees it after this long. */
const LEASE_MS = 10 * 60_000;

export interface PurgeOutcome {
  deleted: number;
  archivedObjects: number;
  /** Whether older rows may remain (the job's chunks ran out before the rows did). */
  more: boolean;
}

type RetentionPorts = Pick<Ports, "config" | "db" | "clock" | "archive">;

/** One job's worth of retention; `more` says whether another job should follow. */
export async function purgeExpiredDecisions(ports: RetentionPorts): Promise<PurgeOutcome> {
  const outcome: PurgeOutcome = { deleted: 0, archivedObjects: 0, more: false };
  const days = ports.config.DECISION_RETENTION_DAYS;
  if (days === 0) return outcome;
  const now = ports.clock.now();
  // Another job holds the lease: it drains, this one does nothing.
  const leaseUntil = now + LEASE_MS;
  if (!(await claimJobLease(ports.db, LEASE_NAME, now, leaseUntil))) return outcome;
  try {
    const before = now - days * DAY_MS;
    let putsLeft = ARCHIVE_PUTS_PER_JOB;
    for (let chunk = 0; chunk < PURGE_CHUNKS_PER_JOB; chunk++) {
      const done = ports.archive ? await archivedChunk(ports, before, putsLeft) : await plainChunk(ports, before);
      outcome.deleted += done.deleted;
      outcome.archivedObjects += done.archivedObjects;
      putsLeft -= done.archivedObjects;
      if (!done.full) return outcome;
      if (putsLeft === 0) break;
    }
    outcome.more = true;
    return outcome;
  } finally {
    await releaseJobLease(ports.db, LEASE_NAME, leaseUntil);
  }
}

interface ChunkOutcome {
  deleted: number;
  archivedObjects: number;
  /** Whether rows may remain past this chunk. */
  full: boolean;
}

async function plainChunk(ports: RetentionPorts, before: number): Promise<ChunkOutcome> {
  const deleted = await deleteExpiredDecisions(ports.db, before, PURGE_CHUNK_ROWS);
  return { deleted, full: deleted === PURGE_CHUNK_ROWS, archivedObjects: 0 };
}

/** Archives then deletes the oldest rows, as many (project, day) groups as `putsLeft` allows. */
async function archivedChunk(ports: RetentionPorts, before: number, putsLeft: number): Promise<ChunkOutcome> {
  const read = await expiredDecisions(ports.db, before, ARCHIVE_CHUNK_ROWS);
  if (read.length === 0) return { deleted: 0, full: false, archivedObjects: 0 };
  const rows = withinGroups(read, putsLeft);
  // Archived before deleted: a failure between the two re-archives the same rows to the same keys.
  const archivedObjects = await archiveDecisions(ports.archive!, rows);
  const deleted = await deleteDecisions(ports.db, rows.map((row) => row.id));
  return { deleted, full: rows.length < read.length || read.length === ARCHIVE_CHUNK_ROWS, archivedObjects };
}

/** The leading rows (oldest first) that fall in at most `groups` archive objects. */
function withinGroups(rows: readonly DecisionRow[], groups: number): DecisionRow[] {
  const seen = new Set<string>();
  let end = 0;
  for (; end < rows.length; end++) {
    const group = archiveGroupOf(rows[end]);
    if (!seen.has(group) && seen.size === groups) break;
    seen.add(group);
  }
  return rows.slice(0, end);
}

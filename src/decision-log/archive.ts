/**
 * The decision archive (optional R2 bucket `DECISION_ARCHIVE`): rows the retention is about to
 * delete are written first as gzip JSON Lines, one object per project, UTC day and chunk:
 * `decisions/<project id>/<YYYY-MM-DD>/<first decision id>.jsonl.gz`, each line a decision as
 * `GET /v1/decisions/{id}` shows it. Keys are derived from the rows, so a chunk archived twice
 * (a retried job) overwrites the same object with the same content.
 */
import { decisionJson } from "./decision-json.ts";
import type { DecisionArchive } from "../ports.ts";
import { utcDay } from "../budget/day.ts";
import type { DecisionRow } from "../storage/decisions.ts";


export function archiveKey(projectId: string, day: string, firstId: string): string {
  return `decisions/${projectId}/${day}/${firstId}.jsonl.gz`;
}

/** The archive object a row goes to, but for the chunk's first id: its project and UTC day. */
export function archiveGroupOf(row: Pick<DecisionRow, "projectId" | "createdAt">): string {
  return `${row.projectId}/${utcDay(row.createdAt)}`;
}

async function gzip(text: string): Promise<ArrayBuffer> {
  return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
}

/** Writes the rows to the archive, grouped by project and day; resolves once R2 has every object. */
export async function archiveDecisions(archive: DecisionArchive, rows: readonly DecisionRow[]): Promise<number> {
  const groups = new Map<string, { projectId: string; day: string; rows: DecisionRow[] }>();
  for (const row of rows) {
    const key = archiveGroupOf(row);
    const group = groups.get(key) ?? { projectId: row.projectId, day: utcDay(row.createdAt), rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const lines = group.rows.map((row) => JSON.stringify(decisionJson(row))).join("\n") + "\n";
    await archive.put(archiveKey(group.projectId, group.day, group.rows[0].id), await gzip(lines), {
      // A gzip file, not a gzip-encoded body: clients that download it keep the bytes gunzip reads.
      httpMetadata: { contentType: "application/gzip" },
      customMetadata: { rows: String(group.rows.length), first_id: group.rows[0].id, last_id: group.rows[group.rows.length - 1].id },
    });
  }
  return groups.size;
}

import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "./database.ts";

/** D1 binds at most 100 parameters a statement. */
export const D1_MAX_PARAMETERS = 100;

/** Splits rows into chunks that fit one statement's parameter limit. */
export function chunkForParameters<T extends object>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(D1_MAX_PARAMETERS / columns));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

/** Runs statements as one D1 batch: a single transaction, all or nothing. */
export async function runBatch(db: Database, statements: BatchItem<"sqlite">[]): Promise<void> {
  if (statements.length === 0) return;
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
}

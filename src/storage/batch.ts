import { getTableColumns, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { utf8ByteLength } from "../text/encoding.ts";
import type { Database } from "./database.ts";

/** Runs statements as one D1 batch: a single transaction, all or nothing. */
export async function runBatch(db: Database, statements: BatchItem<"sqlite">[]): Promise<void> {
  if (statements.length === 0) return;
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
}

/**
 * The most JSON one insert carries. D1 binds at most 100 parameters a statement and a value of
 * at most 2 MB, and counts every statement against an invocation's queries (50 on the free
 * plan): rows go in as one JSON parameter, thousands a statement, instead of a few per 100
 * parameters.
 */
const MAX_ROWS_JSON_BYTES = 1_000_000;

/**
 * The statements that insert `rows` (every column given) into `table`, as
 * `INSERT … SELECT json_extract(value, '$[i]') … FROM json_each(?)`, as few as fit
 * MAX_ROWS_JSON_BYTES each. Values are mapped as Drizzle maps them (JSON columns to their
 * text, booleans to 0/1). `onConflict: "ignore"` keeps rows that already exist.
 */
export function jsonRowsInserts<Table extends SQLiteTable>(
  db: Database,
  table: Table,
  rows: readonly Table["$inferInsert"][],
  options: { onConflict?: "ignore" } = {},
): BatchItem<"sqlite">[] {
  // Drizzle inserts a SELECT into the table's columns in their declared order.
  const columns = Object.entries(getTableColumns(table));
  const values = sql.raw(columns.map((_, i) => `json_extract(value, '$[${i}]')`).join(", "));
  const encoded = rows.map((row) =>
    columns.map(([key, column]) => {
      const value = (row as Record<string, unknown>)[key];
      return value === undefined || value === null ? null : column.mapToDriverValue(value);
    }),
  );
  return chunkByJsonSize(encoded).map((chunk): BatchItem<"sqlite"> => {
    // `WHERE true` lets SQLite tell an upsert clause from a join in INSERT … SELECT.
    const insert = db.insert(table).select(sql`SELECT ${values} FROM json_each(${JSON.stringify(chunk)}) WHERE true`);
    return options.onConflict === "ignore" ? insert.onConflictDoNothing() : insert;
  });
}

function chunkByJsonSize(rows: unknown[][]): unknown[][][] {
  const chunks: unknown[][][] = [];
  let current: unknown[][] = [];
  let bytes = 2;
  for (const row of rows) {
    const size = utf8ByteLength(JSON.stringify(row)) + 1;
    if (current.length > 0 && bytes + size > MAX_ROWS_JSON_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 2;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

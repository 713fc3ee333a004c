import { getTableColumns, getTableName, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
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
  return chunkByJsonSize(encodedRows(columns, rows)).map((chunk): BatchItem<"sqlite"> => {
    // `WHERE true` lets SQLite tell an upsert clause from a join in INSERT … SELECT.
    const insert = db.insert(table).select(sql`SELECT ${values} FROM json_each(${JSON.stringify(chunk)}) WHERE true`);
    return options.onConflict === "ignore" ? insert.onConflictDoNothing() : insert;
  });
}

/**
 * The same inserts as `jsonRowsInserts`, as D1 statements for `runStatements`: the statement's
 * text is built by Drizzle once per table and isolate, not for every request. The hot path's
 * writes (a request's decisions) use these: building the insert of a 35-column table cost about
 * as much CPU as the rest of the request's own code.
 */
export function jsonRowsStatements<Table extends SQLiteTable>(
  db: Database,
  table: Table,
  rows: readonly Table["$inferInsert"][],
  options: { onConflict?: "ignore" } = {},
): D1PreparedStatement[] {
  const insert = cachedInsert(db, table, options.onConflict === "ignore");
  return chunkByJsonSize(encodedRows(insert.columns, rows)).map((chunk) => db.$client.prepare(insert.sql).bind(JSON.stringify(chunk)));
}

/** Runs D1 statements as one batch: a single transaction, all or nothing. */
export async function runStatements(db: Database, statements: D1PreparedStatement[]): Promise<void> {
  if (statements.length === 0) return;
  await db.$client.batch(statements);
}

type Columns = [string, SQLiteColumn][];

/** Rows as arrays of driver values, in the columns' order. */
function encodedRows(columns: Columns, rows: readonly object[]): unknown[][] {
  return rows.map((row) =>
    columns.map(([key, column]) => {
      const value = (row as Record<string, unknown>)[key];
      return value === undefined || value === null ? null : column.mapToDriverValue(value);
    }),
  );
}

const cachedInserts = new WeakMap<SQLiteTable, Map<boolean, { columns: Columns; sql: string }>>();

/** The text of a table's JSON-rows insert (one parameter, the rows' JSON), built by Drizzle exactly as `jsonRowsInserts` builds it. */
function cachedInsert(db: Database, table: SQLiteTable, ignoreConflicts: boolean): { columns: Columns; sql: string } {
  let byConflict = cachedInserts.get(table);
  if (!byConflict) cachedInserts.set(table, (byConflict = new Map()));
  let insert = byConflict.get(ignoreConflicts);
  if (!insert) {
    const [statement] = jsonRowsInserts(db, table, [{}], { onConflict: ignoreConflicts ? "ignore" : undefined }) as unknown as [{ toSQL(): { sql: string; params: unknown[] } }];
    const query = statement.toSQL();
    if (query.params.length !== 1) throw new Error(`The insert into ${getTableName(table)} binds ${query.params.length} parameters, not its rows alone`);
    insert = { columns: Object.entries(getTableColumns(table)), sql: query.sql };
    byConflict.set(ignoreConflicts, insert);
  }
  return insert;
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

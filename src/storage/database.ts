import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import * as schema from "../../schema/index.ts";

/** Drizzle over D1; `$client` is the binding itself, for statements whose text is built once (storage/batch.ts). */
export type Database = DrizzleD1Database<typeof schema> & { $client: D1Database };

const databases = new WeakMap<D1Database, Database>();

/** The Drizzle handle over the D1 binding, made once per binding. */
export function database(d1: D1Database): Database {
  let db = databases.get(d1);
  if (!db) {
    db = drizzle(d1, { schema });
    databases.set(d1, db);
  }
  return db;
}

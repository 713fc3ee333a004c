/**
 * The D1 binding, failing the statements a test picks the way D1 fails under load
 * (`D1_ERROR: Network connection lost.`): a batch fails whole when any of its statements is
 * picked. Everything else runs on the real local database.
 */
export function faultyD1(d1: D1Database, options: { fails: (sql: string) => boolean; times?: number }) {
  const state = { failures: 0, remaining: options.times ?? Infinity };
  const fail = () => {
    state.failures++;
    state.remaining--;
    throw new Error("D1_ERROR: Network connection lost.");
  };
  const picked = (sql: string) => state.remaining > 0 && options.fails(sql);

  class Statement {
    constructor(
      readonly real: D1PreparedStatement,
      readonly sql: string,
    ) {}
    bind(...values: unknown[]) {
      return new Statement(this.real.bind(...values), this.sql);
    }
    async first(column?: string) {
      if (picked(this.sql)) fail();
      return column === undefined ? this.real.first() : this.real.first(column);
    }
    async run() {
      if (picked(this.sql)) fail();
      return this.real.run();
    }
    async all() {
      if (picked(this.sql)) fail();
      return this.real.all();
    }
    async raw(rawOptions?: { columnNames?: boolean }) {
      if (picked(this.sql)) fail();
      return this.real.raw(rawOptions as { columnNames: true });
    }
  }

  const binding = {
    prepare: (query: string) => new Statement(d1.prepare(query), query),
    batch: async (statements: Statement[]) => {
      if (statements.some((statement) => picked(statement.sql))) fail();
      return d1.batch(statements.map((statement) => statement.real));
    },
    exec: (query: string) => d1.exec(query),
    dump: () => d1.dump(),
  } as unknown as D1Database;
  return {
    binding,
    /** Statements (or batches) failed so far. */
    get failures() {
      return state.failures;
    },
  };
}

/** Picks the statements that write decision rows. */
export const decisionWrites = (sql: string) => /^insert into "decisions"/i.test(sql);

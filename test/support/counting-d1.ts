/**
 * The D1 binding, counting every statement it runs (each statement of a batch on its own, as
 * Cloudflare's per-invocation query limit may count them).
 */
export function countingD1(d1: D1Database) {
  const counter = { statements: 0 };
  const count = () => void counter.statements++;

  class CountedStatement {
    constructor(readonly real: D1PreparedStatement) {}
    bind(...values: unknown[]) {
      return new CountedStatement(this.real.bind(...values));
    }
    first(column?: string) {
      count();
      return column === undefined ? this.real.first() : this.real.first(column);
    }
    run() {
      count();
      return this.real.run();
    }
    all() {
      count();
      return this.real.all();
    }
    raw(options?: { columnNames?: boolean }) {
      count();
      return this.real.raw(options as { columnNames: true });
    }
  }

  const binding = {
    prepare: (query: string) => new CountedStatement(d1.prepare(query)),
    batch: (statements: CountedStatement[]) => {
      counter.statements += statements.length;
      return d1.batch(statements.map((statement) => statement.real));
    },
    exec: (query: string) => {
      count();
      return d1.exec(query);
    },
    dump: () => d1.dump(),
  } as unknown as D1Database;
  return {
    binding,
    /** Statements run since the last reset. */
    get statements() {
      return counter.statements;
    },
    reset() {
      counter.statements = 0;
    },
  };
}

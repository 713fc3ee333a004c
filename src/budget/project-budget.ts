import { DurableObject } from "cloudflare:workers";
import { dayBefore } from "./day.ts";

/**
 * One project's daily spend ledger: the one place where a remote call's cost is reserved before
 * the call and settled after it. A Durable Object runs one method at a time per project, and
 * every method here is synchronous SQLite work (no `await` between the read and the write), so
 * two concurrent reservations can never both take the last of a budget.
 *
 * Amounts are whole nano-dollars (src/budget/money.ts). Scopes are `project` and `task:<id>`:
 * a call reserves in the project's scope and its task's together, and is refused when either
 * cap (given by the caller, as the Worker read it) cannot cover it.
 */

/** How long a reservation may stay unsettled before it counts as spent: longer than any tier's deadline. */
export const RESERVATION_TTL_MS = 10 * 60_000;
/** Days of ledger kept (today and the day before, for calls that straddle midnight). */
const DAYS_KEPT = 2;

export interface ReserveRequest {
  /** The UTC day the call is made in (`YYYY-MM-DD`). */
  day: string;
  /** The call's worst-case cost. */
  amountNano: number;
  /** The project's cap; null for none. */
  projectCapNano: number | null;
  /** The task the call is for; null for a request without a task. */
  taskId: string | null;
  /** The task's cap; null for none. */
  taskCapNano: number | null;
}

export type ReserveResult =
  | { ok: true; reservationId: string }
  /** Which cap could not cover the call, and what was left of it. */
  | { ok: false; scope: "project" | "task"; leftNano: number };

export interface ScopeSpend {
  spentNano: number;
  reservedNano: number;
}

export interface LedgerStatus {
  project: ScopeSpend;
  tasks: Record<string, ScopeSpend>;
}

const PROJECT = "project";
const taskScope = (taskId: string) => `task:${taskId}`;
const NOTHING: ScopeSpend = { spentNano: 0, reservedNano: 0 };

export class ProjectBudget extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private purgedBefore = "";

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS ledger (
      day TEXT NOT NULL, scope TEXT NOT NULL,
      spent_nano INTEGER NOT NULL DEFAULT 0, reserved_nano INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (day, scope))`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS reservations (
      id TEXT PRIMARY KEY, day TEXT NOT NULL, task_id TEXT, amount_nano INTEGER NOT NULL, created_at INTEGER NOT NULL)`);
    this.sql.exec("CREATE INDEX IF NOT EXISTS reservations_created ON reservations (created_at)");
  }

  /** Holds `amountNano` against both caps, or refuses when either cannot cover it. */
  reserve(request: ReserveRequest): ReserveResult {
    this.housekeeping(request.day);
    const scopes: { scope: string; kind: "project" | "task"; cap: number | null }[] = [{ scope: PROJECT, kind: "project", cap: request.projectCapNano }];
    if (request.taskId) scopes.push({ scope: taskScope(request.taskId), kind: "task", cap: request.taskCapNano });
    for (const { scope, kind, cap } of scopes) {
      if (cap === null) continue;
      const used = this.spendOf(request.day, scope);
      const left = cap - used.spentNano - used.reservedNano;
      if (request.amountNano > left) return { ok: false, scope: kind, leftNano: Math.max(0, left) };
    }
    for (const { scope } of scopes) this.add(request.day, scope, 0, request.amountNano);
    const reservationId = crypto.randomUUID();
    this.sql.exec(
      "INSERT INTO reservations (id, day, task_id, amount_nano, created_at) VALUES (?, ?, ?, ?, ?)",
      reservationId,
      request.day,
      request.taskId,
      request.amountNano,
      Date.now(),
    );
    return { ok: true, reservationId };
  }

  /**
   * Replaces a reservation with what the call cost (null when not known: the whole reservation
   * is kept as spent). Settling twice, or an expired reservation, changes nothing.
   */
  settle(reservationId: string, actualNano: number | null): void {
    const [row] = this.sql
      .exec<{ day: string; task_id: string | null; amount_nano: number }>("SELECT day, task_id, amount_nano FROM reservations WHERE id = ?", reservationId)
      .toArray();
    if (!row) return;
    this.release(row, actualNano === null ? row.amount_nano : Math.max(0, actualNano));
    this.sql.exec("DELETE FROM reservations WHERE id = ?", reservationId);
  }

  /** The project's and the named tasks' spend and open reservations on `day`. */
  status(day: string, taskIds: readonly string[] = []): LedgerStatus {
    this.housekeeping(day);
    const tasks: Record<string, ScopeSpend> = {};
    for (const id of taskIds) tasks[id] = this.spendOf(day, taskScope(id));
    return { project: this.spendOf(day, PROJECT), tasks };
  }

  private spendOf(day: string, scope: string): ScopeSpend {
    const [row] = this.sql
      .exec<{ spent_nano: number; reserved_nano: number }>("SELECT spent_nano, reserved_nano FROM ledger WHERE day = ? AND scope = ?", day, scope)
      .toArray();
    return row ? { spentNano: row.spent_nano, reservedNano: row.reserved_nano } : NOTHING;
  }

  private add(day: string, scope: string, spentNano: number, reservedNano: number): void {
    this.sql.exec(
      `INSERT INTO ledger (day, scope, spent_nano, reserved_nano) VALUES (?, ?, ?, ?)
       ON CONFLICT (day, scope) DO UPDATE SET spent_nano = spent_nano + excluded.spent_nano, reserved_nano = reserved_nano + excluded.reserved_nano`,
      day,
      scope,
      spentNano,
      reservedNano,
    );
  }

  /** Moves a reservation out of `reserved` and `spentNano` into `spent`, in its day's project and task scopes. */
  private release(row: { day: string; task_id: string | null; amount_nano: number }, spentNano: number): void {
    this.add(row.day, PROJECT, spentNano, -row.amount_nano);
    if (row.task_id) this.add(row.day, taskScope(row.task_id), spentNano, -row.amount_nano);
  }

  /**
   * A reservation never settled (the Worker died mid-call) counts as spent in full once it is
   * older than RESERVATION_TTL_MS; days before yesterday are dropped.
   */
  private housekeeping(today: string): void {
    const stale = this.sql
      .exec<{ id: string; day: string; task_id: string | null; amount_nano: number }>(
        "SELECT id, day, task_id, amount_nano FROM reservations WHERE created_at < ?",
        Date.now() - RESERVATION_TTL_MS,
      )
      .toArray();
    for (const row of stale) {
      this.release(row, row.amount_nano);
      this.sql.exec("DELETE FROM reservations WHERE id = ?", row.id);
    }
    const oldest = dayBefore(today, DAYS_KEPT - 1);
    if (oldest !== this.purgedBefore) {
      this.sql.exec("DELETE FROM ledger WHERE day < ?", oldest);
      this.sql.exec("DELETE FROM reservations WHERE day < ?", oldest);
      this.purgedBefore = oldest;
    }
  }
}

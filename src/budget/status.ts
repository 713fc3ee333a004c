import { utcDay } from "./day.ts";
import type { BudgetPorts } from "./guard.ts";
import { nanoFloor, usdOf } from "./money.ts";
import { cachedProjectBudgetUsd, rememberProjectBudgetUsd } from "./project-cap.ts";

/** Today's metered spend and what is left of a budget, as the API shows them. */
export interface BudgetStatusJson {
  /** Settled spend since the last UTC midnight, plus calls still reserved; null when not metered (no budget applies). */
  spend_today_usd: number | null;
  /** What is left of the budget today; null without a budget. */
  budget_left_usd: number | null;
}

const NOT_METERED: BudgetStatusJson = { spend_today_usd: null, budget_left_usd: null };

/**
 * A project's spend and budget left today (`GET /v1/projects/{id}`), when the project has a
 * budget; both are null without one (calls under no budget reach no ledger, so no spend is claimed). `capUsd` is the budget when the caller has just read the project's row (which then
 * also refreshes this isolate's cached budget, so a PATCH applies here at once).
 */
export async function budgetStatus(ports: BudgetPorts, projectId: string, capUsd?: number | null): Promise<BudgetStatusJson> {
  if (capUsd === undefined) capUsd = await cachedProjectBudgetUsd(ports.db, projectId, ports.clock.now());
  else rememberProjectBudgetUsd(projectId, capUsd, ports.clock.now());
  // Without a budget no call reserves anything: the ledger knows no spend, so none is claimed (null, not 0).
  if (!ports.budgets || capUsd === null) return NOT_METERED;
  const ledger = await ports.budgets.status(projectId, utcDay(ports.clock.now()));
  return statusJson(ledger.project, capUsd);
}

/** A task's spend and what is left of its own budget (`GET /v1/tasks/{id}`); no ledger call when neither it nor its project has a budget. */
export async function taskBudgetStatus(ports: BudgetPorts, projectId: string, taskId: string, taskCapUsd: number | null): Promise<BudgetStatusJson> {
  const projectCapUsd = await cachedProjectBudgetUsd(ports.db, projectId, ports.clock.now());
  if (!ports.budgets || (taskCapUsd === null && projectCapUsd === null)) return NOT_METERED;
  const ledger = await ports.budgets.status(projectId, utcDay(ports.clock.now()), [taskId]);
  const task = ledger.tasks[taskId] ?? { spentNano: 0, reservedNano: 0 };
  return statusJson(task, taskCapUsd);
}

function statusJson(spend: { spentNano: number; reservedNano: number }, capUsd: number | null): BudgetStatusJson {
  const usedNano = spend.spentNano + spend.reservedNano;
  return {
    spend_today_usd: usdOf(usedNano),
    budget_left_usd: capUsd === null ? null : usdOf(Math.max(0, nanoFloor(capUsd) - usedNano)),
  };
}

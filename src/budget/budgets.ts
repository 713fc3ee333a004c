import type { LedgerStatus, ProjectBudget, ReserveRequest, ReserveResult } from "./project-budget.ts";

/** The budget ledger as the service sees it: one ProjectBudget Durable Object per project. */
export interface Budgets {
  reserve(projectId: string, request: ReserveRequest): Promise<ReserveResult>;
  settle(projectId: string, reservationId: string, actualNano: number | null): Promise<void>;
  status(projectId: string, day: string, taskIds?: readonly string[]): Promise<LedgerStatus>;
}

/** The ledger behind the `BUDGETS` binding, addressed by project id (RPC to the project's object). */
export function durableBudgets(namespace: DurableObjectNamespace<ProjectBudget>): Budgets {
  const ledger = (projectId: string) => namespace.get(namespace.idFromName(projectId));
  return {
    reserve: (projectId, request) => ledger(projectId).reserve(request),
    settle: (projectId, reservationId, actualNano) => ledger(projectId).settle(reservationId, actualNano),
    status: (projectId, day, taskIds = []) => ledger(projectId).status(day, [...taskIds]),
  };
}

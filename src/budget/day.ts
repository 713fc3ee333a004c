/** Budgets are daily in UTC: a day is its `YYYY-MM-DD`, and it ends at the next UTC midnight. */

const DAY_MS = 86_400_000;

/** The UTC day of a time, as `YYYY-MM-DD`. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** Whole seconds from `now` to the next UTC midnight (at least 1): when a spent budget is whole again. */
export function secondsToUtcMidnight(now: number): number {
  const midnight = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  return Math.max(1, Math.ceil((midnight - now) / 1000));
}

/** The UTC day `days` before `day`. */
export function dayBefore(day: string, days: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS);
}

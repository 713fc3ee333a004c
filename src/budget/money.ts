/**
 * Money in the budget ledger is counted in whole nano-dollars (1e-9 USD), so sums of many small
 * calls neither drift nor round a cap away: a reservation rounds up, a cap rounds down.
 */
export const NANO_PER_USD = 1_000_000_000;

/** A reservation or a spend, rounded up: the ledger never under-counts. */
export const nanoCeil = (usd: number): number => Math.ceil(usd * NANO_PER_USD - 1e-6);

/** A cap, rounded down: the ledger never allows more than the cap. */
export const nanoFloor = (usd: number): number => Math.floor(usd * NANO_PER_USD + 1e-6);

export const usdOf = (nano: number): number => nano / NANO_PER_USD;

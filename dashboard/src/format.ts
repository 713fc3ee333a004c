/**
 * How numbers are shown. Pure (no DOM), so the end-to-end tests format what /v1/stats answers
 * the same way and compare it with the page. A null is "unknown", never 0.
 */
export const UNKNOWN = "unknown";

const integer = new Intl.NumberFormat("en-US");

export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? UNKNOWN : integer.format(value);
}

/** A share (0..1) as a percentage with one decimal. */
export function share(value: number | null | undefined): string {
  return value === null || value === undefined ? UNKNOWN : `${(value * 100).toFixed(1)}%`;
}

/** A percentage that is already 0..100. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? UNKNOWN : `${value.toFixed(1)}%`;
}

/** USD: cents from a dollar up, three significant digits below (edge answers cost fractions of a cent). */
export function usd(value: number | null | undefined): string {
  if (value === null || value === undefined) return UNKNOWN;
  if (value === 0) return "$0";
  const digits = Math.abs(value) >= 1 ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : { maximumSignificantDigits: 3 };
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", ...digits }).format(value);
}

export function decimal(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined ? UNKNOWN : String(Number(value.toFixed(digits)));
}

export function milliseconds(value: number | null | undefined): string {
  return value === null || value === undefined ? UNKNOWN : `${integer.format(Math.round(value))} ms`;
}

export function wattHours(value: number | null | undefined): string {
  return value === null || value === undefined ? UNKNOWN : `${decimal(value, 3)} Wh`;
}

export function grams(value: number | null | undefined): string {
  return value === null || value === undefined ? UNKNOWN : `${decimal(value, 3)} g`;
}

/** An ISO time as "YYYY-MM-DD HH:MM:SS UTC"; the dashboard shows every time in UTC. */
export function time(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : "—";
}

/** Any JSON value, short: numbers to 3 decimals, objects as JSON. */
export function value(raw: unknown): string {
  if (raw === null || raw === undefined) return UNKNOWN;
  if (typeof raw === "number") return decimal(raw);
  if (typeof raw === "string") return raw;
  return JSON.stringify(raw);
}

/**
 * A `Retry-After` header (delta-seconds, possibly fractional, or an HTTP date) as milliseconds
 * from `nowMs`; null when absent or unreadable.
 */
export function parseRetryAfterMs(header: string | null | undefined, nowMs: number): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number(value) * 1000;
  // An HTTP date has a weekday and a month by name; Date.parse alone would take "-5" for a year.
  const date = /[a-z]{3}/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

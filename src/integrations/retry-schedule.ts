/**
 * How long to wait after a failed attempt at an output (or at processing a delivery), in
 * seconds: 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, each with ±20% jitter so that
 * receivers that failed together are not retried together. Nine attempts over about 8 hours;
 * then the message is dead-lettered.
 */
export const RETRY_SCHEDULE_SECONDS = [10, 30, 120, 600, 1800, 3600, 7200, 14400] as const;

/** Attempts in all: the first and one per step of the schedule. Matches `max_retries` of the deliveries queue. */
export const MAX_DELIVERY_ATTEMPTS = RETRY_SCHEDULE_SECONDS.length + 1;

/** Queues delay a retry by at most 12 hours. */
const MAX_QUEUE_DELAY_SECONDS = 12 * 60 * 60;

const JITTER = 0.2;

/**
 * The delay before the next attempt, after `attempts` attempts failed. A receiver's
 * `Retry-After` is honoured when it asks for longer than the schedule would wait.
 */
export function retryDelaySeconds(attempts: number, retryAfterSeconds: number | null = null, random: () => number = Math.random): number {
  const step = RETRY_SCHEDULE_SECONDS[Math.min(Math.max(attempts, 1), RETRY_SCHEDULE_SECONDS.length) - 1];
  const jittered = step * (1 - JITTER + 2 * JITTER * random());
  return Math.min(MAX_QUEUE_DELAY_SECONDS, Math.ceil(Math.max(jittered, retryAfterSeconds ?? 0)));
}

/** `Retry-After` as seconds from now: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/**
 * How long to wait before trying again, one named schedule per kind of work. Each takes the
 * number of attempts already made (1 after the first failure).
 */

/** Model calls inside a request: exponential from `baseMs`, full jitter (AWS's "full jitter"). */
export function modelRetryDelayMs(attempts: number, baseMs: number, random: () => number = Math.random): number {
  return random() * baseMs * 2 ** (attempts - 1);
}

/** Learning jobs (training, shadow checks) on the jobs queue: 10 s, 20 s, 40 s, ... at most 5 minutes. */
export function jobRetryDelaySeconds(attempts: number): number {
  return Math.min(300, 5 * 2 ** attempts);
}

/**
 * Webhook deliveries and their outputs: 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, each
 * with ±20% jitter so that receivers that failed together are not retried together. Nine
 * attempts over about 8 hours; then the message is dead-lettered.
 */
export const DELIVERY_RETRY_SCHEDULE_SECONDS = [10, 30, 120, 600, 1800, 3600, 7200, 14400] as const;

/** Queues delay a retry by at most 12 hours. */
const MAX_QUEUE_DELAY_SECONDS = 12 * 60 * 60;
const DELIVERY_JITTER = 0.2;

/** The delivery schedule's delay; a receiver's `Retry-After` wins when it asks for longer. */
export function deliveryRetryDelaySeconds(attempts: number, retryAfterSeconds: number | null = null, random: () => number = Math.random): number {
  const steps = DELIVERY_RETRY_SCHEDULE_SECONDS;
  const step = steps[Math.min(Math.max(attempts, 1), steps.length) - 1];
  const jittered = step * (1 - DELIVERY_JITTER + 2 * DELIVERY_JITTER * random());
  // Rounded to the millisecond first, so that 10 × 1.2 is 12 s and not 13.
  const wait = Math.round(Math.max(jittered, retryAfterSeconds ?? 0) * 1000) / 1000;
  return Math.min(MAX_QUEUE_DELAY_SECONDS, Math.ceil(wait));
}

/** A request's own D1 writes of its decisions: 100 ms, then 400 ms (three attempts in about half a second). */
export function decisionWriteDelayMs(attempts: number): number {
  return 100 * 4 ** (attempts - 1);
}

/** Queued decision rows: 20 s, 40 s, 80 s, ... at most an hour (the dead-letter queue waits the hour). */
export function decisionLogRetryDelaySeconds(attempts: number): number {
  return Math.min(3600, 10 * 2 ** Math.min(attempts, 12));
}

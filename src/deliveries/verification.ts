/** Why an inbound webhook was refused; every reason answers 401. */
export type VerificationFailure = "missing_signature" | "malformed_signature" | "bad_signature" | "stale_timestamp";

export type Verification = { ok: true } | { ok: false; reason: VerificationFailure; message: string };

export const VERIFIED: Verification = { ok: true };

export function refused(reason: VerificationFailure, message: string): Verification {
  return { ok: false, reason, message };
}

/** Slack and Standard Webhooks both refuse timestamps more than five minutes from now. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/** Checks a Unix-seconds timestamp header against the window; null when it is acceptable. */
export function timestampProblem(header: string | undefined, nowMs: number): Verification | null {
  if (!header || !/^\d{1,12}$/.test(header)) return refused("missing_signature", "Missing or malformed timestamp header");
  const skew = Math.abs(nowMs / 1000 - Number(header));
  if (skew > TIMESTAMP_TOLERANCE_SECONDS) {
    return refused("stale_timestamp", `The timestamp is ${Math.round(skew)} s away from now; at most ${TIMESTAMP_TOLERANCE_SECONDS} s is accepted`);
  }
  return null;
}

/** Where the results of an event can be sent back, besides the integration's callback. */
export type OutputTarget =
  | { kind: "github_issue"; owner: string; repo: string; number: number }
  | { kind: "slack_thread"; channel: string; thread_ts: string }
  | { kind: "slack_response_url"; response_url: string };

/** What an inbound payload means for the pipeline. */
export type InboundEvent =
  /** A delivery to record, classify and/or summarize. */
  | { type: "event"; deliveryId: string; event: string; text: string; target: OutputTarget | null }
  /** A handshake answered at once and not recorded (GitHub ping, Slack url_verification). */
  | { type: "handshake"; body: Record<string, unknown> }
  /** Verified but nothing to do (an event nobody mapped, a bot's own message). */
  | { type: "ignored"; reason: string }
  /** Verified but not understood. */
  | { type: "malformed"; reason: string };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Parses a JSON object body; null when it is not one. */
export function parseJsonObject(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

import type { z } from "zod";
import type { IntegrationSettings } from "../../schema/integrations.ts";
import type { Ports } from "../ports.ts";
import type { IntegrationKind, IntegrationRow, IntegrationSecrets } from "../storage/integrations.ts";
import type { OutputKind } from "../storage/deliveries.ts";
import type { InboundEvent, OutputTarget } from "./inbound-event.ts";
import type { OutputMessage } from "./messages.ts";
import type { OutputAttempt } from "./output-attempt.ts";
import type { DeliveryResult } from "./result.ts";
import type { Verification } from "./verification.ts";

/** An inbound webhook as a sender adapter reads it: headers and the raw body. */
export interface InboundRequest {
  header(name: string): string | undefined;
  body: Uint8Array<ArrayBuffer>;
  /** The body as UTF-8 text; decoded on first use, after the signature is verified. */
  readonly text: string;
}

/** What an output channel needs to send one output of a processed delivery. */
export interface OutputContext {
  ports: Ports;
  message: OutputMessage;
  integration: IntegrationRow;
  secrets: IntegrationSecrets;
  /** The output's own id: the same on every attempt, so a receiver can drop a copy it has. */
  outputId: string;
  /** The sender's id of the delivery. */
  externalId: string;
  now: number;
  timeoutMs: number;
}

/** One kind of result sent back out: a signed callback, a GitHub label or comment, a Slack reply. */
export interface OutputChannel {
  kind: OutputKind;
  /** Whether a processed delivery with this result sends this output. */
  planned(settings: IntegrationSettings, secrets: IntegrationSecrets, target: OutputTarget | null, result: DeliveryResult): boolean;
  send(context: OutputContext): Promise<OutputAttempt>;
}

/** A problem with an integration's settings, at a path of the request body. */
export class SettingsError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = "SettingsError";
  }
}

/** The outputs settings one sender owns (`outputs.github`, `outputs.slack`), with its secrets. */
export interface SenderOutputSettings<Input> {
  key: "github" | "slack";
  schema: z.ZodType<Input>;
  /** Applies the input to the stored settings and secrets in place; throws a SettingsError. */
  apply(input: Input, settings: IntegrationSettings, secrets: IntegrationSecrets): void;
  /** Removes this output (the input was null). */
  remove(settings: IntegrationSettings, secrets: IntegrationSecrets): void;
}

/**
 * Everything one webhook sender means to the service: its events, how it signs, how its
 * payloads map to a text and a target, and the outputs only it has. Registered once in
 * `senders.ts`; hooks, settings and outputs iterate over the adapters.
 */
export interface SenderAdapter {
  kind: IntegrationKind;
  /** The events an integration can map to tasks; null when any event name (and `*`) is allowed. */
  events: readonly string[] | null;
  /** How requests are signed, for the OpenAPI document. */
  signatureHelp: string;
  /** Whether the text is found by a JSON pointer in the settings (`text_pointer`). */
  readsTextPointer: boolean;
  /** A signing secret's format problem, or null. */
  signingSecretProblem(secret: string): string | null;
  verify(request: InboundRequest, secrets: readonly string[], nowMs: number): Promise<Verification>;
  /**
   * True for a sender that signs neither a timestamp nor its delivery id (GitHub): the SHA-256
   * of the verified raw body is recorded with the delivery, and the same body under any other
   * delivery id is a duplicate. Senders that sign a timestamp and an id leave it unset.
   */
  dedupesBodies?: boolean;
  read(request: InboundRequest, settings: IntegrationSettings): InboundEvent;
  /** What to answer the sender at once for an accepted event, instead of the delivery (Slack's slash commands). */
  acknowledgement?(event: string): Record<string, unknown> | null;
  /** The outputs only this sender has, besides the callback every sender has. */
  channels: readonly OutputChannel[];
  outputSettings?: SenderOutputSettings<any>;
}

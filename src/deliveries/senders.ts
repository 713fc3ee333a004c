import type { IntegrationSettings } from "../../schema/integrations.ts";
import type { OutputKind } from "../storage/deliveries.ts";
import type { IntegrationKind, IntegrationSecrets } from "../storage/integrations.ts";
import type { OutputChannel, SenderAdapter } from "./adapter.ts";
import { callbackChannel } from "./callback.ts";
import { githubAdapter } from "./github/adapter.ts";
import type { OutputTarget } from "./inbound-event.ts";
import type { DeliveryResult } from "./result.ts";
import { slackAdapter } from "./slack/adapter.ts";
import { standardAdapter } from "./standard/adapter.ts";

/** Every webhook sender, registered once: a new sender is one adapter added here. */
export const SENDERS: readonly SenderAdapter[] = [githubAdapter, slackAdapter, standardAdapter];

export function senderFor(kind: IntegrationKind): SenderAdapter {
  const adapter = SENDERS.find((sender) => sender.kind === kind);
  if (!adapter) throw new Error(`No sender adapter for ${kind}`);
  return adapter;
}

/** The outputs an integration of this kind can send: the callback, then the sender's own. */
export function channelsOf(kind: IntegrationKind): readonly OutputChannel[] {
  return [callbackChannel, ...senderFor(kind).channels];
}

export function channelFor(kind: IntegrationKind, output: OutputKind): OutputChannel | undefined {
  return channelsOf(kind).find((channel) => channel.kind === output);
}

/** The outputs a processed delivery sends, given the integration's settings, secrets and the event's target. */
export function plannedOutputs(
  kind: IntegrationKind,
  settings: IntegrationSettings,
  secrets: IntegrationSecrets,
  target: OutputTarget | null,
  result: DeliveryResult,
): OutputKind[] {
  return channelsOf(kind).filter((channel) => channel.planned(settings, secrets, target, result)).map((channel) => channel.kind);
}

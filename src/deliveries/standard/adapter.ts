import type { SenderAdapter } from "../adapter.ts";
import { standardEvent } from "./events.ts";
import { STANDARD_SECRET, verifyStandardSignature } from "./signature.ts";

/** Any Standard Webhooks sender: the text at the integration's JSON pointer; results go to the callback. */
export const standardAdapter: SenderAdapter = {
  kind: "standard",
  events: null,
  signatureHelp: "`webhook-id`, `webhook-timestamp` (within 5 minutes) and `webhook-signature` (`v1,<base64>` entries, any of which may match any secret).",
  readsTextPointer: true,
  signingSecretProblem: (secret) => (STANDARD_SECRET.test(secret) ? null : "A Standard Webhooks secret is whsec_ followed by base64"),
  verify: (request, secrets, nowMs) =>
    verifyStandardSignature(
      secrets,
      request.body,
      { id: request.header("webhook-id"), timestamp: request.header("webhook-timestamp"), signature: request.header("webhook-signature") },
      nowMs,
    ),
  read: (request, settings) => standardEvent(request.text, request.header("webhook-id")!, settings.text_pointer ?? ""),
  channels: [],
};

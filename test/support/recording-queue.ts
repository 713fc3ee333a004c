import type { JobMessage } from "../../src/learning/job-messages.ts";
import { deliverJob } from "./tasks.ts";

/**
 * The jobs queue as the Worker sees it, but recording every message so the test can deliver
 * them to the consumer itself, in order, instead of waiting for the local queue.
 */
export function recordingJobsQueue() {
  const sent: JobMessage[] = [];
  const binding = {
    send: async (body: JobMessage) => void sent.push(body),
    sendBatch: async (messages: Iterable<MessageSendRequest<JobMessage>>) => {
      for (const message of messages) sent.push(message.body);
    },
  } as unknown as Queue<unknown>;
  return {
    binding,
    sent,
    /** Delivers every recorded message of `type` (and any they cause), then forgets them. */
    async deliverAll(type: JobMessage["type"], bindings: Record<string, unknown> = {}) {
      const results = [];
      for (let message = take(sent, type); message; message = take(sent, type)) {
        results.push(await deliverJob(message, 1, { ...bindings, JOBS: binding }));
      }
      return results;
    },
  };
}

function take(sent: JobMessage[], type: JobMessage["type"]): JobMessage | undefined {
  const index = sent.findIndex((m) => m.type === type);
  return index < 0 ? undefined : sent.splice(index, 1)[0];
}


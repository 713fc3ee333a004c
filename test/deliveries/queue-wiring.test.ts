import { describe, expect, it } from "vitest";
import { apiJson } from "../support/api.ts";
import { createTrainedTask } from "../support/tasks.ts";
import { issuesOpened } from "../support/webhook-payloads.ts";
import { createIntegration, sendGithub } from "../support/webhook-senders.ts";

const SECRET = "It's a Secret to Everybody";

describe("the real deliveries queue (wrangler.toml bindings, local Queues)", () => {
  it("a webhook sent to the DELIVERIES binding is consumed by the Worker's queue handler and processed", async () => {
    const task = await createTrainedTask({ threshold: 0.3 });
    const integration = await createIntegration({ kind: "github", secret: SECRET, events: { "issues.opened": { classify: task.id } } });
    const response = await sendGithub(integration.id, "issues", issuesOpened("Refund", "I was charged twice, please refund the invoice"), { secret: SECRET, bindings: {} });
    expect(response.status).toBe(202);
    const { delivery_id } = (await response.json()) as any;

    let delivery: any;
    for (let i = 0; i < 100; i++) {
      [delivery] = (await apiJson(`/v1/integrations/${integration.id}/deliveries`)).body.data;
      if (delivery.status === "processed" || delivery.status === "failed") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(delivery).toMatchObject({ id: delivery_id, status: "processed" });
    expect(delivery.decisions).toEqual([expect.objectContaining({ kind: "classify", output: "billing" })]);
  });
});

import { describe, expect, it } from "vitest";
import { apiJson } from "../support/api.ts";
import { recordingQueue } from "../support/webhook-senders.ts";
import { ADMIN, createTrainedTaskAs, insertKey, insertProject } from "../projects/support.ts";

function recordingDataset() {
  const points: AnalyticsEngineDataPoint[] = [];
  return { points, binding: { writeDataPoint: (point: AnalyticsEngineDataPoint) => void points.push(point) } };
}

describe("one Analytics Engine data point per decision (DECISION_ANALYTICS)", () => {
  it("writes the documented layout for each text, in both decision-log modes", async () => {
    const projectId = await insertProject();
    const admin = await insertKey(projectId, ADMIN);
    const { task, model } = await createTrainedTaskAs(admin.key);
    const dataset = recordingDataset();
    const texts = ["I was charged twice for my subscription this month", "the app crashes every time I open settings"];
    const answered = await apiJson("/v1/classify", { key: admin.key, env: { DECISION_ANALYTICS: dataset.binding } as any, body: { task: task.name, texts } });
    expect(answered.status).toBe(200);
    expect(dataset.points).toHaveLength(2);
    const [first] = answered.body.results;
    expect(dataset.points[0]).toEqual({
      indexes: [projectId],
      blobs: [projectId, task.id, "classify", "api", "edge", "ok", "", model.id],
      doubles: [first.latency_ms, 0, 1, 0, 0, first.confidence, first.large_only_cost_usd, first.energy_wh],
    });

    const queued = recordingDataset();
    const queue = recordingQueue();
    const viaQueue = await apiJson("/v1/classify", {
      key: admin.key,
      env: { DECISION_ANALYTICS: queued.binding, DECISION_LOG: "queue", DECISION_QUEUE: queue.binding } as any,
      body: { task: task.name, text: texts[0] },
    });
    expect(viaQueue.status).toBe(200);
    expect(queue.sent.length).toBeGreaterThan(0);
    expect(queued.points).toHaveLength(1);
  });

  it("never fails a request when Analytics Engine throws", async () => {
    const projectId = await insertProject();
    const admin = await insertKey(projectId, ADMIN);
    const { task } = await createTrainedTaskAs(admin.key);
    const broken = { writeDataPoint: () => { throw new Error("analytics engine is down"); } };
    const answered = await apiJson("/v1/classify", { key: admin.key, env: { DECISION_ANALYTICS: broken } as any, body: { task: task.name, text: "the app crashes every time" } });
    expect(answered.status).toBe(200);
    expect((await apiJson(`/v1/decisions/${answered.body.decision_id}`, { key: admin.key })).status).toBe(200);
  });
});

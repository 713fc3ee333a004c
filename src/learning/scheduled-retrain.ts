import type { Ports } from "../ports.ts";
import { listTasks } from "../storage/tasks.ts";
import { requestRetrain } from "./retrains.ts";

const PAGE = 100;

/** On the Cron schedule: asks the retrain policy about every task; returns the versions queued. */
export async function retrainOnSchedule(ports: Ports): Promise<string[]> {
  const queued: string[] = [];
  for (let after: string | undefined; ; ) {
    const page = await listTasks(ports.db, { after, limit: PAGE });
    for (const task of page) {
      const retrain = await requestRetrain(ports, task, "schedule");
      if (retrain) queued.push(retrain.version.id);
    }
    if (page.length < PAGE) return queued;
    after = page[page.length - 1].id;
  }
}

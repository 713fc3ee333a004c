import type { PipelineDeps } from "../pipeline/deps.ts";
import { requestTraining } from "../pipeline/retrain.ts";
import { settingsOf } from "../pipeline/task-settings.ts";
import { countExamples } from "../storage/examples.ts";
import { latestModelVersion } from "../storage/model-versions.ts";
import { listTasks } from "../storage/tasks.ts";

/** On the Cron schedule: queues a retrain for each task that asks for one and has new labels. */
export async function retrainOnSchedule(deps: PipelineDeps): Promise<string[]> {
  const queued: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await listTasks(deps.db, { after, limit: 100 });
    for (const task of page) {
      if (task.kind !== "classify" || !settingsOf(task).retrainOnSchedule) continue;
      const [labels, latest] = await Promise.all([countExamples(deps.db, task.id), latestModelVersion(deps.db, task.id)]);
      if (labels <= (latest?.trainingExamples ?? 0)) continue;
      const { version, created } = await requestTraining(deps, task, "schedule", { labels });
      if (created) queued.push(version.id);
    }
    if (page.length < 100) return queued;
    after = page[page.length - 1].id;
  }
}

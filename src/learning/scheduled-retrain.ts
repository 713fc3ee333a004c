import type { Ports } from "../ports.ts";
import { failAbandonedVersions } from "../storage/model-versions.ts";
import { tasksDueForScheduledRetrain } from "../storage/tasks.ts";
import { sendJobs } from "./job-messages.ts";

/**
 * On the Cron schedule: first, one statement marks failed the versions no job will finish (a
 * training lease that lapsed long ago, a version queued for an hour), so they stop blocking and
 * say why; then one query finds the tasks that ask for a scheduled retrain and have new labels,
 * and each gets a `retrain` job, so the cron's own D1 queries do not grow with the number of
 * tasks (an invocation may make 50 on the free plan). Returns the due task ids.
 */
export async function retrainOnSchedule(ports: Pick<Ports, "db" | "jobs" | "clock">): Promise<string[]> {
  const abandoned = await failAbandonedVersions(ports.db, ports.clock.now());
  for (const version of abandoned) console.error(`model version ${version.id} (task ${version.taskId}, v${version.version}) failed: ${version.error}`);
  const due = await tasksDueForScheduledRetrain(ports.db);
  await sendJobs(ports.jobs, due.map((taskId) => ({ type: "retrain", task_id: taskId, trigger: "schedule" })));
  return due;
}

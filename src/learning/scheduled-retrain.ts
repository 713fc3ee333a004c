import type { Ports } from "../ports.ts";
import { tasksDueForScheduledRetrain } from "../storage/tasks.ts";
import { sendJobs } from "./job-messages.ts";

/**
 * On the Cron schedule: one query finds the tasks that ask for a scheduled retrain and have new
 * labels, and each gets a `retrain` job, so the cron's own D1 queries do not grow with the
 * number of tasks (an invocation may make 50 on the free plan). Returns the task ids.
 */
export async function retrainOnSchedule(ports: Pick<Ports, "db" | "jobs">): Promise<string[]> {
  const due = await tasksDueForScheduledRetrain(ports.db);
  await sendJobs(ports.jobs, due.map((taskId) => ({ type: "retrain", task_id: taskId, trigger: "schedule" })));
  return due;
}

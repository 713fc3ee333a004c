import type { TaskKind } from "../../schema/enums.ts";
import type { Config } from "../config.ts";
import type { TaskRow } from "../storage/tasks.ts";
import type { TierSpec } from "./tier-spec.ts";

export interface ThresholdInputs {
  spec: TierSpec;
  kind: TaskKind;
  task: Pick<TaskRow, "threshold" | "driftThreshold"> | null;
  /** The calibrated threshold of the task's active model version, if it has one. */
  versionThreshold: number | null;
  config: Config;
}

/**
 * The one rule for a tier's confidence threshold. A threshold in the tier spec wins; a remote
 * tier otherwise uses MIDDLE_THRESHOLD. The edge tier uses the task's own threshold, else (for
 * classification) the active version's calibrated one raised by drift, else the environment's
 * default (DEFAULT_THRESHOLD, or SUMMARY_THRESHOLD for summaries).
 */
export function tierThreshold({ spec, kind, task, versionThreshold, config }: ThresholdInputs): number {
  if (spec.threshold !== undefined) return spec.threshold;
  if (spec.provider !== "edge") return config.MIDDLE_THRESHOLD;
  if (task?.threshold != null) return task.threshold;
  if (kind === "summarize") return config.SUMMARY_THRESHOLD;
  return Math.max(versionThreshold ?? config.DEFAULT_THRESHOLD, task?.driftThreshold ?? 0);
}

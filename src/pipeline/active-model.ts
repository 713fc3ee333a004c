import type { CompactClassifier } from "../learn/classifier.ts";
import { loadClassifier } from "../storage/model-artifacts.ts";
import { findModelVersion, type ModelVersionRow } from "../storage/model-versions.ts";
import type { TaskRow } from "../storage/tasks.ts";
import type { PipelineDeps } from "./deps.ts";

export interface ActiveModel {
  version: ModelVersionRow;
  classifier: CompactClassifier | null;
  /** Set when the weights could not be loaded. */
  loadError: string | null;
}

// Ready versions are immutable, so their rows can be cached by id for the isolate's life.
const readyVersions = new Map<string, ModelVersionRow>();

/** The task's active compact model, loaded from KV and cached in the isolate; null when it has none. */
export async function activeModel(deps: PipelineDeps, task: TaskRow): Promise<ActiveModel | null> {
  if (!task.activeModelId) return null;
  let version = readyVersions.get(task.activeModelId);
  if (!version) {
    version = await findModelVersion(deps.db, task.activeModelId);
    if (!version) return null;
    if (version.status === "ready") readyVersions.set(version.id, version);
  }
  if (version.status !== "ready" || !version.artifactKey) return null;
  try {
    const classifier = await loadClassifier(deps.env.MODELS, version.artifactKey);
    return { version, classifier, loadError: classifier ? null : `The weights of ${version.id} are missing from KV` };
  } catch (error) {
    return { version, classifier: null, loadError: `The weights of ${version.id} could not be loaded: ${(error as Error).message}` };
  }
}

import type { CompactClassifier } from "../learn/classifier.ts";
import type { Ports } from "../ports.ts";
import { findModelVersion, type ModelVersionRow } from "../storage/model-versions.ts";
import type { TaskRow } from "../storage/tasks.ts";

export interface ActiveModel {
  version: ModelVersionRow;
  classifier: CompactClassifier | null;
  /** Set when the weights could not be loaded. */
  loadError: string | null;
}

// Ready versions are immutable, so their rows can be cached by id for the isolate's life.
const readyVersions = new Map<string, ModelVersionRow>();

/** The task's active compact model, loaded from the artifact store and cached in the isolate; null when it has none. */
export async function activeModel(ports: Pick<Ports, "db" | "artifacts">, task: TaskRow): Promise<ActiveModel | null> {
  if (!task.activeModelId) return null;
  let version = readyVersions.get(task.activeModelId);
  if (!version) {
    version = await findModelVersion(ports.db, task.activeModelId);
    if (!version) return null;
    if (version.status === "ready") readyVersions.set(version.id, version);
  }
  if (version.status !== "ready" || !version.artifactKey) return null;
  try {
    const classifier = await ports.artifacts.load(version.artifactKey);
    return { version, classifier, loadError: classifier ? null : `The weights of ${version.id} are missing from KV` };
  } catch (error) {
    return { version, classifier: null, loadError: `The weights of ${version.id} could not be loaded: ${(error as Error).message}` };
  }
}

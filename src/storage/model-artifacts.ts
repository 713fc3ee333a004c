import { decodeClassifier, encodeClassifier } from "../learn/artifact.ts";
import type { CompactClassifier } from "../learn/classifier.ts";

/** Where model versions' weights live: immutable, keyed by task and version. */
export interface ModelArtifacts {
  /** The decoded weights, cached in the isolate; null when the artifact is gone. */
  load(key: string): Promise<CompactClassifier | null>;
  /** Stores the weights; returns their size in bytes. */
  save(key: string, model: CompactClassifier): Promise<number>;
}

/** KV key of a model version's weights; versions are immutable, so the key never changes. */
export function artifactKey(taskId: string, modelId: string): string {
  return `models/${taskId}/${modelId}`;
}

// Decoded models stay in the isolate: the same version id always means the same weights.
const loaded = new Map<string, Promise<CompactClassifier | null>>();
const MAX_CACHED_MODELS = 8;

/** Model artifacts in a KV namespace (25 MiB a value; a BANKING77-size model is about 3 MB). */
export function kvModelArtifacts(kv: KVNamespace): ModelArtifacts {
  return {
    async save(key, model) {
      const bytes = encodeClassifier(model);
      await kv.put(key, bytes);
      return bytes.byteLength;
    },
    load(key) {
      let model = loaded.get(key);
      if (!model) {
        model = kv.get(key, "arrayBuffer").then((buffer) => {
          if (buffer) return decodeClassifier(new Uint8Array(buffer));
          loaded.delete(key); // KV is eventually consistent: look again next time
          return null;
        });
        model.catch(() => loaded.delete(key));
        if (loaded.size >= MAX_CACHED_MODELS) loaded.delete(loaded.keys().next().value!);
        loaded.set(key, model);
      }
      return model;
    },
  };
}

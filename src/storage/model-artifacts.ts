import { decodeClassifier, encodeClassifier } from "../learn/artifact.ts";
import type { CompactClassifier } from "../learn/classifier.ts";

/** KV key of a model version's weights; versions are immutable, so the key never changes. */
export function artifactKey(taskId: string, modelId: string): string {
  return `models/${taskId}/${modelId}`;
}

export async function saveClassifier(kv: KVNamespace, key: string, model: CompactClassifier): Promise<number> {
  const bytes = encodeClassifier(model);
  await kv.put(key, bytes);
  return bytes.byteLength;
}

// Decoded models stay in the isolate: the same version id always means the same weights.
const loaded = new Map<string, Promise<CompactClassifier | null>>();
const MAX_CACHED_MODELS = 8;

/** Loads and decodes a model version's weights once per isolate; null when the artifact is gone. */
export function loadClassifier(kv: KVNamespace, key: string): Promise<CompactClassifier | null> {
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
}

/**
 * True for an RFC 6901 pointer: empty, or `/`-separated tokens where `~` is only `~0` or `~1`.
 * A token cannot contain `/`, so the pattern has one way to match and runs in linear time.
 */
export function isJsonPointer(pointer: string): boolean {
  return /^(?:\/(?:[^~/]|~[01])*)*$/.test(pointer);
}

/** The value `pointer` (RFC 6901) names in `document`, or undefined when there is none. */
export function resolveJsonPointer(document: unknown, pointer: string): unknown {
  if (!isJsonPointer(pointer)) return undefined;
  if (pointer === "") return document;
  let current: unknown = document;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (current !== null && typeof current === "object" && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return current;
}

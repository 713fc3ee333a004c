import { API_KEY_SCOPES } from "../../schema/enums.ts";
import { newId } from "../ids.ts";
import type { ApiKeyRow } from "../storage/api-keys.ts";
import { apiKeyHash, apiKeyPrefix, newApiKeySecret } from "./api-key-secret.ts";

export type NewApiKey = Pick<ApiKeyRow, "projectId" | "name" | "scopes" | "taskIds" | "expiresAt">;

/** A new key's row (only the SHA-256 of the secret, and its prefix) and the secret, to show once. */
export async function mintApiKey(key: NewApiKey, now: number): Promise<{ row: ApiKeyRow; secret: string }> {
  const secret = newApiKeySecret();
  // Scopes are kept in the enum's order, so equal sets read the same.
  const scopes = API_KEY_SCOPES.filter((scope) => key.scopes.includes(scope));
  const row: ApiKeyRow = {
    ...key,
    scopes,
    id: newId("key", now),
    prefix: apiKeyPrefix(secret),
    hash: await apiKeyHash(secret),
    revokedAt: null,
    lastUsedAt: null,
    createdAt: now,
  };
  return { row, secret };
}

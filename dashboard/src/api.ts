/**
 * The API client. The key lives in sessionStorage (this tab, until it closes) and travels only
 * in the Authorization header: never in a URL, never in a log.
 */
const KEY_NAME = "edge-cascade.api-key";

export const session = {
  key: (): string | null => sessionStorage.getItem(KEY_NAME),
  signIn: (key: string): void => sessionStorage.setItem(KEY_NAME, key),
  signOut: (): void => sessionStorage.removeItem(KEY_NAME),
};

/** An error answer of the API, in its one shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | null | undefined>;

function url(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== null && value !== undefined && value !== "") params.append(name, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Calls the API with the session's key (or `key`, when signing in). A 401 signs the tab out. */
export async function api<T>(path: string, options: { method?: "GET" | "POST"; query?: Query; key?: string } = {}): Promise<T> {
  const key = options.key ?? session.key();
  if (!key) throw new ApiError(401, "unauthorized", "Sign in with an API key");
  const response = await fetch(url(path, options.query), {
    method: options.method ?? "GET",
    headers: { authorization: `Bearer ${key}`, accept: "application/json" },
    credentials: "omit",
    cache: "no-store",
  });
  const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!response.ok) {
    if (response.status === 401 && !options.key) {
      session.signOut();
      window.dispatchEvent(new CustomEvent("signed-out", { detail: body?.error?.message }));
    }
    throw new ApiError(response.status, body?.error?.code ?? "error", body?.error?.message ?? `HTTP ${response.status}`);
  }
  return body as T;
}

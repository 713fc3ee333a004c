/**
 * The HTTP API, for the commands: one `request` that sends the key, turns the API's error
 * shape (and an unreachable server) into a `CliError`, and retries only what is safe to retry:
 * reads, and writes that carry an `Idempotency-Key`.
 */
import type { Page } from "../clients/api-json.ts";
import { CliError, EXIT } from "./errors.ts";

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  idempotencyKey?: string;
  /** Tries in all, for answers worth retrying (default 4). */
  attempts?: number;
}

interface ApiErrorBody {
  error?: { code?: string; message?: string; request_id?: string; details?: unknown };
}

/** Longest `Retry-After` worth waiting for inside one command; longer ones (a spent budget) are errors. */
const MAX_RETRY_WAIT_MS = 30_000;
const TIMEOUT_MS = 120_000;

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly key: string,
  ) {}

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const attempts = options.attempts ?? 4;
    const safe = method === "GET" || method === "DELETE" || options.idempotencyKey !== undefined;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.once(method, path, options);
      const retryIn = attempt < attempts && safe ? retryDelay(outcome, attempt) : null;
      if (retryIn === null) {
        if (outcome instanceof CliError) throw outcome;
        return outcome.body as T;
      }
      await new Promise((resolve) => setTimeout(resolve, retryIn));
    }
  }

  private async once(method: string, path: string, options: RequestOptions): Promise<CliError | { status: number; body: unknown }> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { authorization: `Bearer ${this.key}`, accept: "application/json" };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      return unreachable(this.baseUrl, error);
    }
    const text = await response.text().catch(() => "");
    let body: unknown = undefined;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      // not JSON: handled below
    }
    if (response.ok && (body !== undefined || response.status === 204)) return { status: response.status, body };
    return apiError(method, url, response, body, text);
  }
}

function retryDelay(outcome: CliError | { status: number }, attempt: number): number | null {
  if (!(outcome instanceof CliError)) return null;
  const backoff = Math.min(250 * 2 ** attempt, 5_000);
  if (outcome.code === "unreachable") return backoff;
  const status = outcome.extra.status ?? 0;
  const retryable = outcome.code === "idempotency_in_progress" || outcome.code === "rate_limited" || status === 502 || status === 503 || status === 504;
  if (!retryable) return null;
  const retryAfter = outcome.extra.retry_after_ms;
  if (retryAfter !== undefined && retryAfter > MAX_RETRY_WAIT_MS) return null;
  return Math.max(retryAfter ?? 0, backoff);
}

function unreachable(baseUrl: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason =
    (error as Error).name === "TimeoutError" ? `no answer within ${TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
  return new CliError("unreachable", `cannot reach ${baseUrl}: ${reason}`, EXIT.unreachable);
}

function apiError(method: string, url: URL, response: Response, body: unknown, text: string): CliError {
  const where = `${method} ${url.pathname}`;
  const error = (body as ApiErrorBody | undefined)?.error;
  const retryAfterHeader = Number(response.headers.get("retry-after"));
  const extra = {
    status: response.status,
    request_id: error?.request_id ?? response.headers.get("x-request-id") ?? undefined,
    details: error?.details,
    ...(Number.isFinite(retryAfterHeader) && response.headers.has("retry-after") ? { retry_after_ms: retryAfterHeader * 1000 } : {}),
  };
  if (!error?.code) {
    const snippet = text.slice(0, 80).replace(/\s+/g, " ");
    const what = response.ok ? "an answer that is not JSON" : `HTTP ${response.status}`;
    return new CliError("bad_response", `${where}: ${url.origin} answered ${what}${snippet ? ` (${snippet})` : ""}; is it an edge-cascade Worker?`, EXIT.failure, extra);
  }
  const message = error.message ?? error.code;
  if (response.status === 401) {
    return new CliError(error.code, `API key refused by ${url.origin} (401 ${error.code}): ${message}; check --key, EDGE_CASCADE_KEY or run \`edge-cascade login\``, EXIT.auth, extra);
  }
  const exitCode = response.status === 403 ? EXIT.auth : EXIT.failure;
  return new CliError(error.code, `${where}: ${message} (${response.status} ${error.code})`, exitCode, extra);
}

/** Every item of a cursor-paginated list, with `query` (filters) on every page. */
export async function allPages<T>(client: ApiClient, path: string, limit: number, query: Record<string, string | undefined> = {}): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.request<Page<T>>("GET", path, { query: { ...query, limit, cursor } });
    items.push(...page.data);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return items;
}

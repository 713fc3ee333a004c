import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../src/index.ts";
import type { TestBindings } from "./bindings.ts";
import { TEST_API_KEY } from "../setup/test-secrets.ts";

export interface ApiCall {
  method?: string;
  body?: unknown;
  /** Sent as is (for malformed bodies and other content types). */
  rawBody?: BodyInit;
  contentType?: string;
  /** `null` sends no Authorization header. */
  key?: string | null;
  /** TestBindings to override for this call (an AI test binding, a large provider, ...). */
  env?: TestBindings;
  /** More request headers (e.g. `cf-connecting-ip`, which Cloudflare sets in front of the Worker). */
  headers?: Record<string, string>;
}

/** Calls the Worker's fetch handler the way a client would. */
export async function api(path: string, call: ApiCall = {}): Promise<Response> {
  const headers = new Headers(call.headers);
  const key = call.key === undefined ? TEST_API_KEY : call.key;
  if (key !== null) headers.set("authorization", `Bearer ${key}`);
  let body: BodyInit | undefined = call.rawBody;
  if (call.body !== undefined) body = JSON.stringify(call.body);
  if (body !== undefined) headers.set("content-type", call.contentType ?? "application/json");
  const request = new Request(`https://edge-cascade.test${path}`, {
    method: call.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
  });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, { ...env, ...call.env } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** `api()` then the JSON body, typed loosely for assertions. */
export async function apiJson<T = any>(path: string, call: ApiCall = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await api(path, call);
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

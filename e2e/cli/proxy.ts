/**
 * An HTTP proxy in front of the Worker, to make the network fail in the ways the CLI must survive.
 * `hook` sees each request and sends its body on (maybe changed), or forwards it and drops the
 * answer (`drop-answer`: the Worker acted, the client never hears), or refuses the connection;
 * `answer` may rewrite what the Worker answered before the client sees it.
 */
import { createServer, type Server } from "node:http";
import { inject } from "vitest";

export type ProxyRequest = { method: string; url: string; body: Buffer };

export interface Proxy {
  url: string;
  close(): void;
}

export async function startProxy(
  hook: (request: ProxyRequest) => Promise<Buffer | "drop-answer" | "refuse">,
  answer: (request: ProxyRequest, body: Buffer) => Buffer = (_, body) => body,
): Promise<Proxy> {
  const server: Server = createServer(async (request, response) => {
    const parts: Buffer[] = [];
    for await (const part of request) parts.push(part as Buffer);
    const incoming = { method: request.method!, url: request.url!, body: Buffer.concat(parts) };
    const action = await hook(incoming);
    if (action === "refuse") return request.socket.destroy();
    const body = action === "drop-answer" ? incoming.body : action;
    const upstream = await fetch(`${inject("workerUrl")}${incoming.url}`, {
      method: incoming.method,
      headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => !["host", "connection", "content-length"].includes(name))) as Record<string, string>,
      body: incoming.method === "GET" ? undefined : new Uint8Array(body),
    });
    const text = Buffer.from(await upstream.arrayBuffer());
    if (action === "drop-answer") return request.socket.destroy();
    response.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    response.end(upstream.ok ? answer(incoming, text) : text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => server.close() };
}

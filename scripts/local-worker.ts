/**
 * Starts the Worker locally with `wrangler dev` for the benchmarks and the end-to-end tests
 * (CLI, dashboard): the local migrations applied to the chosen state directory, then
 * `wrangler dev` on 127.0.0.1 and a wait for `/health`. `stop()` ends the whole process group.
 */
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface LocalWorkerOptions {
  /** Defaults to a free port. */
  port?: number;
  /** Where D1, KV and the queues keep their state; defaults to wrangler's `.wrangler/state`. */
  persistTo?: string;
  /** Extra `[vars]`, e.g. `{ DECISION_LOG: "queue" }`. */
  vars?: Record<string, string>;
  /** Secrets from this file instead of `.dev.vars` (e.g. `.dev.vars.example`). */
  envFile?: string;
  /** Runs before `wrangler dev` (after the migrations), e.g. the demo seed. */
  beforeStart?: () => void;
}

export interface LocalWorker {
  url: string;
  stop(): void;
}

export function npx(args: string[]): void {
  const result = spawnSync("npx", args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) throw new Error(`npx ${args.join(" ")} failed with ${result.status}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startLocalWorker(options: LocalWorkerOptions = {}): Promise<LocalWorker> {
  const port = options.port ?? (await freePort());
  const persist = options.persistTo ? ["--persist-to", options.persistTo] : [];
  npx(["wrangler", "d1", "migrations", "apply", "DB", "--local", ...persist]);
  options.beforeStart?.();
  const vars = Object.entries(options.vars ?? {}).flatMap(([name, value]) => ["--var", `${name}:${value}`]);
  const envFile = options.envFile ? ["--env-file", options.envFile] : [];
  const worker = spawn(
    "npx",
    ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port), "--log-level", "warn", "--show-interactive-dev-session=false", ...persist, ...envFile, ...vars],
    { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], detached: true },
  );
  const stop = () => {
    if (worker.pid && worker.exitCode === null) {
      try {
        process.kill(-worker.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (worker.exitCode !== null) throw new Error(`wrangler dev exited with ${worker.exitCode}`);
      if (Date.now() > deadline) throw new Error("wrangler dev did not answer /health within 90 s");
      try {
        if ((await fetch(`${url}/health`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (error) {
    stop();
    throw error;
  }
  return { url, stop };
}

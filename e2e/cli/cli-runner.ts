/**
 * Runs the built CLI (`dist/cli/edge-cascade.mjs`, as `npx edge-cascade` does) as a child
 * process with its own HOME and XDG_CONFIG_HOME; `followDecisions` runs `decisions --follow --json`.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { ROOT } from "../../scripts/local-worker.ts";

export const CLI = join(ROOT, "dist/cli/edge-cascade.mjs");

/** Builds the bundle once per test file, as `npm ci` (prepare) does. */
export function buildCli(): void {
  const result = spawnSync("npm", ["run", "-s", "build:cli"], { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`npm run build:cli failed: ${result.stderr}`);
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A user's machine: an empty home directory whose config directory the CLI writes to. */
export function freshHome(): { home: string; configHome: string; env: NodeJS.ProcessEnv } {
  const home = mkdtempSync(join(tmpdir(), "edge-cascade-cli-"));
  const configHome = join(home, ".config");
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: configHome };
  return { home, configHome, env };
}

/** The CLI's run to its end; `input` is piped to its stdin (as `printf '%s' "$KEY" | edge-cascade login`). */
export function runCli(args: string[], env: NodeJS.ProcessEnv, options: { cwd?: string; input?: string } = {}): Promise<CliRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, cwd: options.cwd, stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    if (options.input !== undefined) child.stdin!.end(options.input);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolveRun({ code, stdout, stderr }));
  });
}

/** `--json` output, parsed; fails the test with what the CLI said when it is not JSON. */
export function parseJson<T = any>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  }
}

/** A unique task name: every e2e file shares one Worker. */
export function taskName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** `--url` and `--key` of the local Worker and its bootstrap key. */
export function apiFlags(): string[] {
  return ["--url", inject("workerUrl"), "--key", inject("apiKey")];
}

/** A running `decisions --follow --json`: what it has printed so far, parsed, and a wait. */
export interface Follower<T> {
  printed: T[];
  /** Resolves once `done()` holds; fails with what was printed after `ms`. */
  until(done: () => boolean, what: string, ms?: number): Promise<void>;
  stop(): void;
}

export function followDecisions<T = { decision_id: string }>(args: string[], env: NodeJS.ProcessEnv): Follower<T> {
  const child = spawn(process.execPath, [CLI, "decisions", "--follow", "--json", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  const printed: T[] = [];
  let buffer = "";
  child.stdout.on("data", (chunk) => {
    buffer += chunk;
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    printed.push(...lines.filter(Boolean).map((line) => JSON.parse(line) as T));
  });
  return {
    printed,
    async until(done, what, ms = 20_000) {
      for (const deadline = Date.now() + ms; !done(); await new Promise((r) => setTimeout(r, 50))) {
        if (Date.now() > deadline) throw new Error(`${what}; printed ${JSON.stringify(printed)}`);
      }
    },
    stop: () => child.kill("SIGINT"),
  };
}

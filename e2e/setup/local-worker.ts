/**
 * Global setup of the end-to-end tests: one Worker under `wrangler dev` with fresh state in a
 * temporary directory and the published development secrets (`.dev.vars.example`, key
 * `ec_local_dev_key`). Tests read its URL with `inject("workerUrl")`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startLocalWorker } from "../../scripts/local-worker.ts";

export const DEV_KEY = "ec_local_dev_key";

declare module "vitest" {
  export interface ProvidedContext {
    workerUrl: string;
    apiKey: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const state = mkdtempSync(join(tmpdir(), "edge-cascade-e2e-"));
  const worker = await startLocalWorker({ persistTo: state, envFile: ".dev.vars.example" });
  project.provide("workerUrl", worker.url);
  project.provide("apiKey", DEV_KEY);
  return () => {
    worker.stop();
    rmSync(state, { recursive: true, force: true });
  };
}

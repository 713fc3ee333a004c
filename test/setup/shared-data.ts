import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";

/** The shared evaluation data lives beside the project, never in it. */
const DATA_DIR = resolve(import.meta.dirname, "../../../shared/data");

/** Files the Workers-runtime tests read; they run in workerd, which has no file system. */
const FILES = ["vectors/rouge.json", "vectors/webhooks.json", "sms_spam/train.jsonl", "sms_spam/test.jsonl"];

declare module "vitest" {
  export interface ProvidedContext {
    sharedData: { available: boolean; directory: string; files: Record<string, string> };
  }
}

/**
 * Reads the shared data for the tests. Outside CI a missing folder skips the tests that need
 * it, with a message; in CI (`CI` set) it fails the run, so vector tests can never pass by
 * not running.
 */
export default function provideSharedData(project: TestProject): void {
  const files: Record<string, string> = {};
  for (const file of FILES) {
    const path = resolve(DATA_DIR, file);
    if (existsSync(path)) files[file] = readFileSync(path, "utf8");
  }
  const missing = FILES.filter((file) => !(file in files));
  if (missing.length > 0 && process.env.CI) {
    throw new Error(`CI needs the shared data: ${missing.map((file) => `${DATA_DIR}/${file}`).join(", ")} not found`);
  }
  project.provide("sharedData", { available: missing.length === 0, directory: DATA_DIR, files });
}

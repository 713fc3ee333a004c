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

export default function provideSharedData(project: TestProject): void {
  const available = existsSync(DATA_DIR);
  const files: Record<string, string> = {};
  if (available) {
    for (const file of FILES) {
      const path = resolve(DATA_DIR, file);
      if (existsSync(path)) files[file] = readFileSync(path, "utf8");
    }
  }
  project.provide("sharedData", { available, directory: DATA_DIR, files });
}

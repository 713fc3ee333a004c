/**
 * The SMS Spam Collection (ham/spam) from ../shared/data, read at test time and never copied.
 * Outside CI a machine without it skips the suites that need it; CI (CI=1) runs them and fails.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ROOT } from "../../scripts/local-worker.ts";

const DIR = resolve(ROOT, "../shared/data/sms_spam");

export interface LabelledRow {
  text: string;
  label: string;
}

export const SKIP_WITHOUT_SMS_SPAM = !existsSync(join(DIR, "train.jsonl")) && !process.env.CI;

/** The first `count` rows of a split. */
export function smsSpam(split: "train" | "test", count: number): LabelledRow[] {
  const file = join(DIR, `${split}.jsonl`);
  if (!existsSync(file)) throw new Error(`This test needs the shared data: ${file} not found`);
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(0, count)
    .map((line) => JSON.parse(line) as LabelledRow);
}

/**
 * A pool of summarization records from several files, with synthetic variants: what the
 * confidence is fitted and checked on across formats. Each record keeps its file's name as
 * `source` (plus the variant's style) and its fit/held-out split.
 */
import { basename, dirname } from "node:path";
import { readRecords } from "./dataset.ts";
import { splitOf, type SplitName } from "./summary-split.ts";
import { ARTICLE_STYLES, DIALOGUE_STYLES, FIT_DIALOGUE_STYLES, articleVariant, dialogueVariant } from "./summary-variants.ts";

export interface PoolRecord {
  id: string;
  text: string;
  summary: string;
  split: SplitName;
  /** The file ("bbc_news_summary", "samsum"), and "/style" for a variant. */
  source: string;
  /** A variant in a style the novelty fit never saw. */
  unseen: boolean;
}

function sourceOf(path: string): string {
  const name = basename(path).replace(/\.jsonl$/, "");
  return ["val", "test", "train"].includes(name) ? basename(dirname(path)) : name;
}

/** The records of `paths`; with `variants`, dialogue files also in every speaker-tag style and articles (records with a title) wrapped. */
export function loadPool(paths: readonly string[], variants: boolean): PoolRecord[] {
  const pool: PoolRecord[] = [];
  for (const path of paths) {
    const source = sourceOf(path);
    for (const record of readRecords(path)) {
      if (typeof record.text !== "string" || typeof record.summary !== "string") continue;
      const base = { id: record.id ?? record.text.slice(0, 40), summary: record.summary, split: splitOf(record), unseen: false };
      pool.push({ ...base, text: record.text, source });
      if (!variants) continue;
      const dialogue = record.text.split("\n").filter((line) => /^[^:\n]{1,40}:\s/.test(line)).length >= 2;
      if (dialogue) {
        for (const style of DIALOGUE_STYLES) {
          pool.push({ ...base, text: dialogueVariant(record.text, style), source: `${source}/${style}`, unseen: !FIT_DIALOGUE_STYLES.includes(style) });
        }
      } else if (typeof record.title === "string") {
        for (const style of ARTICLE_STYLES) pool.push({ ...base, text: articleVariant(record.text, record.title, style), source: `${source}/${style}` });
      }
    }
  }
  return pool;
}

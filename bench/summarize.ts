/**
 * `npm run bench -- summarize --data FILE[,FILE...] [--variants] [--threshold T]
 *  [--max-words N | --ratio R] [--split fit|heldout] [--limit N] [--out FILE] [--json]`
 *
 * Routing: at the edge threshold T (default 0.35, SUMMARY_THRESHOLD's default) it reports per
 * source (file, and with --variants each synthetic format of bench/summary-variants.ts) the share
 * of texts deferred to the large model and the edge's ROUGE on the texts it keeps, and over the
 * whole pool the AUROC of the confidence at telling edge summaries with ROUGE-L >= 0.25 from the rest.
 *
 * Scores the edge summarizer and the lead baseline (the first sentences, in order, that fit the
 * same word budget) against the `summary` of each JSON Lines record with ROUGE-1/2/L F1 (×100,
 * Porter-stemmed, rouge-score tokenisation), times the edge summarizer, and measures how well its
 * confidence tells summaries with ROUGE-L above the median from those below (AUROC).
 * Without --max-words or --ratio each document's budget is its reference summary's word count.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { parseFlags } from "./dataset.ts";
import { auroc, bootstrapInterval, mean, nowMicros, quantile } from "./stats.ts";
import { loadPool } from "./summary-pool.ts";
import { type SplitName } from "./summary-split.ts";
import { summarizeExtractive, type SummaryLength } from "../src/summarize/extract.ts";
import { wordBudget } from "../src/summarize/length.ts";
import { rouge } from "../src/summarize/rouge.ts";
import { splitSentences } from "../src/summarize/sentences.ts";
import { countWords } from "../src/text/words.ts";

interface Scored {
  split: SplitName;
  source: string;
  unseen: boolean;
  kind: string;
  edge: number[]; // rouge1, rouge2, rougeL F1 ×100
  lead: number[];
  edgeMicros: number;
  leadMicros: number;
  confidence: number;
}

const USAGE = "usage: summarize --data FILE[,FILE...] [--variants] [--threshold T] [--max-words N | --ratio R] [--split fit|heldout] [--limit N] [--out FILE] [--json]";
/** ROUGE-L (x100) from which an edge summary counts as good enough, for the pooled AUROC. */
const GOOD_ROUGE_L = 25;

export async function run(argv: string[]): Promise<void> {
  const flags = parseFlags(argv);
  const path = flags.get("data");
  if (!path) throw new Error(USAGE);
  const maxWords = flags.has("max-words") ? Number(flags.get("max-words")) : undefined;
  const ratio = flags.has("ratio") ? Number(flags.get("ratio")) : undefined;
  if ((maxWords !== undefined && !(maxWords >= 1)) || (ratio !== undefined && !(ratio > 0 && ratio <= 1))) throw new Error(USAGE);
  const lengthMode = maxWords !== undefined ? `max-words ${maxWords}` : ratio !== undefined ? `ratio ${ratio}` : "reference";
  const only = flags.get("split") as SplitName | undefined;
  const limit = flags.has("limit") ? Number(flags.get("limit")) : Infinity;

  const threshold = flags.has("threshold") ? Number(flags.get("threshold")) : 0.35;
  const records = loadPool(path.split(","), flags.has("variants"))
    .filter((r) => only === undefined || r.split === only)
    .slice(0, limit);
  if (records.length === 0) throw new Error(`${path}: no records with "text" and "summary"`);
  const lengthFor = (summary: string): SummaryLength =>
    maxWords !== undefined ? { maxWords } : ratio !== undefined ? { ratio } : { maxWords: countWords(summary) };

  for (const r of records.slice(0, 50)) summarizeExtractive(r.text, lengthFor(r.summary)); // warm the JIT
  const scored: Scored[] = records.map((r) => {
    const length = lengthFor(r.summary);
    let started = nowMicros();
    const edge = summarizeExtractive(r.text, length);
    const edgeMicros = nowMicros() - started;
    started = nowMicros();
    const lead = leadSummary(r.text, length);
    const leadMicros = nowMicros() - started;
    return {
      split: r.split,
      source: r.source,
      unseen: r.unseen,
      kind: String(edge.signals.kind),
      edge: rougeF1(r.summary, edge.summary),
      lead: rougeF1(r.summary, lead),
      edgeMicros,
      leadMicros,
      confidence: edge.confidence,
    };
  });
  const routing = routingOf(scored, threshold);

  const result = {
    data: path,
    n: scored.length,
    split: only ?? "all",
    length_mode: lengthMode,
    rouge: "F1 x100, rouge-score tokenisation with Porter stemming; 95% bootstrap intervals (1000 resamples)",
    edge: summaryOf(scored, (s) => s.edge, (s) => s.edgeMicros),
    lead: summaryOf(scored, (s) => s.lead, (s) => s.leadMicros),
    confidence_auroc: confidenceAuroc(scored),
    confidence_auroc_heldout: confidenceAuroc(scored.filter((s) => s.split === "heldout")),
    confidence_auroc_fit: confidenceAuroc(scored.filter((s) => s.split === "fit")),
    confidence_note: "AUROC of edge confidence at telling edge ROUGE-L above vs at-or-below the median of the set; 'fit' is the half the confidence model was fitted on",
    n_heldout: scored.filter((s) => s.split === "heldout").length,
    threshold,
    deferred_share: routing.all.deferred_share,
    kept_rouge: routing.all.kept_rouge,
    pooled_auroc_good: routing.pooled_auroc_good,
    pooled_auroc_note: `AUROC of edge confidence at telling edge ROUGE-L >= ${GOOD_ROUGE_L} from the rest, over every record`,
    routing: routing.sources,
  };
  printTable(result);
  const json = JSON.stringify(result);
  const out = flags.get("out");
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  }
  if (flags.has("json")) console.log(json);
}

/** The lead baseline: the document's sentences in order, each taken if it still fits the budget. */
export function leadSummary(text: string, length: SummaryLength): string {
  const sentences = splitSentences(text);
  const counts = sentences.map(countWords);
  const budget = wordBudget(length, counts.reduce((a, b) => a + b, 0));
  const taken: string[] = [];
  let used = 0;
  sentences.forEach((sentence, i) => {
    if (used + counts[i] <= budget) {
      taken.push(sentence);
      used += counts[i];
    }
  });
  if (taken.length === 0 && sentences.length > 0) return sentences[0].split(/\s+/).slice(0, budget).join(" ");
  return taken.join(" ");
}

/** Deferral at the threshold, and the edge's ROUGE on what it keeps, per source and split and in all. */
function routingOf(scored: Scored[], threshold: number) {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const describe = (set: Scored[]) => {
    const kept = set.filter((s) => s.confidence >= threshold);
    const kinds: Record<string, number> = {};
    for (const s of set) kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
    return {
      n: set.length,
      deferred_share: set.length === 0 ? null : round(1 - kept.length / set.length),
      kept_rouge: kept.length === 0 ? null : { rouge1: round(mean(kept.map((s) => s.edge[0]))), rougeL: round(mean(kept.map((s) => s.edge[2]))) },
      rouge: set.length === 0 ? null : { rouge1: round(mean(set.map((s) => s.edge[0]))), rougeL: round(mean(set.map((s) => s.edge[2]))) },
      kinds,
    };
  };
  const sources: Record<string, Record<string, unknown>> = {};
  for (const source of [...new Set(scored.map((s) => s.source))]) {
    const set = scored.filter((s) => s.source === source);
    sources[source] = { unseen: set[0].unseen, all: describe(set), fit: describe(set.filter((s) => s.split === "fit")), heldout: describe(set.filter((s) => s.split === "heldout")) };
  }
  const good = auroc(scored.map((s) => s.confidence), scored.map((s) => s.edge[2] >= GOOD_ROUGE_L));
  return { all: describe(scored), sources, pooled_auroc_good: Number.isNaN(good) ? null : round(good) };
}

function rougeF1(reference: string, prediction: string): number[] {
  return (["rouge1", "rouge2", "rougeL"] as const).map((type) => 100 * rouge(type, reference, prediction, { stem: true }).fmeasure);
}

function summaryOf(scored: Scored[], scores: (s: Scored) => number[], micros: (s: Scored) => number) {
  const column = (k: number) => scored.map((s) => scores(s)[k]);
  const round = (x: number) => Math.round(x * 100) / 100;
  const times = scored.map(micros);
  const entry: Record<string, number | number[]> = {};
  (["rouge1", "rouge2", "rougeL"] as const).forEach((name, k) => {
    entry[name] = round(mean(column(k)));
    entry[`${name}_ci`] = bootstrapInterval(column(k)).map(round);
  });
  entry.p50_us = Math.round(quantile(times, 0.5));
  entry.p99_us = Math.round(quantile(times, 0.99));
  return entry;
}

function confidenceAuroc(scored: Scored[]): number | null {
  if (scored.length < 2) return null;
  const median = quantile(scored.map((s) => s.edge[2]), 0.5);
  const value = auroc(scored.map((s) => s.confidence), scored.map((s) => s.edge[2] > median));
  return Number.isNaN(value) ? null : Math.round(value * 1000) / 1000;
}

function printTable(result: { n: number; length_mode: string; split: string; edge: Record<string, unknown>; lead: Record<string, unknown> } & Record<string, unknown>): void {
  const show = (name: string, e: Record<string, unknown>) => {
    const cell = (k: string) => `${e[k]} [${(e[`${k}_ci`] as number[]).join(", ")}]`;
    console.log(`${name.padEnd(6)} R1 ${cell("rouge1")}  R2 ${cell("rouge2")}  RL ${cell("rougeL")}  p50 ${e.p50_us} µs  p99 ${e.p99_us} µs`);
  };
  console.log(`summarize: ${result.n} documents (${result.split}), length: ${result.length_mode}; ROUGE F1 x100, Porter-stemmed`);
  show("edge", result.edge);
  show("lead", result.lead);
  console.log(`confidence AUROC (ROUGE-L above median): all ${result.confidence_auroc}, held-out ${result.confidence_auroc_heldout}, fit half ${result.confidence_auroc_fit}`);
  console.log(`routing at threshold ${result.threshold}: deferred ${result.deferred_share}; pooled AUROC (ROUGE-L >= ${GOOD_ROUGE_L}) ${result.pooled_auroc_good}`);
  const routing = result.routing as Record<string, { unseen: boolean; heldout: { n: number; deferred_share: number | null; kept_rouge: { rougeL: number } | null } }>;
  for (const [source, r] of Object.entries(routing)) {
    console.log(`  ${source.padEnd(34)} held-out n ${String(r.heldout.n).padStart(5)}  deferred ${String(r.heldout.deferred_share).padStart(6)}  kept RL ${r.heldout.kept_rouge?.rougeL ?? "-"}${r.unseen ? "  (style unseen by the fit)" : ""}`);
  }
}

/**
 * `npm run bench -- stream --train FILE[,FILE...] --test FILE[,FILE...] [--large-accuracy 0.9]
 *  [--feedback-rate 0] [--target 0.9] [--none-label oos] [--seed 1] [--window 500] [--chart FILE] [--json]`
 *
 * Replays the training file, shuffled with a seed, as live traffic through the real cascade
 * (runCascade) and the real learning code (label capture with masking, the retrain policy,
 * candidate training, time-ordered evaluation, threshold choice and promotion). The large model
 * is SIMULATED: gold with probability --large-accuracy, else a seeded wrong label, priced at
 * Workers AI's published prices. The gold labels of the stream are never trained on: only
 * the simulated large model's answers and, with --feedback-rate, that share of gold labels as
 * human feedback. Retraining happens in line here; in the Worker it runs in a Queue consumer.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { runCascade } from "../src/cascade/run.ts";
import type { Clock, Tier } from "../src/cascade/types.ts";
import { evaluateCandidate } from "../src/learn/candidate.ts";
import { predict, type CompactClassifier } from "../src/learn/classifier.ts";
import { createRandom, shuffled } from "../src/learn/random.ts";
import { shouldRetrain } from "../src/learn/retrain-policy.ts";
import { assembleTrainingSet, type LabelledRecord } from "../src/learn/training-set.ts";
import { capturedLabels } from "../src/learning/label-capture.ts";
import { lineChartSvg } from "./chart.ts";
import { parseFlags, readLabelled, type LabelledText } from "./dataset.ts";
import { simulatedLargeModel, type SimulatedLargeModel } from "./simulated-large-tier.ts";

const LARGE_MODEL = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const DEFAULT_THRESHOLD = 0.7;
const clock: Clock = { now: () => 0, sleep: async () => {} };

interface Active {
  model: CompactClassifier;
  threshold: number;
  version: number;
}

interface Served {
  label: string | null;
  tier: string | null;
  cost: number;
  decision: Awaited<ReturnType<typeof runCascade<string>>>;
}

export async function run(argv: string[]): Promise<void> {
  const flags = parseFlags(argv);
  const trainPaths = flags.get("train");
  const testPaths = flags.get("test");
  if (!trainPaths || !testPaths) throw new Error("usage: stream --train FILE[,FILE] --test FILE[,FILE] [--large-accuracy 0.9] [--feedback-rate 0] [--target 0.9] [--json]");
  const seed = Number(flags.get("seed") ?? 1);
  const largeAccuracy = Number(flags.get("large-accuracy") ?? 0.9);
  const feedbackRate = Number(flags.get("feedback-rate") ?? 0);
  const target = Number(flags.get("target") ?? 0.9);
  const windowSize = Number(flags.get("window") ?? 500);
  const noneLabel = flags.get("none-label") ?? "oos";
  const json = flags.has("json");
  const log = json ? (..._: unknown[]) => {} : console.log;

  const stream = shuffled(readLabelled(trainPaths), createRandom(seed));
  const test = readLabelled(testPaths);
  const labels = [...new Set([...stream, ...test].map((e) => e.label))].sort();
  const labelSet = new Set(labels);
  const random = createRandom(seed ^ 0x5eed);
  const large = simulatedLargeModel(labels, largeAccuracy, LARGE_MODEL, random);

  let active: Active | null = null;
  let labelsAtLastVersion = 0;
  const records: LabelledRecord[] = [];
  const versions: Record<string, unknown>[] = [];
  const windows: { requests: number; edge_share: number; accuracy: number; cost_ratio: number }[] = [];
  let windowEdge = 0;
  let windowRight = 0;
  let windowCount = 0;
  let cost = 0;
  let largeOnlyCost = 0;
  const started = performance.now();

  for (let i = 0; i < stream.length; i++) {
    const { text, label: gold } = stream[i];
    const served = await serve(active, large, text, gold);
    cost += served.cost;
    largeOnlyCost += large.answer(text, gold).costUsd; // the same prompt, priced; the answer itself is unused
    windowCount++;
    if (served.tier === "edge") windowEdge++;
    if (served.label === gold) windowRight++;

    // What the Worker keeps: the large model's accepted answers (masked text) and human feedback.
    records.push(...capturedLabels([text], [served.decision], [`d${i}`]).map((l) => ({ ...l, source: "large_model" as const, decisionId: `d${i}`, createdAt: i })));
    if (feedbackRate > 0 && random() < feedbackRate) records.push({ text, label: gold, source: "feedback", decisionId: `d${i}`, createdAt: i });

    if (shouldRetrain(records.length, labelsAtLastVersion, null)) {
      const examples = assembleTrainingSet(records, labelSet);
      labelsAtLastVersion = records.length;
      if (new Set(examples.map((e) => e.label)).size >= 2) {
        const t0 = performance.now();
        const report = evaluateCandidate({
          examples,
          active: active?.model ?? null,
          target: { accuracy: target, maxFallbackRate: null, noneLabel: labelSet.has(noneLabel) ? noneLabel : null },
          seed,
        });
        const version = versions.length + 1;
        versions.push({ version, at_request: i + 1, examples: examples.length, verdict: report.verdict, threshold: report.threshold, train_ms: Math.round(performance.now() - t0), ...report.metrics });
        if (report.verdict === "promoted") active = { model: report.model, threshold: report.threshold ?? DEFAULT_THRESHOLD, version };
        log(`  v${version} at request ${i + 1}: ${examples.length} labels, ${report.verdict} (${report.reason}), threshold ${report.threshold?.toFixed(3) ?? "default"}`);
      }
    }

    // A short tail joins the last full window rather than standing alone as a noisy point.
    const remaining = stream.length - 1 - i;
    if ((windowCount >= windowSize && remaining >= windowSize / 2) || remaining === 0) {
      windows.push({ requests: i + 1, edge_share: windowEdge / windowCount, accuracy: windowRight / windowCount, cost_ratio: cost / largeOnlyCost });
      const w = windows[windows.length - 1];
      log(`window to ${w.requests}: edge ${pct(w.edge_share)}, accuracy ${pct(w.accuracy)}, cumulative cost ${pct(w.cost_ratio)} of large-only`);
      windowEdge = windowRight = windowCount = 0;
    }
  }

  const final = await evaluateOnTest(active, large, test, noneLabel);
  const result = {
    train: trainPaths,
    test: testPaths,
    seed,
    target,
    feedback_rate: feedbackRate,
    large_model: { simulated: true, model: LARGE_MODEL, accuracy: largeAccuracy },
    stream_requests: stream.length,
    labels_kept: records.length,
    versions,
    windows,
    final,
    elapsed_s: Math.round((performance.now() - started) / 1000),
    chart: flags.get("chart") ?? null,
  };
  if (flags.has("chart")) {
    const path = flags.get("chart")!;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(
      path,
      lineChartSvg(`${trainPaths.split("/").slice(-2).join("/")}: learning from a simulated ${pct(largeAccuracy)} large model`, "requests", [
        { name: "edge share", color: "#2b7bb9", points: windows.map((w) => ({ x: w.requests, y: w.edge_share })) },
        { name: "accuracy (gold)", color: "#d9822b", points: windows.map((w) => ({ x: w.requests, y: w.accuracy })) },
        { name: "cost vs large-only", color: "#7a7a7a", points: windows.map((w) => ({ x: w.requests, y: w.cost_ratio })) },
      ]),
    );
    log(`chart written to ${path}`);
  }
  log(`final on ${test.length} test texts: accuracy ${pct(final.accuracy)}, edge share ${pct(final.edge_share)}, cost ${pct(final.cost_ratio)} of large-only`);
  if (final.oos_recall !== undefined) log(`  out-of-scope recall ${pct(final.oos_recall)}, in-scope accuracy ${pct(final.in_scope_accuracy!)}`);
  if (json) console.log(JSON.stringify(result));
}

/** One request through the real cascade: the active compact model, then the simulated large one. */
async function serve(active: Active | null, large: SimulatedLargeModel, text: string, gold: string): Promise<Served> {
  const tiers: Tier<string>[] = [];
  if (active) {
    const model = active.model;
    tiers.push({
      name: "edge",
      provider: "edge",
      model: `v${active.version}`,
      threshold: active.threshold,
      retry: { maxAttempts: 1, timeoutMs: 1000, deadlineMs: 1000, baseDelayMs: 0 },
      async run() {
        const p = predict(model, text);
        return { output: p.label, confidence: p.confidence, usage: { inputTokens: 0, outputTokens: 0 }, warnings: [] };
      },
      costUsd: () => 0,
      energyWh: () => 0,
    });
  }
  tiers.push(large.tier(text, gold));
  const decision = await runCascade(tiers, clock);
  return { label: decision.output, tier: decision.tier, cost: decision.costUsd ?? 0, decision };
}

async function evaluateOnTest(active: Active | null, large: SimulatedLargeModel, test: LabelledText[], noneLabel: string) {
  let right = 0;
  let edge = 0;
  let cost = 0;
  let largeOnly = 0;
  let oos = 0;
  let oosRight = 0;
  const oosPath = { edge_none: 0, edge_other: 0, deferred: 0 };
  let inScope = 0;
  let inScopeRight = 0;
  for (const { text, label } of test) {
    const served = await serve(active, large, text, label);
    const correct = served.label === label;
    if (correct) right++;
    if (served.tier === "edge") edge++;
    cost += served.cost;
    largeOnly += large.answer(text, label).costUsd;
    if (label === noneLabel) {
      oos++;
      if (correct) oosRight++;
      if (served.tier !== "edge") oosPath.deferred++;
      else if (served.label === noneLabel) oosPath.edge_none++;
      else oosPath.edge_other++;
    } else {
      inScope++;
      if (correct) inScopeRight++;
    }
  }
  const n = Math.max(1, test.length);
  return {
    sweep: active ? thresholdSweep(active.model, large, test, noneLabel) : [],
    accuracy: right / n,
    edge_share: edge / n,
    cost_ratio: cost / largeOnly,
    threshold: active?.threshold ?? null,
    version: active?.version ?? null,
    ...(oos > 0 ? { oos_recall: oosRight / oos, in_scope_accuracy: inScopeRight / Math.max(1, inScope), oos_paths: oosPath } : {}),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The trade-off the final model offers at other thresholds (the large model simulated once per text). */
function thresholdSweep(model: CompactClassifier, large: SimulatedLargeModel, test: LabelledText[], noneLabel: string) {
  const items = test.map(({ text, label }) => ({ gold: label, edge: predict(model, text), large: large.answer(text, label) }));
  return [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((threshold) => {
    let right = 0, edge = 0, oos = 0, oosRight = 0, inScopeRight = 0;
    for (const item of items) {
      const atEdge = item.edge.confidence >= threshold;
      const label = atEdge ? item.edge.label : item.large.label;
      if (atEdge) edge++;
      if (label === item.gold) right++;
      if (item.gold === noneLabel) {
        oos++;
        if (label === item.gold) oosRight++;
      } else if (label === item.gold) inScopeRight++;
    }
    const n = Math.max(1, items.length);
    return { threshold, edge_share: edge / n, accuracy: right / n, ...(oos > 0 ? { oos_recall: oosRight / oos, in_scope_accuracy: inScopeRight / (n - oos) } : {}) };
  });
}

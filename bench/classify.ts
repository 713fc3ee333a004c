/**
 * `npm run bench -- classify --train FILE --test FILE [--oos FILE] [--large-accuracy 0.9]
 *  [--large-model ID] [--seed N] [--limit N] [--json]`
 *
 * Trains the compact (edge) classifier, measures it on the test file, and simulates a cascade
 * that defers to a large LLM below a confidence threshold. The large model is a SIMULATION:
 * it answers the gold label with probability --large-accuracy, else a seeded wrong label; only
 * its price is real (published per-token prices, src/models/pricing.ts).
 */
import { readLabelled, parseFlags, type LabelledText } from "./dataset.ts";
import { quantile, auroc, nowMicros } from "./stats.ts";
import { trainClassifier } from "../src/learn/train.ts";
import { predict } from "../src/learn/classifier.ts";
import { encodeClassifier, decodeClassifier } from "../src/learn/artifact.ts";
import { evaluateClassifier } from "../src/learn/evaluation.ts";
import { createRandom, shuffled } from "../src/learn/random.ts";
import { modelPrice } from "../src/models/pricing.ts";
import { simulateLargeModel, cascadeAt, oosAt, bestOosThreshold, PROMPT_NOTE } from "./cascade-sim.ts";

const THRESHOLDS = [0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];
const OOS_THRESHOLDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

export async function run(argv: string[]): Promise<void> {
  const flags = parseFlags(argv);
  const trainPath = flags.get("train");
  const testPath = flags.get("test");
  if (!trainPath || !testPath) throw new Error("usage: classify --train FILE --test FILE [--oos FILE] [--large-accuracy 0.9] [--large-model ID] [--seed N] [--limit N] [--json]");
  const seed = Number(flags.get("seed") ?? 1);
  const largeAccuracy = Number(flags.get("large-accuracy") ?? 0.9);
  const largeModel = flags.get("large-model") ?? "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
  const largePrice = modelPrice({ provider: "workers-ai", modelId: largeModel }, new Map());
  if (!largePrice) throw new Error(`no published Workers AI price for ${largeModel}`);
  const limit = flags.has("limit") ? Number(flags.get("limit")) : Infinity;
  const sample = (rows: LabelledText[]) => (rows.length > limit ? shuffled(rows, createRandom(seed)).slice(0, limit) : rows);
  const train = sample(readLabelled(trainPath));
  const test = sample(readLabelled(testPath));

  const started = performance.now();
  const report = trainClassifier(train, { seed });
  const trainMs = performance.now() - started;
  const bytes = encodeClassifier(report.model);
  const model = decodeClassifier(bytes); // measure what ships: the decoded artifact

  const evaluation = evaluateClassifier(model, test);
  const latency = timePredictions(model, test.map((e) => e.text));
  const labels = [...new Set([...model.labels, ...test.map((e) => e.label)])];
  const large = simulateLargeModel(test, labels, largeAccuracy, largeModel, seed);
  const cascade = THRESHOLDS.map((threshold) => cascadeAt(threshold, evaluation.predictions, large));
  const result: Record<string, unknown> = {
    train: trainPath,
    test: testPath,
    seed,
    train_examples: train.length,
    test_examples: test.length,
    labels: model.labels.length,
    train_ms: Math.round(trainMs),
    model_bytes: bytes.length,
    training: report.metrics,
    edge: {
      accuracy: evaluation.accuracy,
      macro_f1: evaluation.macro_f1,
      ece: evaluation.ece,
      p50_us: latency.p50,
      p99_us: latency.p99,
      max_us: latency.max,
      cost_per_1k_usd: 0,
    },
    large_model: { simulated: true, model: largeModel, accuracy: largeAccuracy, measured_accuracy: large.accuracy, prices: largePrice, tokens: large.tokens, token_estimate: PROMPT_NOTE },
    large_only_cost_per_1k_usd: large.costPer1k,
    cascade,
  };
  if (flags.has("oos")) {
    const oosTexts = readLabelled(flags.get("oos")!).map((e) => e.text);
    const oosConfidence = oosTexts.map((text) => predict(model, text).confidence);
    const inScopeConfidence = evaluation.predictions.map((p) => p.confidence);
    result.oos = OOS_THRESHOLDS.map((threshold) => oosAt(threshold, oosConfidence, inScopeConfidence));
    result.oos_best = bestOosThreshold(oosConfidence, inScopeConfidence, 0.9, 0.15);
    // AUROC of "low confidence" as a detector of out-of-scope queries.
    result.oos_auroc = auroc([...oosConfidence, ...inScopeConfidence].map((c) => -c), [...oosConfidence.map(() => true), ...inScopeConfidence.map(() => false)]);
    result.oos_examples = oosTexts.length;
  }
  printTable(result);
  if (flags.has("json")) console.log(JSON.stringify(result));
}

/** Per-call inference time in microseconds, after a warm-up so the JIT has compiled the path. */
function timePredictions(model: ReturnType<typeof decodeClassifier>, texts: string[]) {
  for (let round = 0; round < 3; round++) for (const text of texts.slice(0, 500)) predict(model, text);
  const times = texts.map((text) => {
    const start = nowMicros();
    predict(model, text);
    return nowMicros() - start;
  });
  return { p50: round2(quantile(times, 0.5)), p99: round2(quantile(times, 0.99)), max: round2(Math.max(...times)) };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function printTable(result: Record<string, any>): void {
  const pct = (v: number) => (v * 100).toFixed(2) + "%";
  const { edge, large_model: large } = result;
  console.log(`classify: ${result.train} (${result.train_examples}) -> ${result.test} (${result.test_examples}), ${result.labels} labels, seed ${result.seed}`);
  console.log(`edge   accuracy ${pct(edge.accuracy)}  macro-F1 ${pct(edge.macro_f1)}  ECE(15) ${edge.ece.toFixed(4)}  p50 ${edge.p50_us} us  p99 ${edge.p99_us} us  max ${edge.max_us} us`);
  console.log(`model  ${(result.model_bytes / 1024).toFixed(0)} KiB, trained in ${result.train_ms} ms; held-out: accuracy ${result.training.holdout_accuracy?.toFixed(4)}, ECE ${result.training.ece?.toFixed(4)}, T ${result.training.temperature.toFixed(3)}`);
  console.log(`large  SIMULATED ${large.model}: right with p=${large.accuracy} (measured ${pct(large.measured_accuracy)}), priced at $${large.prices.inputPerMillionUsd}/$${large.prices.outputPerMillionUsd} per M in/out tokens; ${large.token_estimate}`);
  console.log(`       large-only: $${result.large_only_cost_per_1k_usd.toFixed(4)} per 1k; edge answers cost $0 (runs in the Worker)`);
  console.log("threshold  edge share  accuracy  cost/1k USD");
  for (const row of result.cascade) console.log(`${row.threshold.toFixed(2).padStart(9)}  ${pct(row.edge_share).padStart(10)}  ${pct(row.accuracy).padStart(8)}  ${row.cost_per_1k_usd.toFixed(4).padStart(11)}`);
  if (result.oos) {
    console.log(`out-of-scope (${result.oos_examples} texts), AUROC ${result.oos_auroc.toFixed(4)}`);
    console.log("threshold  oos deferred  in-scope deferred");
    for (const row of result.oos) console.log(`${row.threshold.toFixed(2).padStart(9)}  ${pct(row.oos_deferred).padStart(12)}  ${pct(row.in_scope_deferred).padStart(17)}`);
    const best = result.oos_best;
    console.log(best ? `best threshold meeting >=90% oos / <=15% in-scope deferred: ${best.threshold.toFixed(3)} (${pct(best.oos_deferred)} / ${pct(best.in_scope_deferred)})` : "no threshold meets >=90% oos / <=15% in-scope deferred");
  }
}

/**
 * `npm run fit:summary-confidence [-- --data FILE] [--lambda L] [--dry-run]`
 *
 * Fits the edge summarizer's confidence model: ridge regression from document and summary
 * features (src/summarize/confidence.ts) to the ROUGE-L F1 (Porter-stemmed) of the edge summary
 * against the reference, on the fitting half of the BBC articles (bench/summary-split.ts), with
 * summaries at the reference summaries' length. Reports AUROC (ROUGE-L above vs at-or-below the
 * median) on the held-out half and on all articles, and writes src/summarize/confidence-weights.ts.
 */
import { writeFileSync } from "node:fs";
import { parseFlags, readRecords } from "./dataset.ts";
import { auroc, mean, quantile } from "./stats.ts";
import { splitOf } from "./summary-split.ts";
import { FEATURE_NAMES, featureVector, type SummaryFeatures } from "../src/summarize/confidence.ts";
import { summarizeExtractive } from "../src/summarize/extract.ts";
import { rouge } from "../src/summarize/rouge.ts";
import { countWords } from "../src/text/words.ts";

const WEIGHTS_FILE = new URL("../src/summarize/confidence-weights.ts", import.meta.url);

interface Example {
  fit: boolean;
  x: number[];
  y: number;
}

const flags = parseFlags(process.argv.slice(2));
const dataPath = flags.get("data") ?? "../shared/data/bbc_news_summary.jsonl";
const lambda = Number(flags.get("lambda") ?? 1);

const examples: Example[] = readRecords(dataPath).map((record) => {
  const edge = summarizeExtractive(record.text, { maxWords: countWords(record.summary) });
  return {
    fit: splitOf(record) === "fit",
    x: featureVector(edge.signals as unknown as SummaryFeatures),
    y: rouge("rougeL", record.summary, edge.summary, { stem: true }).fmeasure,
  };
});
const fitting = examples.filter((e) => e.fit);
const heldOut = examples.filter((e) => !e.fit);
const model = fitRidge(fitting, lambda);
const predict = (x: number[]) =>
  model.intercept + x.reduce((s, v, i) => s + Math.min(model.ranges[i][1], Math.max(model.ranges[i][0], v)) * model.weights[i], 0);

const aurocOf = (set: Example[]) => {
  const median = quantile(set.map((e) => e.y), 0.5);
  return auroc(set.map((e) => predict(e.x)), set.map((e) => e.y > median));
};
const r2Of = (set: Example[]) => {
  const m = mean(set.map((e) => e.y));
  const residual = set.reduce((s, e) => s + (e.y - predict(e.x)) ** 2, 0);
  return 1 - residual / set.reduce((s, e) => s + (e.y - m) ** 2, 0);
};
const round = (x: number, places = 3) => Math.round(x * 10 ** places) / 10 ** places;

console.log(`fit on ${fitting.length} articles, held out ${heldOut.length} (${dataPath}); ridge lambda ${lambda}`);
console.log("univariate AUROC on the fitting half (feature alone vs ROUGE-L above median):");
FEATURE_NAMES.forEach((name, i) => {
  const median = quantile(fitting.map((e) => e.y), 0.5);
  console.log(`  ${name.padEnd(22)} ${round(auroc(fitting.map((e) => e.x[i]), fitting.map((e) => e.y > median)))}  weight ${round(model.weights[i], 5)}`);
});
// 5-fold cross-validation inside the fitting half: the estimate to steer feature choices by.
const crossValidated = fitting.map((e, i) => {
  const fold = fitRidge(fitting.filter((_, j) => j % 5 !== i % 5), lambda);
  return fold.intercept + e.x.reduce((s, v, k) => s + Math.min(fold.ranges[k][1], Math.max(fold.ranges[k][0], v)) * fold.weights[k], 0);
});
const fitMedian = quantile(fitting.map((e) => e.y), 0.5);
const report = {
  auroc_fit_cv5: round(auroc(crossValidated, fitting.map((e) => e.y > fitMedian))),
  auroc_heldout: round(aurocOf(heldOut)),
  auroc_fit: round(aurocOf(fitting)),
  auroc_all: round(aurocOf(examples)),
  r2_heldout: round(r2Of(heldOut)),
  r2_fit: round(r2Of(fitting)),
};
console.log(JSON.stringify(report));
console.log("calibration on the held-out half (quintiles of the prediction): mean predicted vs mean ROUGE-L");
const sorted = [...heldOut].sort((a, b) => predict(a.x) - predict(b.x));
for (let q = 0; q < 5; q++) {
  const bin = sorted.slice(Math.floor((q * sorted.length) / 5), Math.floor(((q + 1) * sorted.length) / 5));
  console.log(`  ${round(mean(bin.map((e) => predict(e.x))))}  ${round(mean(bin.map((e) => e.y)))}`);
}

if (!flags.has("dry-run")) {
  writeFileSync(WEIGHTS_FILE, renderWeights(model, report));
  console.log(`wrote ${WEIGHTS_FILE.pathname}`);
}

/** Ridge regression on standardised features, returned in the raw features' units. */
function fitRidge(set: Example[], penalty: number): { intercept: number; weights: number[]; ranges: number[][] } {
  const d = set[0].x.length;
  const means = Array.from({ length: d }, (_, j) => mean(set.map((e) => e.x[j])));
  const sds = means.map((m, j) => Math.sqrt(mean(set.map((e) => (e.x[j] - m) ** 2))) || 1);
  const yMean = mean(set.map((e) => e.y));
  const z = set.map((e) => e.x.map((v, j) => (v - means[j]) / sds[j]));
  const a = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? penalty : 0)));
  const b = new Array<number>(d).fill(0);
  z.forEach((row, n) => {
    for (let i = 0; i < d; i++) {
      b[i] += row[i] * (set[n].y - yMean);
      for (let j = 0; j < d; j++) a[i][j] += row[i] * row[j];
    }
  });
  const beta = solve(a, b);
  const weights = beta.map((w, j) => w / sds[j]);
  const ranges = means.map((_, j) => [Math.min(...set.map((e) => e.x[j])), Math.max(...set.map((e) => e.x[j]))]);
  return { intercept: yMean - weights.reduce((s, w, j) => s + w * means[j], 0), weights, ranges };
}

/** Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

function renderWeights(fitted: ReturnType<typeof fitRidge>, metrics: Record<string, number>): string {
  const lines = fitted.weights.map((w, i) => `    ${w.toPrecision(6)}, // ${FEATURE_NAMES[i]}`);
  const ranges = fitted.ranges.map(([low, high], i) => `    [${low.toPrecision(6)}, ${high.toPrecision(6)}], // ${FEATURE_NAMES[i]}`);
  return `// Generated by \`npm run fit:summary-confidence\` (bench/fit-summary-confidence.ts); do not edit by hand.
// Ridge regression (lambda ${lambda}, standardised features) from the features of
// src/summarize/confidence.ts to the ROUGE-L F1 (Porter-stemmed) of the edge summary against the
// reference, on the fitting half of the BBC News Summary articles (FNV-1a hash of id even;
// ${fitting.length} articles), summaries at the reference summaries' length.
// ${JSON.stringify(metrics)}
export const CONFIDENCE_MODEL = {
  intercept: ${fitted.intercept.toPrecision(6)},
  weights: [
${lines.join("\n")}
  ],
  // The range of each feature in the fitting half; inputs are clamped to it.
  ranges: [
${ranges.join("\n")}
  ] as [number, number][],
};
`;
}

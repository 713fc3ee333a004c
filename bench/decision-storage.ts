/**
 * `npm run bench -- decision-storage [--json] [--rows 20000]`
 *
 * What the decision log costs in D1 storage: applies the migrations to a SQLite file
 * (node:sqlite, the engine D1 runs), inserts realistic decision rows built by the service's own
 * `decisionRow` (70% classified at the edge, 20% classified after a fallback to the large model
 * with both tiers in the row, 10% summaries without their text), with the rollup trigger
 * running as in D1, and measures the file's growth per row, indexes and rollups included. From
 * it: the rows that fit D1's 10 GB limit and the days of retention that fit at 10, 100 and
 * 1,000 requests a second. Results in bench/results/decision-storage.json.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { getTableColumns } from "drizzle-orm";
import { decisions } from "../schema/index.ts";
import type { Decision, TierAttempt } from "../src/cascade/types.ts";
import { decisionRow, type DecisionContext } from "../src/pipeline/decision-record.ts";
import { keyedHash } from "../src/privacy/digest.ts";
import { keyRing } from "../src/privacy/keys.ts";
import { ROOT } from "../scripts/local-worker.ts";
import { parseFlags } from "./dataset.ts";

const D1_LIMIT_BYTES = 10 * 1024 ** 3;
const RATES = [10, 100, 1_000];

function attempt(fields: Partial<TierAttempt<string>>): TierAttempt<string> {
  return {
    tier: "edge",
    provider: "edge",
    model: "mdl_01JD5Z6Q8W4M2N7P3R9S1T0V2X",
    output: "billing",
    confidence: 0.93,
    latencyMs: 1.7,
    attempts: 1,
    error: null,
    usage: { inputTokens: 0, outputTokens: 0 },
    costUsd: 0,
    energyWh: 0.002,
    warnings: [],
    raw: null,
    ...fields,
  };
}

function decision(kind: number): Decision<string> {
  const edge = attempt({});
  if (kind < 70) return { output: "billing", confidence: 0.93, tier: "edge", model: edge.model, status: "ok", fallback: null, tiers: [edge], latencyMs: 2.1, usage: edge.usage, costUsd: 0, energyWh: 0.002, error: null };
  if (kind < 90) {
    const large = attempt({ tier: "large", provider: "workers-ai", model: "@cf/meta/llama-3.3-70b-instruct-fp8-fast", output: "account", confidence: 0.88, latencyMs: 812.4, usage: { inputTokens: 212, outputTokens: 14 }, costUsd: 0.000169, energyWh: 0.019 });
    const unsure = { ...edge, confidence: 0.41 };
    return {
      output: "account",
      confidence: 0.88,
      tier: "large",
      model: large.model,
      status: "ok",
      fallback: { reason: "low_confidence", from: "edge", to: "large", outcome: "answered", error: null },
      tiers: [unsure, large],
      latencyMs: 815.2,
      usage: large.usage,
      costUsd: large.costUsd,
      energyWh: 0.021,
      error: null,
    };
  }
  const summary = "The customer was billed twice for the March subscription and asks for a refund of the second charge before the end of the week.";
  const edgeSummary = attempt({ model: "extractive-v3", output: summary, confidence: 0.52, latencyMs: 3.9 });
  return { output: summary, confidence: 0.52, tier: "edge", model: "extractive-v3", status: "ok", fallback: null, tiers: [edgeSummary], latencyMs: 4.2, usage: edgeSummary.usage, costUsd: 0, energyWh: 0.002, error: null };
}

function fileBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

export async function run(argv: string[]): Promise<void> {
  const flags = parseFlags(argv);
  const json = flags.has("json");
  const rowsWanted = Number(flags.get("rows") ?? 20_000);
  const dir = mkdtempSync(join(tmpdir(), "decision-storage-"));
  try {
    const db = new DatabaseSync(join(dir, "d1.sqlite"));
    const migrations = readdirSync(resolve(ROOT, "schema/migrations")).filter((name) => name.endsWith(".sql")).sort();
    for (const name of migrations) {
      for (const statement of readFileSync(resolve(ROOT, "schema/migrations", name), "utf8").split("--> statement-breakpoint")) {
        if (statement.trim()) db.exec(statement);
      }
    }
    db.exec("VACUUM");
    const before = fileBytes(dir);
    const columns = Object.entries(getTableColumns(decisions));
    const insert = db.prepare(`INSERT INTO decisions (${columns.map(([, column]) => column.name).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
    const hashKeys = keyRing([{ version: "v1", secret: "bench-hash-key-0123456789-0123456789" }]);
    const start = Date.UTC(2026, 10, 1);
    db.exec("BEGIN");
    for (let i = 0; i < rowsWanted; i++) {
      const now = start + i * 250;
      const kind = (i * 37) % 100;
      const context: DecisionContext = {
        requestId: `req_${crypto.randomUUID().replaceAll("-", "").slice(0, 26)}`,
        projectId: "prj_default",
        keyId: "key_01JD5Z6Q8W4M2N7P3R9S1T0V2X",
        metadata: i % 10 === 0 ? { customer: `c-${i % 997}`, channel: "email" } : null,
        taskId: kind < 90 ? "tsk_01JD5Z6Q8W4M2N7P3R9S1T0V2X" : "tsk_01JD5Z6Q8W4M2N7P3R9S1T0V3Y",
        kind: kind < 90 ? "classify" : "summarize",
        source: "api",
        hashKeys,
        inputHash: (input) => keyedHash(hashKeys, input),
        now,
      };
      const text = `I was charged twice for my subscription this month, order ${i}, please refund the second charge`;
      const row = await decisionRow(context, text, decision(kind), kind < 90, { costUsd: 0.00021, energyWh: 0.021 });
      insert.run(...columns.map(([key, column]) => {
        const value = (row as Record<string, unknown>)[key];
        return (value === undefined || value === null ? null : column.mapToDriverValue(value)) as string | number | null;
      }));
    }
    db.exec("COMMIT");
    db.exec("VACUUM");
    const after = fileBytes(dir);
    const rollups = (db.prepare("SELECT count(*) AS n FROM decision_rollups").get() as { n: number }).n;
    db.close();
    const bytesPerRow = (after - before) / rowsWanted;
    const rowsIn10Gb = Math.floor(D1_LIMIT_BYTES / bytesPerRow);
    const result = {
      benchmark: "decision-storage",
      rows: rowsWanted,
      rollup_rows: rollups,
      bytes_per_decision: Math.round(bytesPerRow),
      rows_in_10_gb: rowsIn10Gb,
      retention_days_in_10_gb: Object.fromEntries(RATES.map((rate) => [`${rate}_per_s`, Number((rowsIn10Gb / (rate * 86_400)).toFixed(2))])),
      mix: "70% edge classify, 20% classify after a fallback to the large model, 10% edge summaries (text not kept); 10% with metadata",
    };
    if (!json) {
      console.log(`${rowsWanted} decisions: ${result.bytes_per_decision} bytes each (indexes and rollups included)`);
      console.log(`rows in 10 GB: ${rowsIn10Gb.toLocaleString("en")}`);
      for (const rate of RATES) console.log(`retention that fits at ${rate}/s: ${result.retention_days_in_10_gb[`${rate}_per_s`]} days`);
    }
    const file = resolve(ROOT, "bench/results/decision-storage.json");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    if (json) console.log(JSON.stringify(result));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

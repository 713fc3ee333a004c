/**
 * `npm run bench -- http [--json] [--duration 10] [--connections 20] [--pairs 2] [--port 8799] [--decision-log d1|queue] [--persist-to DIR]`
 *
 * The cost of the request path's controls (auth, key and task lookups, budgets, limits, the
 * decision write) measured end to end: starts the Worker locally (`wrangler dev`, after the local
 * migrations and the demo seed that `npm start` runs), then alternates autocannon runs of
 * `GET /health` and a confident single-text `POST /v1/classify` (answered by the edge tier),
 * `--connections` each for `--duration` seconds, `--pairs` times; then one connection of classify
 * for its latency, and one connection of `/health` as the floor of that latency (the local
 * stack's own: wrangler's dev proxy, then the Worker). Reports requests a second of each, their
 * ratio (classify / health, pair by pair and overall) and p50/p99 at one connection. `--persist-to`
 * keeps the local D1, KV, queue and rate-limiter state in DIR (e.g. a tmpfs, to take the disk out
 * of the measurement). On a shared machine only the ratio
 * within one run means much. `--decision-log queue` runs the Worker with `DECISION_LOG=queue`. With --json the last line is one JSON object, also written to
 * bench/results/http-<d1|queue>.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import autocannon from "autocannon";
import { npx, ROOT, startLocalWorker } from "../scripts/local-worker.ts";
import { parseFlags } from "./dataset.ts";

const resultsFile = (decisionLog: string) => resolve(ROOT, `bench/results/http-${decisionLog}.json`);
const DEV_KEY = "ec_local_dev_key";
const CONFIDENT_TEXT = "I was charged twice for my subscription this month";

interface RunResult {
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  non_2xx: number;
  errors: number;
}

function load(options: autocannon.Options): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    autocannon(options, (error, result) => {
      if (error) return reject(error);
      resolvePromise({
        requests_per_s: result.requests.average,
        p50_ms: result.latency.p50,
        p99_ms: result.latency.p99,
        non_2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      });
    });
  });
}

export async function run(argv: string[]): Promise<void> {
  const flags = parseFlags(argv);
  const json = flags.has("json");
  const duration = Number(flags.get("duration") ?? 10);
  const connections = Number(flags.get("connections") ?? 20);
  const pairs = Number(flags.get("pairs") ?? 2);
  const port = Number(flags.get("port") ?? 8799);
  const base = `http://127.0.0.1:${port}`;
  const decisionLog = flags.get("decision-log") ?? "d1";
  if (decisionLog !== "d1" && decisionLog !== "queue") throw new Error("--decision-log is d1 or queue");

  const persistTo = flags.get("persist-to");
  const worker = await startLocalWorker({ port, persistTo, vars: { DECISION_LOG: decisionLog }, beforeStart: () => npx(["tsx", "scripts/seed-demo.ts", ...(persistTo ? ["--persist-to", persistTo] : [])]) });
  try {
    const classify = {
      url: `${base}/v1/classify`,
      method: "POST" as const,
      headers: { authorization: `Bearer ${DEV_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ task: "support-triage", text: CONFIDENT_TEXT }),
    };
    const check = await fetch(classify.url, classify);
    const answer = (await check.json()) as { tier?: string; status?: string };
    if (!check.ok || answer.tier !== "edge") throw new Error(`the classify request is not answered at the edge: ${check.status} ${JSON.stringify(answer)}`);

    // Warm both paths (isolate caches, JIT) before anything is measured.
    await load({ url: `${base}/health`, connections, duration: 2 });
    await load({ ...classify, connections, duration: 2 });
    const rounds: { health: RunResult; classify: RunResult; ratio: number }[] = [];
    for (let i = 0; i < pairs; i++) {
      const health = await load({ url: `${base}/health`, connections, duration });
      const classified = await load({ ...classify, connections, duration });
      rounds.push({ health, classify: classified, ratio: classified.requests_per_s / health.requests_per_s });
      if (!json) console.log(`pair ${i + 1}: health ${health.requests_per_s.toFixed(0)}/s, classify ${classified.requests_per_s.toFixed(0)}/s, ratio ${rounds[i].ratio.toFixed(3)}`);
    }
    const single = await load({ ...classify, connections: 1, duration });
    const singleHealth = await load({ url: `${base}/health`, connections: 1, duration });
    const sum = (pick: (r: (typeof rounds)[number]) => number) => rounds.reduce((s, r) => s + pick(r), 0);
    const result = {
      benchmark: "http",
      decision_log: decisionLog,
      connections,
      duration_s: duration,
      pairs: rounds,
      health_requests_per_s: sum((r) => r.health.requests_per_s) / rounds.length,
      classify_requests_per_s: sum((r) => r.classify.requests_per_s) / rounds.length,
      ratio: sum((r) => r.classify.requests_per_s) / sum((r) => r.health.requests_per_s),
      single_connection_classify: single,
      single_connection_health: singleHealth,
      targets: { ratio_at_least: 0.5, single_p99_ms_at_most: 10 },
    };
    if (!json) {
      console.log(`classify / health throughput: ${result.ratio.toFixed(3)} (target >= 0.5)`);
      console.log(`one connection classify: p50 ${single.p50_ms} ms, p99 ${single.p99_ms} ms (target p99 <= 10 ms); health: p50 ${singleHealth.p50_ms} ms, p99 ${singleHealth.p99_ms} ms`);
    }
    mkdirSync(dirname(resultsFile(decisionLog)), { recursive: true });
    writeFileSync(resultsFile(decisionLog), `${JSON.stringify(result, null, 2)}\n`);
    if (json) console.log(JSON.stringify(result));
  } finally {
    worker.stop();
  }
}

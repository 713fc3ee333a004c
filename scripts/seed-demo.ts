/**
 * `npm start` runs this before `wrangler dev`: it makes sure .dev.vars exists and that the
 * local D1 and KV hold the demo task "support-triage" with a trained compact model. It uses
 * the same local storage as `wrangler dev` (getPlatformProxy), the project's own storage and
 * training code, and does nothing when the demo is already there.
 */
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { getPlatformProxy } from "wrangler";
import { TRAINING_SEED } from "../src/learning/retrains.ts";
import { trainModelVersion } from "../src/learning/training-job.ts";
import { database } from "../src/storage/database.ts";
import { insertExamples } from "../src/storage/examples.ts";
import { kvModelArtifacts } from "../src/storage/model-artifacts.ts";
import { queueVersion } from "../src/storage/model-versions.ts";
import { DEFAULT_PROJECT_ID } from "../schema/projects.ts";
import { findTask, insertTask } from "../src/storage/tasks.ts";
import { NAME_TAKEN } from "../src/storage/unique-names.ts";
import { systemClock } from "../src/time/clock.ts";

const DEMO_DIR = "demo/support-triage";

if (!existsSync(".dev.vars")) {
  copyFileSync(".dev.vars.example", ".dev.vars");
  console.log("created .dev.vars from .dev.vars.example (local dev key: ec_local_dev_key)");
}

// `--persist-to DIR` seeds the state `wrangler dev --persist-to DIR` uses (wrangler keeps it in DIR/v3).
const persistAt = process.argv.indexOf("--persist-to");
const proxy = await getPlatformProxy<Env>(persistAt > 0 ? { persist: { path: `${process.argv[persistAt + 1]}/v3` } } : {});
try {
  const db = database(proxy.env.DB);
  const definition = JSON.parse(readFileSync(`${DEMO_DIR}/task.json`, "utf8"));
  const existing = await findTask(db, DEFAULT_PROJECT_ID, definition.name);
  if (existing?.activeModelId) {
    console.log(`demo task ${definition.name} is ready (${existing.id})`);
  } else {
    const inserted =
      existing ??
      (await insertTask(db, {
        projectId: DEFAULT_PROJECT_ID,
        name: definition.name,
        kind: "classify",
        description: definition.description,
        labels: definition.labels,
        threshold: null,
        targetAccuracy: definition.target_accuracy ?? null,
        tiers: null,
        activeModelId: null,
        settings: {},
      }, systemClock.now()));
    if (inserted === NAME_TAKEN) throw new Error(`another seed created ${definition.name} meanwhile: run npm start again`);
    const task = inserted;
    if (!existing) {
      const examples = readFileSync(`${DEMO_DIR}/train.jsonl`, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as { text: string; label: string });
      await insertExamples(db, task.id, examples, "import", systemClock.now());
    }
    const { version } = await queueVersion(db, task.id, TRAINING_SEED, "manual", systemClock.now());
    const outcome = await trainModelVersion({ db, artifacts: kvModelArtifacts(proxy.env.MODELS), clock: systemClock }, version.id);
    console.log(`demo task ${definition.name} (${task.id}): model ${version.id} ${outcome.status}, ${outcome.reason}`);
  }
} finally {
  await proxy.dispose();
}

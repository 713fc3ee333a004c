import type { ModelVersion } from "../../clients/api-json.ts";
import { type Command, numberValue, requiredString, sleep } from "../command.ts";
import { CliError, EXIT } from "../errors.ts";
import { pairs, percent, terminalText } from "../output.ts";
import { requireTask } from "./task-ref.ts";

export const train: Command = {
  name: "train",
  summary: "Train a new model version of a task; with --wait, follow it until it is ready or failed",
  args: "--task TASK [--wait] [--timeout SECONDS]",
  options: {
    task: { type: "string", value: "TASK", description: "Task name or id" },
    wait: { type: "boolean", description: "Poll the version until it is ready or failed, then print its metrics and verdict" },
    timeout: { type: "string", value: "SECONDS", description: "Give up waiting after this long (default 900)" },
    interval: { type: "string", value: "SECONDS", description: "Seconds between polls (default 1)" },
  },
  positionals: [0, 0],
  examples: ["edge-cascade train --task tickets --wait"],
  async run({ out, api, values }) {
    const client = api();
    const task = await requireTask(client, requiredString(values, "task", "train"), "classify");
    const timeoutMs = numberValue(values, "timeout", 900, { min: 1, max: 86_400 }) * 1000;
    const intervalMs = numberValue(values, "interval", 1, { min: 0.1, max: 60 }) * 1000;
    // A version already queued or training is answered instead of a second one.
    let version = await client.request<ModelVersion>("POST", `/v1/tasks/${task.id}/train`);
    if (values.wait) {
      const started = Date.now();
      let shown = "";
      while (version.status === "queued" || version.status === "training") {
        const line = `version ${version.version}: ${version.status} (${Math.round((Date.now() - started) / 1000)} s)`;
        if (out.interactive) process.stderr.write(`\r\x1b[2K${terminalText(line)}`);
        else if (version.status !== shown) out.note(line);
        shown = version.status;
        if (Date.now() - started > timeoutMs) {
          if (out.interactive) process.stderr.write("\n");
          throw new CliError("timeout", `version ${version.version} of ${task.name} is still ${version.status} after ${timeoutMs / 1000} s; check it later with \`edge-cascade tasks show ${task.name}\``);
        }
        await sleep(intervalMs);
        version = await client.request<ModelVersion>("GET", `/v1/tasks/${task.id}/models/${version.version}`);
      }
      if (out.interactive) process.stderr.write("\r\x1b[2K");
    }
    const result = { task: { id: task.id, name: task.name }, ...version };
    if (values.wait && version.status === "failed") {
      // People see the version, then the one-line error; --json prints only the error, the version in its details.
      if (!out.json) out.result(result, () => describeVersion(task.name, version));
      throw new CliError("training_failed", `version ${version.version} of ${task.name} failed: ${version.error ?? "no reason given"}`, EXIT.failure, { details: result });
    }
    out.result(result, () => describeVersion(task.name, version));
  },
};

function describeVersion(taskName: string, version: ModelVersion): string {
  const metrics = version.metrics ?? {};
  const number = (name: string) => (typeof metrics[name] === "number" ? (metrics[name] as number) : null);
  const entries: [string, string][] = [
    ["task", taskName],
    ["version", `${version.version} (${version.id})`],
    ["status", version.status],
  ];
  if (version.status === "failed") entries.push(["error", version.error ?? "unknown"]);
  if (version.status === "ready") {
    entries.push(
      ["verdict", `${version.verdict ?? "-"}${version.verdict_reason ? `: ${version.verdict_reason}` : ""}`],
      ["active", version.active ? "yes" : "no"],
      ["examples", String(version.training_examples ?? number("examples") ?? "-")],
      ["threshold", version.threshold === null ? "-" : version.threshold.toFixed(3)],
      ["holdout accuracy", percent(number("holdout_accuracy"))],
      ["holdout edge share", percent(number("holdout_edge_share"))],
      ["holdout edge accuracy", percent(number("holdout_edge_accuracy"))],
      ["holdout cascade accuracy", percent(number("holdout_cascade_accuracy"))],
    );
  }
  if (version.status === "queued" || version.status === "training") entries.push(["follow", "edge-cascade train --task " + taskName + " --wait"]);
  return pairs(entries);
}

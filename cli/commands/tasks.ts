import { allPages } from "../api-client.ts";
import type { ModelVersion, Page, Task } from "../../clients/api-json.ts";
import { type Command, listValue, numberValue, stringValue } from "../command.ts";
import { usageError } from "../errors.ts";
import { pairs, percent, table } from "../output.ts";

export const tasksList: Command = {
  name: "tasks list",
  summary: "List the project's tasks",
  args: "",
  options: {},
  positionals: [0, 0],
  examples: ["edge-cascade tasks list", "edge-cascade tasks list --json | jq -r '.[].name'"],
  async run({ out, api }) {
    const tasks = await allPages<Task>(api(), "/v1/tasks", 200);
    out.result(tasks, () =>
      tasks.length === 0
        ? "No tasks yet: `edge-cascade tasks create NAME --label A --label B`."
        : table(
            ["NAME", "KIND", "LABELS", "MODEL", "ID"],
            tasks.map((task) => [task.name, task.kind, String(task.labels.length), task.active_model_id ?? "-", task.id]),
          ),
    );
  },
};

export const tasksCreate: Command = {
  name: "tasks create",
  summary: "Create a classification (or summarization) task",
  args: "NAME [--label L]... [options]",
  options: {
    label: { type: "string", multiple: true, value: "LABEL", description: "A label; also a comma-separated list" },
    kind: { type: "string", value: "KIND", description: "classify (default) or summarize" },
    description: { type: "string", value: "TEXT", description: "What the labels are for (shown to the large model)" },
    "target-accuracy": { type: "string", value: "N", description: "Accuracy (0.5..1) the edge answers must reach" },
    threshold: { type: "string", value: "N", description: "A fixed edge confidence threshold (0..1)" },
    "keep-text": { type: "boolean", description: "Keep texts the large model labelled, as training data" },
  },
  positionals: [1, 1],
  examples: ["edge-cascade tasks create tickets --label billing --label bug --label account --target-accuracy 0.9"],
  async run({ out, api, values, positionals }) {
    const kind = stringValue(values, "kind") ?? "classify";
    if (kind !== "classify" && kind !== "summarize") throw usageError(`--kind must be classify or summarize, not ${JSON.stringify(kind)}`);
    const labels = listValue(values, "label");
    if (kind === "classify" && labels.length < 2) throw usageError("a classification task needs at least two labels: --label A --label B");
    const body = {
      name: positionals[0],
      kind,
      labels,
      description: stringValue(values, "description"),
      target_accuracy: values["target-accuracy"] === undefined ? undefined : numberValue(values, "target-accuracy", 0, { min: 0.5, max: 1 }),
      threshold: values.threshold === undefined ? undefined : numberValue(values, "threshold", 0, { min: 0, max: 1 }),
      settings: values["keep-text"] ? { keep_text: true } : undefined,
    };
    const task = await api().request<Task>("POST", "/v1/tasks", { body });
    out.result(task, () => `Created task ${task.name} (${task.id}) with labels ${task.labels.map((label) => label.name).join(", ")}.`);
  },
};

export const tasksShow: Command = {
  name: "tasks show",
  summary: "Show a task (by name or id) and its model versions",
  args: "TASK",
  options: {},
  positionals: [1, 1],
  examples: ["edge-cascade tasks show tickets"],
  async run({ out, api, positionals }) {
    const client = api();
    const task = await client.request<Task>("GET", `/v1/tasks/${encodeURIComponent(positionals[0])}`);
    const models = task.kind === "classify" ? (await client.request<Page<ModelVersion>>("GET", `/v1/tasks/${task.id}/models`)).data : [];
    out.result({ ...task, models }, () => {
      const lines = [
        pairs([
          ["name", task.name],
          ["id", task.id],
          ["kind", task.kind],
          ["labels", task.labels.map((label) => label.name).join(", ") || "-"],
          ["threshold", task.threshold === null ? "from the model" : String(task.threshold)],
          ["target accuracy", task.target_accuracy === null ? "-" : percent(task.target_accuracy)],
          ["active model", task.active_model_id ?? "none (untrained)"],
          ["created", task.created_at],
        ]),
      ];
      if (models.length > 0) {
        lines.push(
          "",
          table(
            ["VERSION", "STATUS", "ACTIVE", "EXAMPLES", "HOLDOUT ACC", "VERDICT", "CREATED"],
            models.map((model) => [
              String(model.version),
              model.status,
              model.active ? "yes" : "",
              String(model.training_examples ?? "-"),
              percent(model.metrics?.holdout_accuracy as number | null | undefined),
              model.verdict ?? "-",
              model.created_at,
            ]),
          ),
        );
      }
      return lines.join("\n");
    });
  },
};

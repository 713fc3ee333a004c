import { allPages } from "../api-client.ts";
import { type Command, listValue, stringValue } from "../command.ts";
import { usageError } from "../errors.ts";
import { table } from "../output.ts";

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  tasks: string[] | null;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
}

export const keysCreate: Command = {
  name: "keys create",
  summary: "Create an API key of the project (shown once)",
  args: "--name NAME --scope SCOPE... [--task TASK]... [--expires ISO]",
  options: {
    name: { type: "string", value: "NAME", description: "What the key is for" },
    scope: { type: "string", multiple: true, value: "SCOPE", description: "admin, tasks:write, classify, summarize, decisions:read or feedback; also comma-separated" },
    task: { type: "string", multiple: true, value: "TASK", description: "Limit the key to this task (name or id)" },
    expires: { type: "string", value: "ISO", description: "When the key stops working, e.g. 2027-01-01T00:00:00Z" },
  },
  positionals: [0, 0],
  examples: ["edge-cascade keys create --name support-bot --scope classify --task tickets --expires 2027-01-01T00:00:00Z"],
  async run({ out, api, values }) {
    const name = stringValue(values, "name");
    const scopes = listValue(values, "scope");
    if (!name) throw usageError("keys create needs --name");
    if (scopes.length === 0) throw usageError("keys create needs at least one --scope (e.g. --scope classify)");
    const tasks = listValue(values, "task");
    const key = await api().request<ApiKey & { key: string }>("POST", "/v1/keys", {
      body: { name, scopes, tasks: tasks.length > 0 ? tasks : undefined, expires_at: stringValue(values, "expires") },
    });
    out.result(key, () => `Created key ${key.id} (${key.scopes.join(", ")}). It is shown only this once:\n${key.key}`);
  },
};

export const keysList: Command = {
  name: "keys list",
  summary: "List the project's API keys (never their secrets)",
  args: "",
  options: {},
  positionals: [0, 0],
  examples: ["edge-cascade keys list"],
  async run({ out, api }) {
    const keys = await allPages<ApiKey>(api(), "/v1/keys", 200);
    out.result(keys, () =>
      table(
        ["ID", "NAME", "PREFIX", "SCOPES", "TASKS", "EXPIRES", "LAST USED", "STATE"],
        keys.map((key) => [
          key.id,
          key.name,
          key.prefix,
          key.scopes.join(","),
          key.tasks?.join(",") ?? "all",
          key.expires_at ?? "never",
          key.last_used_at ?? "-",
          key.revoked_at ? `revoked ${key.revoked_at}` : key.expires_at && Date.parse(key.expires_at) < Date.now() ? "expired" : "active",
        ]),
      ),
    );
  },
};

export const keysRevoke: Command = {
  name: "keys revoke",
  summary: "Revoke an API key (refused everywhere within 60 s)",
  args: "KEY_ID",
  options: {},
  positionals: [1, 1],
  examples: ["edge-cascade keys revoke key_01J9Z3X4M5N6P7Q8R9S0T1V2W3"],
  async run({ out, api, positionals }) {
    await api().request<undefined>("DELETE", `/v1/keys/${encodeURIComponent(positionals[0])}`);
    out.result({ id: positionals[0], revoked: true }, () => `Revoked ${positionals[0]}.`);
  },
};

import { isIP } from "node:net";
import { createInterface } from "node:readline";
import { ApiClient } from "../api-client.ts";
import { type Command, stringValue } from "../command.ts";
import { normaliseUrl, readSavedCredentials, saveCredentials } from "../config.ts";
import { CliError, EXIT } from "../errors.ts";
import { pairs } from "../output.ts";

interface CurrentProject {
  id: string;
  name: string;
  caller: { key_id: string; scopes: string[]; tasks: string[] | null; bootstrap: boolean };
}

export const login: Command = {
  name: "login",
  summary: "Check a URL and API key against the API (GET /v1/project) and save them",
  args: "[--url URL] [--key KEY]",
  options: {},
  positionals: [0, 0],
  examples: [
    "edge-cascade login --url https://edge-cascade.example.workers.dev   # asks for the key, without echo",
    "printf '%s' \"$KEY\" | edge-cascade login --url https://edge-cascade.example.workers.dev   # key from stdin",
    "EDGE_CASCADE_KEY=... edge-cascade login --url http://localhost:8787",
  ],
  async run({ out, values }) {
    const saved = readSavedCredentials();
    const rawUrl = stringValue(values, "url") ?? process.env.EDGE_CASCADE_URL ?? saved?.url;
    if (!rawUrl) throw new CliError("usage", "login needs --url (or EDGE_CASCADE_URL)", EXIT.usage);
    const url = normaliseUrl(rawUrl, "--url");
    const warnings = cleartextWarning(url);
    warnings.forEach((warning) => out.note(`warning: ${warning}`));
    const key = stringValue(values, "key") ?? process.env.EDGE_CASCADE_KEY ?? (await readKey());
    if (!key) throw new CliError("usage", "login needs --key, EDGE_CASCADE_KEY or the key on stdin", EXIT.usage);
    const project = await new ApiClient(url, key).request<CurrentProject>("GET", "/v1/project");
    const path = saveCredentials({ url, key });
    const result = { url, project: { id: project.id, name: project.name }, key_id: project.caller.key_id, scopes: project.caller.scopes, tasks: project.caller.tasks, config_file: path, warnings };
    out.result(result, () =>
      [
        `Logged in to ${url}.`,
        pairs([
          ["project", `${project.name} (${project.id})`],
          ["key", project.caller.key_id],
          ["scopes", project.caller.scopes.join(", ")],
          ["tasks", project.caller.tasks?.join(", ") ?? "all"],
          ["saved to", path],
        ]),
      ].join("\n"),
    );
  },
};

/** A plain-http URL to another machine carries the key in cleartext, readable on the way. */
function cleartextWarning(url: string): string[] {
  const { protocol, hostname } = new URL(url);
  if (protocol !== "http:" || isLoopback(hostname)) return [];
  return [`${url} is plain http to another machine: the API key travels in cleartext on every request; use https`];
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || (isIP(host) === 4 && host.startsWith("127."));
}

/** The key from stdin: typed without echo at a terminal, or the first line of a pipe. */
async function readKey(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = "";
    for await (const chunk of process.stdin) text += chunk;
    return text.split("\n")[0].trim();
  }
  process.stderr.write("API key: ");
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Echo nothing while the key is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  const key = await new Promise<string>((resolve) => rl.question("", resolve));
  rl.close();
  process.stderr.write("\n");
  return key.trim();
}

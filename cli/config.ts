/**
 * Where the CLI keeps what `login` saved (`$XDG_CONFIG_HOME/edge-cascade/config.json`, else
 * `~/.config/edge-cascade/config.json`, mode 0600) and how the URL and key are chosen:
 * `--url`/`--key` flags, then `EDGE_CASCADE_URL`/`EDGE_CASCADE_KEY`, then the file.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { CliError, EXIT } from "./errors.ts";

export interface Credentials {
  url: string;
  key: string;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), ".config");
  return join(base, "edge-cascade");
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), "config.json");
}

/** The saved URL and key, or null when `login` never ran. */
export function readSavedCredentials(env: NodeJS.ProcessEnv = process.env): Partial<Credentials> | null {
  const path = configPath(env);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return null;
  }
  try {
    const saved = JSON.parse(text) as Partial<Credentials>;
    return { url: typeof saved.url === "string" ? saved.url : undefined, key: typeof saved.key === "string" ? saved.key : undefined };
  } catch {
    throw new CliError("bad_config", `${path} is not valid JSON; run \`edge-cascade login\` again`, EXIT.usage);
  }
}

export function saveCredentials(credentials: Credentials, env: NodeJS.ProcessEnv = process.env): string {
  const path = configPath(env);
  writePrivateFile(path, `${JSON.stringify({ url: credentials.url, key: credentials.key, saved_at: new Date().toISOString() }, null, 2)}\n`);
  return path;
}

/** Writes a file only its owner can read (0600, in a 0700 directory), replacing it in one rename. */
export function writePrivateFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // mkdir's mode applies only to a directory it creates: an existing one (say 0755) is narrowed too.
  chmodSync(dirname(path), 0o700);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  chmodSync(temporary, 0o600); // the mode above is masked by the umask
  renameSync(temporary, path);
}

/** A base URL the client can append `/v1/...` to, or a usage error naming what is wrong. */
export function normaliseUrl(raw: string, source: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError("bad_url", `${source} is not a URL: ${JSON.stringify(raw)} (e.g. https://edge-cascade.example.workers.dev)`, EXIT.usage);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new CliError("bad_url", `${source} must be an http or https URL, not ${url.protocol}`, EXIT.usage);
  }
  return url.toString().replace(/\/+$/, "");
}

export function resolveCredentials(flags: { url?: string; key?: string }, env: NodeJS.ProcessEnv = process.env): Credentials {
  const saved = readSavedCredentials(env);
  const url = pick([flags.url, "--url"], [env.EDGE_CASCADE_URL, "EDGE_CASCADE_URL"], [saved?.url, configPath(env)]);
  const key = pick([flags.key, "--key"], [env.EDGE_CASCADE_KEY, "EDGE_CASCADE_KEY"], [saved?.key, configPath(env)]);
  if (!url) throw new CliError("not_logged_in", "no API URL: pass --url, set EDGE_CASCADE_URL or run `edge-cascade login`", EXIT.usage);
  if (!key) throw new CliError("not_logged_in", "no API key: pass --key, set EDGE_CASCADE_KEY or run `edge-cascade login`", EXIT.usage);
  return { url: normaliseUrl(url[0], url[1]), key: key[0] };
}

function pick(...candidates: [string | undefined, string][]): [string, string] | undefined {
  const found = candidates.find(([value]) => value !== undefined && value !== "");
  return found ? [found[0]!, found[1]] : undefined;
}

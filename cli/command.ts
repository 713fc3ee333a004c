/** The shape of a command, its flags (node:util parseArgs) and the help text made from them. */
import { parseArgs } from "node:util";
import type { ApiClient } from "./api-client.ts";
import { usageError } from "./errors.ts";
import type { Output } from "./output.ts";

export interface OptionSpec {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
  /** Shown in the help as `--name VALUE`. */
  value?: string;
  description: string;
}

export type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface Context {
  out: Output;
  /** The API with the URL and key chosen by flags, environment or the config file. */
  api(): ApiClient;
  values: Values;
  positionals: string[];
}

export interface Command {
  /** As typed: `tasks create`. */
  name: string;
  summary: string;
  /** The arguments after the name, e.g. `NAME --label L...`. */
  args: string;
  options: Record<string, OptionSpec>;
  positionals: [min: number, max: number];
  examples: string[];
  run(context: Context): Promise<void>;
}

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  url: { type: "string", value: "URL", description: "API URL (default: EDGE_CASCADE_URL, then the saved login)" },
  key: { type: "string", value: "KEY", description: "API key (default: EDGE_CASCADE_KEY, then the saved login)" },
  json: { type: "boolean", description: "Print JSON on stdout, errors included as {\"error\": {...}}" },
  help: { type: "boolean", short: "h", description: "Show this help" },
};

export function parseCommandArgs(command: Command, argv: string[]): { values: Values; positionals: string[] } {
  const options = { ...GLOBAL_OPTIONS, ...command.options };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        Object.entries(options).map(([name, spec]) => [name, { type: spec.type, ...(spec.multiple ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) }]),
      ),
    });
  } catch (error) {
    throw usageError(`${(error as Error).message.split("\n")[0]} (see \`edge-cascade ${command.name} --help\`)`);
  }
  if (!parsed.values.help) {
    const [min, max] = command.positionals;
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw usageError(`usage: edge-cascade ${command.name} ${command.args} (see \`edge-cascade ${command.name} --help\`)`);
    }
  }
  return { values: parsed.values as Values, positionals: parsed.positionals };
}

export function commandHelp(command: Command): string {
  const lines = [`edge-cascade ${command.name} ${command.args}`.trimEnd(), "", command.summary, "", "Options:"];
  lines.push(...optionLines(command.options), ...optionLines(GLOBAL_OPTIONS));
  if (command.examples.length > 0) lines.push("", "Examples:", ...command.examples.map((example) => `  ${example}`));
  return lines.join("\n");
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  const flags = Object.entries(options).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : "";
    return [`  ${short}--${name}${spec.value ? ` ${spec.value}` : ""}`, spec.description + (spec.multiple ? " (repeatable)" : "")];
  });
  return flags.map(([flag, description]) => `${flag.padEnd(30)} ${description}`);
}

/** A string flag, or undefined. */
export function stringValue(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

export function requiredString(values: Values, name: string, command: string): string {
  const value = stringValue(values, name);
  if (value === undefined || value === "") throw usageError(`${command} needs --${name} (see \`edge-cascade ${command} --help\`)`);
  return value;
}

export function listValue(values: Values, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value.map(String).flatMap((item) => item.split(",")).map((item) => item.trim()).filter(Boolean) : [];
}

/** A numeric flag within bounds, or the default. */
export function numberValue(values: Values, name: string, fallback: number, bounds: { min: number; max: number; integer?: boolean }): number {
  const raw = stringValue(values, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < bounds.min || value > bounds.max || (bounds.integer && !Number.isInteger(value))) {
    throw usageError(`--${name} must be ${bounds.integer ? "an integer" : "a number"} from ${bounds.min} to ${bounds.max}, not ${JSON.stringify(raw)}`);
  }
  return value;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * `edge-cascade`: the command-line client of the HTTP API. Finds the command, parses its
 * flags, runs it, and turns any failure into one line (or one JSON object) and an exit code.
 */
import { readFileSync } from "node:fs";
import { ApiClient } from "./api-client.ts";
import { type Command, commandHelp, GLOBAL_OPTIONS, parseCommandArgs, stringValue } from "./command.ts";
import { resolveCredentials } from "./config.ts";
import { CliError, EXIT, usageError } from "./errors.ts";
import { createOutput } from "./output.ts";
import { decisions } from "./commands/decisions.ts";
import { evaluate } from "./commands/eval.ts";
import { examplesImport } from "./commands/examples-import.ts";
import { keysCreate, keysList, keysRevoke } from "./commands/keys.ts";
import { login } from "./commands/login.ts";
import { stats } from "./commands/stats.ts";
import { tasksCreate, tasksList, tasksShow } from "./commands/tasks.ts";
import { train } from "./commands/train.ts";

const COMMANDS: Command[] = [login, tasksList, tasksCreate, tasksShow, examplesImport, train, evaluate, decisions, stats, keysCreate, keysList, keysRevoke];

/** Flags that take a value, so that `--url X tasks list` still finds `tasks list`. */
const VALUE_FLAGS = new Set(Object.entries(GLOBAL_OPTIONS).flatMap(([name, spec]) => (spec.type === "string" ? [`--${name}`] : [])));

function overview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    "edge-cascade: the command-line client of an edge-cascade Worker",
    "",
    "Usage: edge-cascade COMMAND [options]   (edge-cascade COMMAND --help for its options)",
    "",
    "Commands:",
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    "",
    "Every command takes --url, --key, --json and --help.",
  ].join("\n");
}

/** The command named by the first one or two words that are not flags, and the arguments left. */
function findCommand(argv: string[]): { command?: Command; rest: string[]; words: string[] } {
  const words: number[] = [];
  for (let index = 0; index < argv.length && words.length < 2; index++) {
    const arg = argv[index];
    if (VALUE_FLAGS.has(arg)) index++;
    else if (!arg.startsWith("-")) words.push(index);
  }
  const names = words.map((index) => argv[index]);
  for (const length of [2, 1]) {
    const name = names.slice(0, length).join(" ");
    const command = COMMANDS.find((candidate) => candidate.name === name);
    if (command && names.length >= length) {
      const used = new Set(words.slice(0, length));
      return { command, rest: argv.filter((_, index) => !used.has(index)), words: names };
    }
  }
  return { rest: argv, words: names };
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const out = createOutput(json);
  try {
    if (argv.includes("--version") || argv.includes("-v")) {
      out.result({ version: VERSION }, () => VERSION);
      return 0;
    }
    const { command, rest, words } = findCommand(argv);
    if (!command) {
      if (words.length === 0 || argv.includes("--help") || argv.includes("-h")) {
        if (words.length > 0 && !COMMANDS.some((candidate) => candidate.name.startsWith(`${words[0]} `) || candidate.name === words[0])) {
          throw usageError(`unknown command ${JSON.stringify(words[0])}; see \`edge-cascade --help\``);
        }
        out.result({ commands: COMMANDS.map(({ name, summary }) => ({ name, summary })) }, overview);
        return words.length === 0 && !argv.includes("--help") && !argv.includes("-h") && !json ? EXIT.usage : 0;
      }
      const group = COMMANDS.filter((candidate) => candidate.name.startsWith(`${words[0]} `)).map((candidate) => candidate.name);
      throw usageError(
        group.length > 0
          ? `${JSON.stringify(words.join(" "))} is not a command; try ${group.map((name) => `\`${name}\``).join(", ")}`
          : `unknown command ${JSON.stringify(words[0])}; see \`edge-cascade --help\``,
      );
    }
    const { values, positionals } = parseCommandArgs(command, rest);
    if (values.help) {
      out.result({ command: command.name, help: commandHelp(command) }, () => commandHelp(command));
      return 0;
    }
    let client: ApiClient | undefined;
    await command.run({
      out,
      values,
      positionals,
      api: () => {
        if (!client) {
          const credentials = resolveCredentials({ url: stringValue(values, "url"), key: stringValue(values, "key") });
          client = new ApiClient(credentials.url, credentials.key);
        }
        return client;
      },
    });
    return 0;
  } catch (error) {
    const failure = error instanceof CliError ? error : new CliError("internal", `unexpected error: ${(error as Error)?.message ?? String(error)}`);
    out.error(failure);
    return failure.exitCode;
  }
}

/** The package's version: the bundle sits at dist/cli/ in the package. */
const VERSION = (() => {
  try {
    return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "dev";
  }
})();

process.exitCode = await main(process.argv.slice(2));

/**
 * What a command prints. Without `--json`: text for people on stdout, progress and notes on
 * stderr. With `--json`: one JSON document on stdout (an error too, as `{"error": {...}}`),
 * nothing on stderr, so `edge-cascade ... --json | jq` always has something to parse. Text for
 * people carries the API's strings (outputs, labels, names, messages) without control characters,
 * so none can move the cursor, retitle the window or clear the screen; JSON carries them as sent.
 */
import { CliError } from "./errors.ts";

export interface Output {
  json: boolean;
  /** Progress bars only for a person watching: stderr is a terminal and `--json` is off. */
  interactive: boolean;
  result(value: unknown, human: () => string): void;
  /** One JSON line (`--follow`), or a human line. */
  line(value: unknown, human: string): void;
  note(message: string): void;
  error(error: CliError): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    interactive: !json && process.stderr.isTTY === true,
    result(value, human) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${terminalText(human())}\n`);
    },
    line(value, human) {
      process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${terminalText(human)}\n`);
    },
    note(message) {
      if (!json) process.stderr.write(`${terminalText(message)}\n`);
    },
    error(error) {
      if (json) {
        const body = { error: { code: error.code, message: error.message, exit_code: error.exitCode, ...error.extra } };
        process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      } else {
        process.stderr.write(`edge-cascade: ${terminalText(error.message)}\n`);
      }
    },
  };
}

/** C0 controls but tab and newline, DEL, and C1 controls (U+009B is a one-character CSI). */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Text safe to print to a terminal: control characters removed, tabs and line breaks kept. */
export function terminalText(text: string): string {
  return text.replace(CONTROLS, "");
}

/** One table cell or value on one line: line breaks become spaces, control characters go. */
export function cellText(text: string): string {
  return terminalText(text.replace(/\r\n|[\r\n]/g, " "));
}

/** Columns padded to their widest cell (or `minWidths`); the header is underlined by nothing but its place. */
export function table(header: string[], rows: string[][], minWidths: readonly number[] = []): string {
  const cells = rows.map((row) => row.map((cell) => cellText(cell ?? "")));
  const widths = header.map((title, column) => Math.max(title.length, minWidths[column] ?? 0, ...cells.map((row) => (row[column] ?? "").length)));
  const render = (line: string[]) => line.map((cell, column) => (cell ?? "").padEnd(widths[column])).join("  ").trimEnd();
  return [render(header), ...cells.map(render)].join("\n");
}

/** `label  value` pairs, aligned. */
export function pairs(entries: [string, string][]): string {
  const width = Math.max(...entries.map(([name]) => name.length));
  return entries.map(([name, value]) => `${name.padEnd(width)}  ${cellText(value)}`).join("\n");
}

export function usd(value: number | null | undefined): string {
  if (value === null || value === undefined) return "unknown";
  return `$${value < 0.01 && value !== 0 ? value.toPrecision(3) : value.toFixed(4)}`;
}

/** Savings: `$0.0091 (98.5%)`, from a USD amount and a percentage (0..100), or "unknown". */
export function savings(usdValue: number | null | undefined, pct: number | null | undefined): string {
  if (usdValue === null || usdValue === undefined) return "unknown";
  return `${usd(usdValue)}${pct === null || pct === undefined ? "" : ` (${pct.toFixed(1)}%)`}`;
}

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? "unknown" : `${(value * 100).toFixed(digits)}%`;
}

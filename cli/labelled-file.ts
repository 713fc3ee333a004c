/**
 * Reads a labelled file, JSON Lines (`{"text", "label"}` a line, or one JSON array of them) or
 * CSV (a header row naming `text` and `label` columns), into rows numbered by the line they start on, each either an
 * example or the reason it cannot be one. The same checks as the API's, so that a bad row is
 * named before anything is sent.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { MAX_TEXT_BYTES } from "../src/text/limits.ts";
import { parseCsv } from "./csv.ts";
import { CliError, EXIT, usageError } from "./errors.ts";

export interface Example {
  text: string;
  label: string;
}

export type Row = { line: number; example: Example } | { line: number; error: string };

export interface LabelledFile {
  /** "json" when a JSON Lines file turned out to be one JSON array. */
  format: "jsonl" | "json" | "csv";
  /** SHA-256 of the file's bytes. */
  digest: string;
  rows: Row[];
}


export function readLabelledFile(path: string, format?: string): LabelledFile {
  const chosen = format ?? formatFromName(path);
  if (chosen !== "jsonl" && chosen !== "csv") throw usageError(`--format must be jsonl or csv, not ${JSON.stringify(chosen)}`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CliError("file", `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, EXIT.usage);
  }
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  const array = chosen === "jsonl" ? jsonArrayRows(text, path) : null;
  const rows = array ?? (chosen === "csv" ? csvRows(text, path) : jsonLinesRows(text));
  return { format: array ? "json" : chosen, digest: createHash("sha256").update(bytes).digest("hex"), rows };
}

/** Rows whose label is not one of `labels` become rejected rows. */
export function checkLabels(rows: Row[], labels: string[]): Row[] {
  const known = new Set(labels);
  return rows.map((row) =>
    "example" in row && !known.has(row.example.label)
      ? { line: row.line, error: `label ${JSON.stringify(row.example.label)} is not one of the task's labels` }
      : row,
  );
}

function formatFromName(path: string): string {
  const extension = extname(path).toLowerCase();
  if (extension === ".csv") return "csv";
  if (extension === ".jsonl" || extension === ".ndjson" || extension === ".json") return "jsonl";
  throw usageError(`cannot tell the format of ${path} from its name; pass --format jsonl or --format csv`);
}

function jsonLinesRows(text: string): Row[] {
  return text.split("\n").flatMap((raw, index): Row[] => {
    const line = index + 1;
    if (raw.trim() === "") return [];
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return [{ line, error: "not valid JSON" }];
    }
    return [objectRow(line, value)];
  });
}

/** The whole file as one JSON array of rows (a pretty-printed `.json`), or null when it is not one. */
function jsonArrayRows(text: string, path: string): Row[] | null {
  if (!text.trimStart().startsWith("[")) return null;
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (error) {
    // JSON Lines whose first line happens to be an array: read line by line.
    if (firstLineParses(text)) return null;
    throw new CliError("file", `${path} starts with "[" but is not a valid JSON array: ${(error as Error).message}`, EXIT.usage);
  }
  if (!Array.isArray(values)) return null;
  const lines = elementLines(text);
  return values.map((value, index) => objectRow(lines[index] ?? 1, value));
}

function firstLineParses(text: string): boolean {
  try {
    JSON.parse(text.trimStart().split("\n")[0]);
    return true;
  } catch {
    return false;
  }
}

/** The line each element of a top-level JSON array starts on. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expecting = false;
  for (let position = 0; position < text.length; position++) {
    const char = text[position];
    if (char === "\n") line++;
    else if (inString) {
      if (char === "\\") position++;
      else if (char === '"') inString = false;
    } else if (char !== " " && char !== "\t" && char !== "\r") {
      if (depth === 1 && expecting && char !== "]") {
        lines.push(line);
        expecting = false;
      }
      if (char === '"') inString = true;
      else if (char === "[" || char === "{") expecting = ++depth === 1;
      else if (char === "]" || char === "}") depth--;
      else if (char === "," && depth === 1) expecting = true;
    }
  }
  return lines;
}

function objectRow(line: number, value: unknown): Row {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { line, error: "not a JSON object" };
  const record = value as Record<string, unknown>;
  return toRow(line, record.text, record.label);
}

function csvRows(text: string, path: string): Row[] {
  const records = parseCsv(text);
  const header = records.shift();
  if (!header) throw new CliError("file", `${path} is empty`, EXIT.usage);
  if (header.error) throw new CliError("file", `${path}: the CSV header (line 1): ${header.error}`, EXIT.usage);
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const textColumn = names.indexOf("text");
  const labelColumn = names.indexOf("label");
  if (textColumn < 0 || labelColumn < 0) {
    throw new CliError("file", `${path}: the CSV header must name a "text" and a "label" column (found ${header.fields.map((f) => JSON.stringify(f)).join(", ")})`, EXIT.usage);
  }
  return records.flatMap((record): Row[] => {
    if (record.error) return [{ line: record.line, error: record.error }];
    if (record.fields.length === 1 && record.fields[0].trim() === "") return [];
    return [toRow(record.line, record.fields[textColumn], record.fields[labelColumn]?.trim())];
  });
}

function toRow(line: number, text: unknown, label: unknown): Row {
  if (typeof text !== "string") return { line, error: text === undefined ? 'missing "text"' : '"text" is not a string' };
  if (text.trim() === "") return { line, error: '"text" is empty' };
  if (Buffer.byteLength(text, "utf8") > MAX_TEXT_BYTES) return { line, error: `"text" is larger than ${MAX_TEXT_BYTES} bytes` };
  if (typeof label !== "string") return { line, error: label === undefined || label === null ? 'missing "label"' : '"label" is not a string' };
  if (label.trim() === "") return { line, error: '"label" is empty' };
  return { line, example: { text, label } };
}

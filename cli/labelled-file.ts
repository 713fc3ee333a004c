/**
 * Reads a labelled file, JSON Lines (`{"text", "label"}` a line) or CSV (a header row naming
 * `text` and `label` columns), into rows numbered by the line they start on, each either an
 * example or the reason it cannot be one. The same checks as the API's, so that a bad row is
 * named before anything is sent.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { CliError, EXIT, usageError } from "./errors.ts";

export interface Example {
  text: string;
  label: string;
}

export type Row = { line: number; example: Example } | { line: number; error: string };

export interface LabelledFile {
  format: "jsonl" | "csv";
  /** SHA-256 of the file's bytes. */
  digest: string;
  rows: Row[];
}

/** The API's limit on one text (src/text/limits.ts). */
export const MAX_TEXT_BYTES = 64 * 1024;

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
  const rows = chosen === "csv" ? csvRows(text, path) : jsonLinesRows(text);
  return { format: chosen, digest: createHash("sha256").update(bytes).digest("hex"), rows };
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
    if (typeof value !== "object" || value === null || Array.isArray(value)) return [{ line, error: "not a JSON object" }];
    const record = value as Record<string, unknown>;
    return [toRow(line, record.text, record.label)];
  });
}

function csvRows(text: string, path: string): Row[] {
  const records = parseCsv(text);
  const header = records.shift();
  if (!header) throw new CliError("file", `${path} is empty`, EXIT.usage);
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

interface CsvRecord {
  line: number;
  fields: string[];
  error?: string;
}

/** RFC 4180: comma-separated, fields optionally in double quotes (`""` is a quote, newlines allowed inside). */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let position = 0;
  while (position < text.length) {
    const record: CsvRecord = { line, fields: [] };
    let field = "";
    let done = false;
    while (!done) {
      if (text[position] === '"') {
        const start = line;
        position++;
        for (;;) {
          if (position >= text.length) {
            records.push({ line: start, fields: [], error: "a quoted field is never closed" });
            return records;
          }
          const char = text[position];
          if (char === '"' && text[position + 1] === '"') {
            field += '"';
            position += 2;
          } else if (char === '"') {
            position++;
            break;
          } else {
            if (char === "\n") line++;
            field += char;
            position++;
          }
        }
      }
      const char = text[position];
      if (char === "," ) {
        record.fields.push(field);
        field = "";
        position++;
      } else if (char === "\n" || char === "\r" || position >= text.length) {
        record.fields.push(field);
        if (char === "\r" && text[position + 1] === "\n") position++;
        position++;
        line++;
        done = true;
      } else {
        field += char;
        position++;
      }
    }
    records.push(record);
  }
  return records;
}

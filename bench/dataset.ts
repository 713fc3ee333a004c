import { readFileSync, existsSync } from "node:fs";

/** One labelled text, as in ../shared/data's JSON Lines files. */
export interface LabelledText {
  text: string;
  label: string;
}

/** Reads JSON Lines (one object a line) or CSV with a header row into objects. */
export function readRecords(path: string): Record<string, string>[] {
  if (!existsSync(path)) {
    throw new Error(`data file not found: ${path} (the data sets live in ../shared/data)`);
  }
  const content = readFileSync(path, "utf8");
  return path.endsWith(".csv") ? parseCsv(content) : parseJsonLines(content, path);
}

/** Reads one or more comma-separated paths of `{text, label}` records. */
export function readLabelled(paths: string): LabelledText[] {
  return paths.split(",").flatMap((path) =>
    readRecords(path).map((record, i) => {
      if (typeof record.text !== "string" || typeof record.label !== "string") {
        throw new Error(`${path}: record ${i + 1} lacks a string "text" or "label"`);
      }
      return { text: record.text, label: record.label };
    }),
  );
}

function parseJsonLines(content: string, path: string): Record<string, string>[] {
  return content
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      try {
        return JSON.parse(line) as Record<string, string>;
      } catch {
        throw new Error(`${path}: line ${i + 1} is not JSON`);
      }
    });
}

/** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. */
function parseCsv(content: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (quoted) {
      if (c === '"' && content[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && content[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== "");
  if (!header) return [];
  return body.map((cells) => Object.fromEntries(header.map((name, i) => [name.trim(), cells[i] ?? ""])));
}

/** Parses `--flag value` and `--switch` arguments. */
export function parseFlags(argv: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) throw new Error(`unexpected argument: ${arg}`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith("--")) flags.set(arg.slice(2), "true");
    else {
      flags.set(arg.slice(2), next);
      i++;
    }
  }
  return flags;
}

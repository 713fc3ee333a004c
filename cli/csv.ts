/**
 * RFC 4180 CSV as spreadsheet tools write it. A record that breaks the rules is returned with an
 * error and reading goes on at the next line, so one stray quote never costs the rest of a file.
 */
export interface CsvRecord {
  /** The line the record starts on (1 is the first). */
  line: number;
  fields: string[];
  error?: string;
}

/**
 * Records end at CRLF, LF or CR. A field is quoted only when it starts with `"` (then `""` is a
 * quote, and commas and newlines may be inside); a `"` anywhere else is a plain character
 * (`5" phone`). A leading UTF-8 byte order mark is ignored.
 */
export function parseCsv(input: string): CsvRecord[] {
  const text = input.replace(/^\uFEFF/, "");
  const records: CsvRecord[] = [];
  let position = 0;
  let line = 1;
  while (position < text.length) {
    const start = { position, line };
    const record: CsvRecord = { line, fields: [] };
    for (;;) {
      const field = text[position] === '"' ? quotedField(text, position) : unquotedField(text, position);
      if ("error" in field) {
        // The opening quote was most likely a plain character (`"5" phone`, an unclosed quote that
        // swallowed the rest of the file): the record's first line is rejected, reading resumes after it.
        records.push({ line: start.line, fields: [], error: field.error });
        position = nextLine(text, start.position);
        line = start.line + 1;
        break;
      }
      record.fields.push(field.value);
      line += field.lines;
      position = field.end;
      if (text[position] === ",") {
        position++;
        continue;
      }
      // The end of the record: CRLF, LF, CR or the end of the input.
      position += text.startsWith("\r\n", position) ? 2 : 1;
      line++;
      records.push(record);
      break;
    }
  }
  return records;
}

type Field = { value: string; end: number; lines: number } | { error: string };

/** A field up to the next comma or line end; quotes in it are plain characters. */
function unquotedField(text: string, from: number): Field {
  let end = from;
  while (end < text.length && text[end] !== "," && text[end] !== "\n" && text[end] !== "\r") end++;
  return { value: text.slice(from, end), end, lines: 0 };
}

/** A field from its opening quote; after the closing quote only a comma, a line end or the end of the input may follow. */
function quotedField(text: string, from: number): Field {
  let value = "";
  let lines = 0;
  let position = from + 1;
  for (;;) {
    const next = text.indexOf('"', position);
    if (next < 0) return { error: "a quoted field is never closed" };
    const chunk = text.slice(position, next);
    lines += lineBreaks(chunk);
    value += chunk;
    if (text[next + 1] === '"') {
      value += '"';
      position = next + 2;
      continue;
    }
    const end = next + 1;
    if (end < text.length && !",\r\n".includes(text[end])) return { error: 'text after a closing quote (a quote inside a quoted field is written "")' };
    return { value, end, lines };
  }
}

function lineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

/** Where the line after the one holding `from` starts. */
function nextLine(text: string, from: number): number {
  let position = from;
  while (position < text.length && text[position] !== "\n" && text[position] !== "\r") position++;
  return position + (text.startsWith("\r\n", position) ? 2 : 1);
}

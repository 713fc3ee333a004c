/**
 * The CLI's reading of labelled files, in plain Node (no Worker needed): CSV as spreadsheet tools
 * write it (inch marks, quotes inside fields, CRLF, a byte order mark, a bad row that must not cost
 * the rest) and a pretty-printed JSON array in a `.json` file.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseCsv } from "../../cli/csv.ts";
import { readLabelledFile, type Row } from "../../cli/labelled-file.ts";

const folder = mkdtempSync(join(tmpdir(), "edge-cascade-labelled-"));

function read(name: string, content: string): Row[] {
  const path = join(folder, name);
  writeFileSync(path, content);
  return readLabelledFile(path).rows;
}

describe("CSV", () => {
  test("a quote inside an unquoted field is a plain character: inch marks keep their rows apart", () => {
    const rows = read("inches.csv", 'text,label\nMy 5" phone screen cracked,bug\nrefund please,billing\nthe 7" tablet froze,bug\n');
    expect(rows).toEqual([
      { line: 2, example: { text: 'My 5" phone screen cracked', label: "bug" } },
      { line: 3, example: { text: "refund please", label: "billing" } },
      { line: 4, example: { text: 'the 7" tablet froze', label: "bug" } },
    ]);
  });

  test('quoted fields hold commas, "" and newlines; quotes mid-field stay literal', () => {
    const records = parseCsv('"a, b","say ""hi""",x"y"z\n"two\nlines",ok,\n');
    expect(records).toEqual([
      { line: 1, fields: ["a, b", 'say "hi"', 'x"y"z'] },
      { line: 2, fields: ["two\nlines", "ok", ""] },
    ]);
  });

  test("CRLF line ends and a UTF-8 byte order mark", () => {
    const rows = read("windows.csv", '\uFEFFlabel,text\r\nbug,"crashes\r\non start"\r\nbilling,refund\r\n');
    expect(rows).toEqual([
      { line: 2, example: { text: "crashes\r\non start", label: "bug" } },
      { line: 4, example: { text: "refund", label: "billing" } },
    ]);
    expect(parseCsv("a,b\rc,d")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["c", "d"] },
    ]);
  });

  test("text after a closing quote rejects that record only", () => {
    const rows = read("stray.csv", 'text,label\n"5" phone,bug\nrefund please,billing\n');
    expect(rows).toEqual([
      { line: 2, error: expect.stringContaining("text after a closing quote") },
      { line: 3, example: { text: "refund please", label: "billing" } },
    ]);
  });

  test("a quote never closed rejects its record, and the records after it are still read", () => {
    const rows = read("unclosed.csv", 'text,label\n"never closed,bug\nrefund please,billing\nthe 7" tablet froze,bug\n');
    // The quote "closes" at the 7" two lines down, and text follows it: line 2 alone is rejected.
    expect(rows).toEqual([
      { line: 2, error: expect.stringContaining("text after a closing quote") },
      { line: 3, example: { text: "refund please", label: "billing" } },
      { line: 4, example: { text: 'the 7" tablet froze', label: "bug" } },
    ]);
    expect(read("unclosed-last.csv", 'text,label\nrefund please,billing\n"never closed,bug\n')).toEqual([
      { line: 2, example: { text: "refund please", label: "billing" } },
      { line: 3, error: "a quoted field is never closed" },
    ]);
  });
});

describe("JSON", () => {
  test("a pretty-printed JSON array in a .json file: one row an element, numbered by the line it starts on", () => {
    const content = JSON.stringify([{ text: "refund [please]", label: "billing" }, { text: 'the 7" tablet, frozen', label: "bug" }, ["not", "an", "object"], { text: "no label" }], null, 2);
    const path = join(folder, "pretty.json");
    writeFileSync(path, `${content}\n`);
    const file = readLabelledFile(path);
    expect(file.format).toBe("json");
    expect(file.rows).toEqual([
      { line: 2, example: { text: "refund [please]", label: "billing" } },
      { line: 6, example: { text: 'the 7" tablet, frozen', label: "bug" } },
      { line: 10, error: "not a JSON object" },
      { line: 15, error: 'missing "label"' },
    ]);
  });

  test("JSON Lines still read line by line, even when the first line is an array; a broken array is one clear error", () => {
    expect(read("lines.json", '["an", "array"]\n{"text": "hi", "label": "ham"}\n')).toEqual([
      { line: 1, error: "not a JSON object" },
      { line: 2, example: { text: "hi", label: "ham" } },
    ]);
    expect(() => read("broken.json", '[\n  {"text": "hi", "label": "ham"},\n')).toThrow(/starts with "\[" but is not a valid JSON array/);
  });
});

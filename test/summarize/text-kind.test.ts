import { describe, expect, it } from "vitest";
import { summarizeExtractive } from "../../src/summarize/extract.ts";
import { detectTextKind, speakerOf } from "../../src/summarize/text-kind.ts";
import { countWords } from "../../src/text/words.ts";
import { splitSentences } from "../../src/summarize/sentences.ts";
import { DIALOGUE, NEWS_ARTICLE } from "./texts.ts";

const kindOf = (text: string) => detectTextKind(text, countWords(text), splitSentences(text).length).kind;

/** The test dialogue's turns, as "name" and "words". */
const TURNS = DIALOGUE.split("\n").map((line) => {
  const [name, ...words] = line.split(": ");
  return { name, words: words.join(": ") };
});

/** The same conversation in the speaker-tag styles transcripts and chat exports use. */
const STYLES: Record<string, (name: string, words: string, i: number) => string> = {
  "Name:": (name, words) => `${name}: ${words}`,
  "[10:32] name:": (name, words, i) => `[10:${10 + i}] ${name.toLowerCase()}: ${words}`,
  "Speaker 2 (00:01:05):": (name, words, i) => `Speaker ${"ABCD".indexOf(name[0]) + 1} (00:0${i % 10}:05): ${words}`,
  "<alice>": (name, words) => `<${name.toLowerCase()}> ${words}`,
  "**Bob**:": (name, words) => `**${name}**: ${words}`,
  "Alice said:": (name, words) => `${name} said: ${words}`,
  "#Person1#:": (name, words) => `#Person${"ABCD".indexOf(name[0]) + 1}#: ${words}`,
  "- Alice:": (name, words) => `- ${name}: ${words}`,
  "10:32 AM - Alice:": (name, words, i) => `10:${10 + i} AM - ${name}: ${words}`,
};

describe("text kinds", () => {
  for (const [style, turn] of Object.entries(STYLES)) {
    it(`recognises a conversation written as ${style}`, () => {
      const text = TURNS.map((t, i) => turn(t.name, t.words, i)).join("\n");
      expect(kindOf(text)).toBe("dialogue");
      const summary = summarizeExtractive(text, { maxWords: 30 });
      expect(summary.confidence).toBeLessThan(0.35);
    });
  }

  it("sends a conversation in a format no rule knows (a screenplay) to the large model through the novelty signal", () => {
    const text = TURNS.map((t) => `${t.name.toUpperCase()}\n${t.words}\n`).join("\n");
    const summary = summarizeExtractive(text, { maxWords: 30 });
    expect(summary.signals.penaltyReasons).toMatch(/novel|short|dialogue/);
    expect(summary.confidence).toBeLessThan(0.35);
  });

  it("recognises e-mail threads, logs and stack traces, and tables", () => {
    const mail = `On Tue, 3 Mar 2026 at 10:02, Dana Ruiz <dana@example.com> wrote:\n> Can we move the review to Thursday?\n> The numbers are not ready yet.\n\nThursday works for me. I'll book the room.\n\n--\nSam`;
    expect(kindOf(mail)).toBe("thread");
    const headers = `From: Dana Ruiz\nSent: Tuesday, March 3, 2026 10:02\nTo: Sam Lee\nSubject: Review\n\nCan we move the review to Thursday? The numbers are not ready yet.`;
    expect(kindOf(headers)).toBe("thread");
    const log = Array.from({ length: 8 }, (_, i) => `2026-03-03 10:0${i}:12 ${i % 3 === 0 ? "ERROR" : "INFO"} worker-${i} job ${i} finished in ${i * 3} ms`).join("\n");
    expect(kindOf(log)).toBe("log");
    const trace = `TypeError: Cannot read properties of undefined (reading 'id')\n    at handler (/app/src/routes/tasks.ts:42:17)\n    at dispatch (/app/node_modules/hono/dist/compose.js:35:17)\n    at async fetch (/app/src/index.ts:10:3)`;
    expect(kindOf(trace)).toBe("log");
    const table = `| region | q1 | q2 |\n|---|---|---|\n| north | 12 | 15 |\n| south | 9 | 11 |\n| east | 14 | 13 |`;
    expect(kindOf(table)).toBe("table");
  });

  it("keeps news prose as prose, and confident", () => {
    expect(kindOf(NEWS_ARTICLE)).toBe("prose");
    expect(summarizeExtractive(NEWS_ARTICLE, { maxWords: 60 }).confidence).toBeGreaterThan(0.35);
  });

  it("does not take labels, URLs or times for speakers", () => {
    expect(speakerOf("Alice: hello there")).toBe("alice");
    expect(speakerOf("See https://example.com/path for details")).toBeNull();
    expect(speakerOf("The meeting is at 10:30 tomorrow")).toBeNull();
    expect(speakerOf("This sentence has a colon very late in it, far beyond any speaker tag: yes")).toBeNull();
    const notes = "Note: the office is closed on Monday.\nReminder: bring your badge.\nWarning: the lift is out of order.\nTip: use the north entrance.";
    expect(kindOf(notes)).not.toBe("dialogue");
  });
});

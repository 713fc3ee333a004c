import { describe, expect, it } from "vitest";
import { summarizeExtractive } from "../../src/summarize/extract.ts";
import { splitSentences } from "../../src/summarize/sentences.ts";
import { CODE, DIALOGUE, FRENCH_ARTICLE, LIST, NEWS_ARTICLE, SHORT_TEXT } from "./texts.ts";

const words = (text: string) => text.split(/\s+/).filter((w) => w !== "").length;

describe("summarizeExtractive: length and order", () => {
  it("keeps within maxWords and returns whole sentences in the text's order", () => {
    // At 100 words the third pick (by centrality) comes before the second in the text.
    const result = summarizeExtractive(NEWS_ARTICLE, { maxWords: 100 });
    const sentences = splitSentences(NEWS_ARTICLE);
    expect(result.sentenceIndices.length).toBeGreaterThanOrEqual(3);
    expect(result.words).toBeLessThanOrEqual(100);
    expect(words(result.summary)).toBe(result.words);
    expect(result.sentenceIndices).toEqual([...result.sentenceIndices].sort((a, b) => a - b));
    expect(result.summary).toBe(result.sentenceIndices.map((i) => sentences[i]).join(" "));
    expect(result.sentenceCount).toBe(sentences.length);
  });

  it("follows a ratio of the document's words, and the smaller budget when given both", () => {
    const total = words(NEWS_ARTICLE);
    const byRatio = summarizeExtractive(NEWS_ARTICLE, { ratio: 0.5 });
    expect(byRatio.words).toBeLessThanOrEqual(Math.round(total * 0.5));
    expect(byRatio.words).toBeGreaterThan(Math.round(total * 0.3));
    expect(summarizeExtractive(NEWS_ARTICLE, { ratio: 0.5, maxWords: 40 }).words).toBeLessThanOrEqual(40);
  });

  it("defaults to 30% of the words, between 25 and 150", () => {
    const result = summarizeExtractive(NEWS_ARTICLE);
    expect(result.signals.budget).toBe(Math.round(0.3 * words(NEWS_ARTICLE)));
    expect(result.words).toBeLessThanOrEqual(Number(result.signals.budget));
    expect(summarizeExtractive(SHORT_TEXT).summary).toBe(SHORT_TEXT);
  });

  it("takes the central sentences, not just the first ones", () => {
    const result = summarizeExtractive(NEWS_ARTICLE, { maxWords: 60 });
    expect(result.summary).toContain("tram line");
    expect(result.sentenceIndices.some((i) => i > 2)).toBe(true);
  });

  it("cuts the most central sentence to size when no sentence fits", () => {
    const result = summarizeExtractive(NEWS_ARTICLE, { maxWords: 5 });
    expect(result.words).toBe(5);
    expect(result.signals.truncated).toBe(true);
    expect(result.sentenceIndices).toHaveLength(1);
  });

  it("is deterministic", () => {
    const a = summarizeExtractive(NEWS_ARTICLE, { maxWords: 70 });
    const b = summarizeExtractive(NEWS_ARTICLE, { maxWords: 70 });
    expect(b).toEqual(a);
  });

  it("never throws on odd input", () => {
    const odd = ["", " ", "word", "🙂".repeat(500), "x".repeat(70_000), `${NEWS_ARTICLE}\n\n`.repeat(40).slice(0, 65_536), "\u0000\uFFFF\uD800", "a.b.c.d.e. f? g!"];
    for (const text of odd) {
      const result = summarizeExtractive(text, { maxWords: 50 });
      expect(result.confidence).toBeGreaterThanOrEqual(0);
      expect(result.confidence).toBeLessThanOrEqual(1);
      expect(result.words).toBeLessThanOrEqual(50);
    }
    expect(summarizeExtractive(undefined as unknown as string).summary).toBe("");
    expect(summarizeExtractive(NEWS_ARTICLE, { maxWords: Number.NaN, ratio: -1 }).words).toBeGreaterThan(0);
  });
});

describe("summarizeExtractive: confidence", () => {
  const news = summarizeExtractive(NEWS_ARTICLE);

  it("is higher for an English news article", () => {
    expect(news.signals.kind).toBe("prose");
    expect(news.signals.language).toBe("en");
    expect(news.confidence).toBeGreaterThan(0.4);
  });

  const lowCases: [string, string, string][] = [
    ["a dialogue transcript", DIALOGUE, "dialogue"],
    ["a list", LIST, "list"],
    ["code", CODE, "code"],
    ["a very short text", SHORT_TEXT, "short"],
    ["a French article", FRENCH_ARTICLE, "notEnglish"],
  ];
  for (const [name, text, reason] of lowCases) {
    it(`is low for ${name}, and says why`, () => {
      const result = summarizeExtractive(text);
      expect(result.confidence).toBeLessThan(0.25);
      expect(result.confidence).toBeLessThan(news.confidence / 2);
      expect(String(result.signals.penaltyReasons).split(",")).toContain(reason);
    });
  }

  it("flags a non-Latin script as not English", () => {
    const russian = "Городской совет одобрил строительство новой трамвайной линии. Линия соединит центр города с аэропортом. Работы начнутся весной следующего года.";
    const result = summarizeExtractive(russian);
    expect(result.signals.language).toBe("cyrillic");
    expect(result.confidence).toBeLessThan(0.25);
  });
});

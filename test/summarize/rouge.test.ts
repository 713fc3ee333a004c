import { describe, expect, inject, it } from "vitest";
import { porterStem } from "../../src/summarize/porter.ts";
import { rouge, rougeTokens, type RougeType } from "../../src/summarize/rouge.ts";

interface RougeCase {
  name: string;
  type: RougeType;
  stem: boolean;
  target: string;
  prediction: string;
  precision: number;
  recall: number;
  fmeasure: number;
  places?: number;
}

const shared = inject("sharedData");
const vectors = shared.files["vectors/rouge.json"];

describe("rouge against the reference package's vectors", () => {
  if (!vectors) {
    it.skip(`needs ${shared.directory}/vectors/rouge.json (shared data not available)`, () => {});
    return;
  }
  const cases = (JSON.parse(vectors) as { cases: RougeCase[] }).cases;
  it("has the vectors", () => expect(cases.length).toBeGreaterThanOrEqual(14));
  for (const c of cases) {
    it(c.name, () => {
      const score = rouge(c.type, c.target, c.prediction, { stem: c.stem });
      const places = c.places ?? 5;
      expect(score.precision).toBeCloseTo(c.precision, places);
      expect(score.recall).toBeCloseTo(c.recall, places);
      expect(score.fmeasure).toBeCloseTo(c.fmeasure, places);
    });
  }
});

describe("rouge tokenisation and stemming", () => {
  it("lowercases, drops non-alphanumerics and stems only tokens longer than 3 characters", () => {
    expect(rougeTokens("The Cats' running-shoes, £10!", true)).toEqual(["the", "cat", "run", "shoe", "10"]);
    expect(rougeTokens("Ties dies", false)).toEqual(["ties", "dies"]);
  });

  it("stems as NLTK's Porter stemmer does (not the original 1980 algorithm)", () => {
    const expected: Record<string, string> = {
      caresses: "caress", ponies: "poni", dies: "die", flies: "fli", happily: "happili", enjoy: "enjoy",
      geology: "geolog", generalization: "gener", hopping: "hop", filing: "file", agreed: "agre", news: "news",
    };
    for (const [word, stem] of Object.entries(expected)) expect(porterStem(word), word).toBe(stem);
  });

  it("scores identical texts 1 and disjoint texts 0", () => {
    expect(rouge("rougeL", "a b c", "a b c").fmeasure).toBe(1);
    expect(rouge("rouge2", "a b c", "d e f").fmeasure).toBe(0);
    expect(rouge("rougeLsum", "", "a").fmeasure).toBe(0);
  });
});

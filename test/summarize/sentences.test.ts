import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/summarize/sentences.ts";

describe("splitSentences", () => {
  it("keeps abbreviations and initials inside sentences", () => {
    expect(splitSentences("Mr. Smith met Dr. Jones of Acme Inc. in March. They agreed, e.g. on prices. George W. Bush left.")).toEqual([
      "Mr. Smith met Dr. Jones of Acme Inc. in March.",
      "They agreed, e.g. on prices.",
      "George W. Bush left.",
    ]);
  });

  it("ends a sentence after U.S. when the next word starts one, not otherwise", () => {
    expect(splitSentences("The U.S. economy grew. Growth was strong in the U.S. The U.K. lagged.")).toEqual([
      "The U.S. economy grew.",
      "Growth was strong in the U.S.",
      "The U.K. lagged.",
    ]);
  });

  it("does not split decimals, prices or percentages", () => {
    expect(splitSentences("Sales rose 3.5% to $10.9bn (£5.8bn). Shares were at 1.25 euros.")).toEqual([
      "Sales rose 3.5% to $10.9bn (£5.8bn).",
      "Shares were at 1.25 euros.",
    ]);
  });

  it("keeps quotations with their attribution", () => {
    expect(splitSentences('"We are pleased," he said. "Help!" she cried. "It works." Then it stopped.')).toEqual([
      '"We are pleased," he said.',
      '"Help!" she cried.',
      '"It works."',
      "Then it stopped.",
    ]);
  });

  it("splits sentences glued without a space", () => {
    expect(splitSentences('Sales rose to $11.1bn from $10.9bn.For the full year, profit rose.It was AOL.BBC News said so.Growth was "strong"."We are happy," he said.')).toEqual([
      "Sales rose to $11.1bn from $10.9bn.",
      "For the full year, profit rose.",
      "It was AOL.",
      "BBC News said so.",
      'Growth was "strong".',
      '"We are happy," he said.',
    ]);
  });

  it("does not split web addresses or dotted acronyms glued to words", () => {
    expect(splitSentences("See example.com for details. The U.S.A. team won.")).toEqual(["See example.com for details.", "The U.S.A. team won."]);
  });

  it("treats paragraph breaks and list lines as boundaries, and rejoins wrapped lines", () => {
    expect(splitSentences("A heading\n\nFirst paragraph without a stop\n\nThis sentence is\nwrapped over two lines. Next one.\n- item one\n- item two")).toEqual([
      "A heading",
      "First paragraph without a stop",
      "This sentence is wrapped over two lines.",
      "Next one.",
      "- item one",
      "- item two",
    ]);
  });

  it("returns text without punctuation as one sentence, and nothing for blank text", () => {
    expect(splitSentences("no punctuation here at all")).toEqual(["no punctuation here at all"]);
    expect(splitSentences("")).toEqual([]);
    expect(splitSentences(" \n\t ")).toEqual([]);
  });

  it("splits on ?, ! and ellipses before a capital, and on CJK full stops", () => {
    expect(splitSentences("Is it done? Yes! It was slow... But it works.")).toEqual(["Is it done?", "Yes!", "It was slow...", "But it works."]);
    expect(splitSentences("日本語の文です。次の文。")).toEqual(["日本語の文です。", "次の文。"]);
  });
});

describe("sentence segmentation on any string", () => {
  const piece = fc.oneof(
    fc.constantFrom("a", "A", "Mr", "U.S", "e.g", "Inc", ".", ". ", "!", "? ", '"', "'", "”", " ", "\n", "\r\n", "\n\n", "…", "...", "。", "- ", "1. ", "Bob: ", "3.5", "$10.9bn", "(", ")"),
    fc.string({ maxLength: 4 }),
  );

  it("loses no character and gives trimmed, non-empty sentences", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join("");
        const sentences = splitSentences(text);
        for (const sentence of sentences) {
          expect(sentence).not.toBe("");
          expect(sentence).toBe(sentence.trim());
        }
        const visible = (s: string) => s.replace(/\s+/g, "");
        expect(visible(sentences.join(""))).toBe(visible(text));
      }),
      { numRuns: 400 },
    );
  });
});

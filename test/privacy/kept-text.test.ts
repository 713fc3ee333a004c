import { describe, expect, it } from "vitest";
import { MAX_KEPT_CHARS, textToKeep } from "../../src/privacy/kept-text.ts";

describe("the text kept for training", () => {
  it("is masked", () => {
    expect(textToKeep("write to jane.doe@example.com or call +44 20 7946 0958")).toBe("write to [email] or call [phone]");
  });

  it("keeps at most the first 8,000 characters of a long text, and never half a character", () => {
    const long = `${"refund my invoice please ".repeat(400)}jane.doe@example.com`;
    const kept = textToKeep(long);
    expect(kept.length).toBeLessThanOrEqual(MAX_KEPT_CHARS);
    expect(kept.startsWith("refund my invoice please")).toBe(true);
    const emoji = `${"a".repeat(MAX_KEPT_CHARS - 1)}😀 and more`;
    const cut = textToKeep(emoji);
    expect(cut).toBe("a".repeat(MAX_KEPT_CHARS - 1));
    expect(/[\uD800-\uDBFF]$/.test(cut)).toBe(false);
  });
});

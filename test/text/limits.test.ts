import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf8ByteLength } from "../../src/text/encoding.ts";
import { truncateUtf8 } from "../../src/text/limits.ts";

describe("truncateUtf8", () => {
  it("gives the longest prefix whose UTF-8 fits, never half a character", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "é", "€", "😀", "\uD800", "\uDC00", "\uFFFD", " ") , maxLength: 200 }), fc.integer({ min: 0, max: 300 }), (text, max) => {
        const cut = truncateUtf8(text, max);
        expect(text.startsWith(cut)).toBe(true);
        expect(utf8ByteLength(cut)).toBeLessThanOrEqual(max);
        if (cut.length < text.length) {
          const next = text.codePointAt(cut.length)!;
          const width = next > 0xffff ? 2 : 1;
          expect(utf8ByteLength(text.slice(0, cut.length + width))).toBeGreaterThan(max);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("agrees with the encoder on what fits", () => {
    const text = "naïve café 😀 ".repeat(10);
    expect(new TextEncoder().encode(truncateUtf8(text, 50)).byteLength).toBeLessThanOrEqual(50);
    expect(truncateUtf8("short", 5)).toBe("short");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskPersonalData } from "../../src/privacy/mask.ts";
import { MASKED, PIECES, UNCHANGED, iban, ibanIsValid, luhnSum, luhnValid, withLuhnCheck } from "./mask-corpus.ts";

describe("maskPersonalData", () => {
  it("masks e-mail addresses, phone numbers and card numbers", () => {
    const text = "Mail jane.doe+billing@example.co.uk or call +44 20 7946 0958; card 4111 1111 1111 1111 was charged.";
    expect(maskPersonalData(text)).toBe("Mail [email] or call [phone]; card [card] was charged.");
  });

  it("masks phone numbers in common notations", () => {
    for (const phone of ["(555) 123-4567", "555.123.4567", "+1-555-123-4567", "07700 900123"]) {
      expect(maskPersonalData(`call me on ${phone} please`), phone).toBe("call me on [phone] please");
    }
  });

  it("leaves amounts, dates, order numbers and short numbers alone", () => {
    const text = "I paid $49.99 on 2026-11-03 for order 12345, and 1,234,567.89 in total over 3 years.";
    expect(maskPersonalData(text)).toBe(text);
  });

  it("does not call a 16-digit number that fails the Luhn check a card", () => {
    expect(maskPersonalData("ref 1234 5678 9012 3456")).toBe("ref 1234 5678 9012 3456");
  });

  it("masks IBANs only when the mod-97 check holds", () => {
    expect(maskPersonalData("IBAN DE89 3704 0044 0532 0130 00.")).toBe("IBAN [iban].");
    expect(maskPersonalData("GB82WEST12345698765432")).toBe("[iban]");
    expect(maskPersonalData("GB83WEST12345698765432")).toBe("GB83WEST12345698765432");
  });

  it("masks IPv4 dotted quads in range and IPv6 addresses, not versions or times", () => {
    expect(maskPersonalData("from 192.168.0.1 and 2001:db8::1 and ::1")).toBe("from [ip] and [ip] and [ip]");
    expect(maskPersonalData("v 1.2.3, 1.2.3.4.5, 256.1.1.1, 10:30:00")).toBe("v 1.2.3, 1.2.3.4.5, 256.1.1.1, 10:30:00");
  });

  it("masks a CVV with the card it follows", () => {
    expect(maskPersonalData("4111 1111 1111 1111 123")).toBe("[card]");
    expect(maskPersonalData("4111-1111-1111-1111 cvv 123, thanks")).toBe("[card], thanks");
  });

  it("reads fullwidth digits as digits", () => {
    expect(maskPersonalData("４１１１ １１１１ １１１１ １１１１")).toBe("[card]");
    expect(maskPersonalData("電話は０９０－１２３４－５６７８です")).toBe("電話は[phone]です");
  });

  it("does not take mentions, host-only addresses or retina file names for e-mails", () => {
    for (const text of ["@mention", "user@localhost", "a@b", "@@", "logo@2x.png"]) expect(maskPersonalData(text), text).toBe(text);
  });
});

describe("the masking corpus", () => {
  it("has at least 200 texts to mask and 200 to leave alone", () => {
    expect(MASKED.length).toBeGreaterThanOrEqual(200);
    expect(UNCHANGED.length).toBeGreaterThanOrEqual(200);
  });

  it("builds valid Luhn numbers and IBANs", () => {
    expect(luhnSum(luhnValid("4", 16))).toBe(0);
    expect(iban("DE", "370400440532013000")).toBe("DE89370400440532013000");
    expect(ibanIsValid("GB82WEST12345698765432")).toBe(true);
  });

  it.each(MASKED.map(({ text, expected }) => [text, expected]))("masks %j", (text, expected) => {
    expect(maskPersonalData(text)).toBe(expected);
  });

  it.each(UNCHANGED.map((text) => [text]))("leaves %j alone", (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});

describe("maskPersonalData on any string", () => {
  const anyText = fc.oneof(
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.string({ maxLength: 200 }),
    fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((pieces) => pieces.join("")),
  );

  it("gives a string", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(typeof maskPersonalData(text)).toBe("string");
      }),
      { numRuns: 400 },
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = maskPersonalData(text);
        expect(maskPersonalData(once)).toBe(once);
      }),
      { numRuns: 600 },
    );
  });

  it("leaves text without digits and without @ unchanged", () => {
    const withoutDigits = fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), anyText).map((text) => text.replace(/[0-9\uff10-\uff19@]/g, ""));
    fc.assert(
      fc.property(withoutDigits, (text) => {
        expect(maskPersonalData(text)).toBe(text);
      }),
      { numRuns: 400 },
    );
  });

  it("masks a valid card wherever it stands between words", () => {
    const word = fc.string({ unit: fc.constantFrom(..."abcxyz "), minLength: 1, maxLength: 12 });
    const separator = fc.constantFrom(" ", "-", ".", "_", ",", "");
    const body = fc.tuple(fc.constantFrom("4", "51", "37", "6011"), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 11 }));
    fc.assert(
      fc.property(word, word, separator, body, (before, after, sep, [prefix, rest]) => {
        const card = withLuhnCheck((prefix + rest.join("")).padEnd(15, "0")).replace(/(\d{4})(?=\d)/g, `$1${sep}`);
        const masked = maskPersonalData(`${before} ${card} ${after}`);
        expect(masked).toBe(`${before} [card] ${after}`);
      }),
      { numRuns: 300 },
    );
  });
});

import { describe, expect, it } from "vitest";
import { maskPersonalData } from "../../src/privacy/mask.ts";

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
});

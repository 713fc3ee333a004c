/**
 * Masks personal data in a text before it is kept for training: e-mail addresses, card-like
 * numbers (13-19 digits passing the Luhn check) and phone numbers (7-15 digits).
 */
const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,}/gi;
// Runs of digits with the separators people type inside card and phone numbers.
const DIGIT_RUN = /\+?\(?\d[\d\s().-]{5,}\d/g;

export function maskPersonalData(text: string): string {
  return text.replace(EMAIL, "[email]").replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/\D/g, "");
    if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits)) return "[card]";
    if (digits.length >= 7 && digits.length <= 15 && !looksLikeNumberNotPhone(run.trim())) return "[phone]";
    return run;
  });
}

/** Dates (2026-11-03), amounts (12345.50) and dotted versions or addresses are not phone numbers. */
function looksLikeNumberNotPhone(run: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(run) || /^\d+\.\d{1,2}$/.test(run) || /^\d{1,3}(?:\.\d{1,3}){2,3}$/.test(run);
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

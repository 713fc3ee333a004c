/**
 * Masks personal data in a text before it is kept for training: e-mail addresses `[email]`,
 * IBANs `[iban]`, IP addresses `[ip]`, card numbers `[card]` and phone numbers `[phone]`.
 *
 * Texts come from users (up to 64 KB), so the masker must never backtrack: it is two
 * left-to-right scans over char codes (e-mails first, then everything built from digits), every
 * look-ahead is bounded, and a run that was looked at and rejected is skipped as a whole. Time is
 * linear in the text with small constants; no regular expression ever sees unbounded input.
 * Masking is idempotent: a mask token reads like the word it replaced (see `isWordBefore`).
 *
 * The rules for the ambiguous cases (test/privacy/mask-corpus.ts has examples of each):
 * - E-mail: a local part of letters (any script), digits and `. _ % + -`; a domain of two or more
 *   labels whose last one is two or more letters (or `xn--` punycode). `@mention`, `user@host`,
 *   `a@b` and retina file names like `logo@2x.png` are not e-mails.
 * - Digits glued to a word (`A1234567`, `INV-2026-000123`, `file_5551234567`,
 *   `example.com/orders/5551234567`) or after `#` are identifiers and stay. Words of scripts
 *   written without spaces do not glue: `電話は090-1234-5678です` has a phone.
 * - Fullwidth digits (U+FF10–U+FF19) are digits for cards and phones.
 * - Card: 13–19 digits passing Luhn, in groups of 3+ digits joined by one space, `-`, `.`, `_` or
 *   `,`; a last 3–4 digit group right after it, or `cvv 123`, is its CVV and is masked with it.
 * - IBAN: upper-case country code, two check digits and up to 30 upper-case letters or digits,
 *   optionally in space-separated groups; masked only when the ISO 13616 mod-97 check holds.
 * - IP: a dotted quad of octets 0–255 (three or five parts are versions); IPv6 full, compressed
 *   with `::` or with an IPv4 tail. A compressed one needs a 3–4 digit group, an IPv4 tail or to
 *   be `::1`, so `a[1::2]`, `std::` and times like `10:30:00` stay.
 * - Phone: 7–15 digits (ASCII or fullwidth) in groups joined by a space, `-`, `.` or parentheses,
 *   optionally after `+`. An unbroken run is a phone only after `+`, with 10 digits not starting
 *   with 1 (Unix times do), 11 starting with 0 or 1, or 12–13 starting with 00; other bare runs are
 *   order numbers. Not phones: decimals and versions (`12345.50`, `1.2.3`), dates, year and round
 *   ranges (`2019-2020`, `1000-2000`), ZIP+4, groupings with `,` or `_`, space-grouped thousands
 *   (`1 234 567`), lists of years or of single digits, groupings ending in a 1–2 digit group
 *   (unless they start with `+` or `0` or have parentheses), numbers right after a currency sign or
 *   after "order", "invoice", "ticket", "ref" and the like, and card-shaped numbers failing Luhn.
 *   Space-separated numbers are phones only if all of them are (up to two stray digits between),
 *   so `ref 1234 5678 9012 3456` is not read as two phones.
 */
export function maskPersonalData(text: string): string {
  const emails = new MaskedText(text);
  if (text.includes("@")) findEmails(text, emails);
  const withoutEmails = emails.toString();
  const masked = new MaskedText(withoutEmails);
  new CodeScanner(withoutEmails, masked).scan();
  return masked.toString();
}

// Performance notes. Hot loops live in functions that end right after them: V8 compiles a hot
// loop in the middle of a call, and code after it that had not run yet throws that compiled code
// away on every call. Hot loops read typed arrays through locals and call `charCodeAt` directly.

// ---- characters -------------------------------------------------------------------------------

const ASCII_WORD = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_WORD[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_WORD[c] = ASCII_WORD[c + 32] = 1;

/**
 * Letters and digits of any script, by ranges rather than `\p{L}` (a regex per char costs more
 * than the whole scan). Punctuation, symbols, spaces, surrogates (emoji and other astral chars)
 * and private use are not word chars. NaN (reading past the end) is not one either.
 */
function isWordCode(c: number): boolean {
  if (c < 128) return ASCII_WORD[c] === 1;
  return isNonAsciiWordCode(c);
}

function isNonAsciiWordCode(c: number): boolean {
  if (c < 0xc0) return c === 0xaa || c === 0xb5 || c === 0xba;
  if (c < 0x2000) return c !== 0xd7 && c !== 0xf7;
  if (c < 0x2c00) return false; // punctuation, symbols, arrows, maths, boxes, dingbats
  if (c >= 0x2e00 && c < 0x2e80) return false; // supplemental punctuation
  if (c >= 0x3000 && c < 0x3040) return false; // CJK punctuation, ideographic space
  if (c >= 0xd800 && c < 0xf900) return false; // surrogates, private use
  if (c >= 0xfe00 && c < 0xfe70) return c >= 0xfe20 && c < 0xfe30; // variation selectors, CJK forms
  if (c >= 0xff00) return (c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a) || (c >= 0xff66 && c <= 0xffdc);
  return c <= 0xffff && c !== 0xfeff;
}

/**
 * Scripts written without spaces (CJK, kana, Hangul, Thai, Lao, Khmer, Myanmar, Yi): a number
 * right after "は" or before "です" is not glued to a word the way "A1234567" is.
 */
function isUnspacedScript(c: number): boolean {
  if (c < 0xe00) return false;
  return (c >= 0x2e80 && c < 0xa4d0) || (c >= 0xac00 && c < 0xd7b0) || (c >= 0xf900 && c < 0xfb00) || (c >= 0xff66 && c <= 0xffdc) || (c >= 0xe00 && c < 0xf00) || (c >= 0x1000 && c < 0x10a0) || (c >= 0x1780 && c < 0x1800);
}

/** Word chars that a number next to them belongs to: those of scripts written with spaces. */
function isGlueCode(c: number): boolean {
  return c < 128 ? ASCII_WORD[c] === 1 : isNonAsciiWordCode(c) && !isUnspacedScript(c);
}

/** 0–9 for ASCII and fullwidth digits (U+FF10–U+FF19), -1 for anything else. */
function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10;
  return -1;
}

const OPEN = 40, CLOSE = 41, DASH = 45, DOT = 46, SLASH = 47, COLON = 58, LOW = 95, HASH = 35, BACKSLASH = 92;

const isAsciiDigit = (c: number) => c >= 48 && c <= 57;
const isUpperAscii = (c: number) => c >= 65 && c <= 90;
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isHexLetter = (c: number) => (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isHex = (c: number) => isAsciiDigit(c) || isHexLetter(c);
const isPlus = (c: number) => c === 43 || c === 0xff0b;
const isPrefixCode = (c: number) => isPlus(c) || c === OPEN;
const isCurrency = (c: number) => c === 36 || c === 0xa3 || c === 0xa5 || c === 0x20ac || c === 0x20b9;

/**
 * Before a number or address, `]` counts as a word char: it ends every mask token, and the char
 * a token replaced was part of what it masked, so a second pass reads the same way as the first.
 */
const isWordBefore = (c: number) => isGlueCode(c) || c === 93;

/** What an ASCII char may start: a number (digit, `+`, `(`), a word, or an IPv6 address (`:`). */
const START_NUMBER = 1, START_WORD = 2, START_COLON = 3;
const ASCII_START = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_START[c] = ASCII_WORD[c] ? START_WORD : 0;
for (let c = 48; c <= 57; c++) ASCII_START[c] = START_NUMBER;
ASCII_START[43] = ASCII_START[OPEN] = START_NUMBER;
ASCII_START[COLON] = START_COLON;

const ASCII_UNIT = ASCII_WORD.slice();
ASCII_UNIT[LOW] = 1;

/** Where a word-like unit (`INV-2026-000123`, `example.com/p/42`, `snake_case1`) ends. */
function unitEnd(text: string, i: number): number {
  let p = i;
  for (;;) {
    const c = text.charCodeAt(p);
    if (c < 128 ? ASCII_UNIT[c] === 1 : isGlueCode(c)) p++;
    else if ((c === DASH || c === DOT || c === SLASH) && isGlueCode(text.charCodeAt(p + 1))) p += 2;
    else break;
  }
  return p > i ? p : i + 1;
}

/** The masked copy of a text, built from left to right. */
class MaskedText {
  private out = "";
  private last = 0;
  private changed = false;
  constructor(private readonly text: string) {}
  replace(start: number, end: number, token: string): void {
    this.out += this.text.slice(this.last, start) + token;
    this.last = end;
    this.changed = true;
  }
  toString(): string {
    return this.changed ? this.out + this.text.slice(this.last) : this.text;
  }
}

// ---- e-mail addresses -------------------------------------------------------------------------

const isLocalCode = (c: number) => isWordCode(c) || c === DOT || c === LOW || c === 37 || c === 43 || c === DASH;
const isLabelCode = (c: number) => isWordCode(c) || c === DASH;
const RETINA_NAME = /^\d+(?:\.\d+)?x$/i;
const IMAGE_EXTENSIONS = new Set(["png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "bmp", "ico", "tif", "tiff"]);

/**
 * Each `@` looks left for a local part (never past the previous `@` or e-mail) and right for a
 * domain (never past the next `@`), so every char is read a bounded number of times.
 */
function findEmails(text: string, out: MaskedText): void {
  let floor = 0;
  for (let at = nextAt(text, 0); at >= 0; ) {
    const start = isLocalCode(text.charCodeAt(at - 1)) ? localPartStart(text, at, floor) : at;
    const end = start < at && isLabelCode(text.charCodeAt(at + 1)) ? domainEnd(text, at + 1) : -1;
    if (end > 0) {
      out.replace(start, end, "[email]");
      floor = end;
    }
    at = nextAt(text, end > 0 ? end : at + 1);
  }
}

/** The next `@` from `p`: a few chars by hand first, as `indexOf` costs a call each time. */
function nextAt(text: string, p: number): number {
  for (const stop = Math.min(p + 16, text.length); p < stop; p++) if (text.charCodeAt(p) === 64) return p;
  return text.indexOf("@", p);
}

/**
 * Start of the local part before `at`, or `at` when there is none. The letters of a local part
 * or a label are all of scripts written without spaces or all of others, so an address ends where
 * the script changes: "メールはtaro@example.jpです", "x@例子.广告5551234567".
 */
function localPartStart(text: string, at: number, floor: number): number {
  const unspaced = isUnspacedScript(text.charCodeAt(at - 1));
  let start = at;
  for (let j = at - 1; j >= floor; j--) {
    const c = text.charCodeAt(j);
    if (!isLocalCode(c)) break;
    if (!isWordCode(c)) continue;
    if (isUnspacedScript(c) !== unspaced) break;
    start = j; // starts with a letter or digit: "...", "--" and "+" before it are prose
  }
  return start;
}

/** End of a domain starting at `p`: labels joined by single dots, the last one a real TLD. */
function domainEnd(text: string, p: number): number {
  const q = labelsEnd(text, p);
  return q > 0 ? topLevelEnd(text, p, q) : -1;
}

/** End of the dot-joined labels at `p`, or -1 if there is only one. */
function labelsEnd(text: string, p: number): number {
  const unspaced = isUnspacedScript(text.charCodeAt(p));
  let q = p;
  let dots = 0;
  for (;;) {
    const labelStart = q;
    for (let c = text.charCodeAt(q); isLabelCode(c) && (c === DASH || isUnspacedScript(c) === unspaced); c = text.charCodeAt(++q));
    const next = text.charCodeAt(q + 1);
    if (q === labelStart || text.charCodeAt(q) !== DOT || !isLabelCode(next) || (next !== DASH && isUnspacedScript(next) !== unspaced)) break;
    q++;
    dots++;
  }
  return dots > 0 ? q : -1;
}

/** Drops trailing labels that cannot be a TLD ("a@b.com.123" is "a@b.com" then ".123"). */
function topLevelEnd(text: string, p: number, q: number): number {
  for (let end = q, dot = q - 1; dot >= p; dot--) {
    if (text.charCodeAt(dot) !== DOT) continue;
    if (isTopLevelLabel(text, dot + 1, end)) return isAsciiDigit(text.charCodeAt(p)) && isRetinaFileName(text, p, dot, end) ? -1 : end;
    end = dot;
  }
  return -1;
}

function isTopLevelLabel(text: string, s: number, e: number): boolean {
  if (e - s < 2) return false;
  if (e - s > 4 && text.slice(s, s + 4).toLowerCase() === "xn--") return text.charCodeAt(e - 1) !== DASH;
  for (let k = s; k < e; k++) {
    const c = text.charCodeAt(k);
    if (!isWordCode(c) || digitValue(c) >= 0) return false;
  }
  return true;
}

/** `icon@2x.png`, `logo@1.5x.jpg`: an image at a pixel density, not an address. */
function isRetinaFileName(text: string, p: number, dot: number, end: number): boolean {
  return IMAGE_EXTENSIONS.has(text.slice(dot + 1, end).toLowerCase()) && RETINA_NAME.test(text.slice(p, dot));
}

// ---- runs of digit groups ---------------------------------------------------------------------

// The separator between two digit groups is at most ")", one of these, "(".
const SEP_SPACE = 1, SEP_OPEN = 2, SEP_CLOSE = 4, SEP_DASH = 8, SEP_DOT = 16, SEP_LOW = 32, SEP_COMMA = 64, SEP_SLASH = 128;
const ASCII_SEPARATOR = new Uint8Array(128);
ASCII_SEPARATOR[32] = SEP_SPACE;
ASCII_SEPARATOR[DASH] = SEP_DASH;
ASCII_SEPARATOR[DOT] = SEP_DOT;
ASCII_SEPARATOR[LOW] = SEP_LOW;
ASCII_SEPARATOR[44] = SEP_COMMA;
ASCII_SEPARATOR[SLASH] = SEP_SLASH;

function separatorBit(c: number): number {
  if (c < 128) return ASCII_SEPARATOR[c];
  if (c === 0xa0 || c === 0x2009 || c === 0x202f || c === 0x3000) return SEP_SPACE; // no-break, thin, ideographic
  if (c === 0xff0d) return SEP_DASH; // fullwidth forms
  if (c === 0xff0e) return SEP_DOT;
  if (c === 0xff0c) return SEP_COMMA;
  return 0;
}

const isCardSeparator = (s: number) => s === SEP_SPACE || s === SEP_DASH || s === SEP_DOT || s === SEP_LOW || s === SEP_COMMA;

const CVV_AFTER_CARD = /^[ ,;:]{0,3}\(?(?:cvv2?|cvc2?|cid|csc)\)?[ :=#.-]{0,3}[0-9\uff10-\uff19]{3,4}(?![0-9A-Za-z\uff10-\uff19])/i;
const ID_WORDS = new Set(["order", "orders", "invoice", "ticket", "ref", "reference", "case", "tracking", "confirmation", "booking", "reservation", "sku", "item", "transaction", "receipt", "serial", "model", "part", "po", "id"]);
const ID_LINKS = new Set(["no", "nr", "number", "num", "code"]);
const UNKNOWN = -1;

// Scratch space for one run of digit groups, reused between calls (masking is synchronous) and
// grown to the longest text seen: n chars hold at most n digits and (n + 1) / 2 groups or
// segments (about 1.7 MB for 64 KB of ASCII).
let groupStart = new Int32Array(0);
let groupEnd = new Int32Array(0);
let sepBefore = new Uint8Array(0); // separator bits before group g, for g >= 1
let digitsBefore = new Int32Array(0); // digits of the run before group g
let groupValue = new Int32Array(0); // the group as a number, for groups of up to 4 digits
let luhnEven = new Int32Array(0); // Luhn prefix sums over the run's digits, doubling odd indexes
let luhnOdd = new Int32Array(0); // ... or doubling even ones
let segFirst = new Int32Array(0); // phone segments: groups joined without a space ("(0)20-7946")
let segLast = new Int32Array(0);
let segDigits = new Int32Array(0);
let segOpaque = new Uint8Array(0); // the segment is a date, decimal, range...: no phone
let longestPhone = new Int32Array(0); // last segment of the longest phone from here, or -1
let canSplit = new Uint8Array(0); // the segments from here on split into phones and stray digits
let startsPhone = new Uint8Array(0); // ... and the first of them starts a phone

function reserveScratch(chars: number): void {
  if (luhnEven.length >= chars + 2) return;
  const digits = chars + 2, groups = (chars >> 1) + 3;
  [luhnEven, luhnOdd] = [new Int32Array(digits), new Int32Array(digits)];
  [groupStart, groupEnd, digitsBefore, groupValue] = [new Int32Array(groups), new Int32Array(groups), new Int32Array(groups), new Int32Array(groups)];
  [segFirst, segLast, segDigits, longestPhone] = [new Int32Array(groups), new Int32Array(groups), new Int32Array(groups), new Int32Array(groups)];
  [sepBefore, segOpaque, canSplit, startsPhone] = [new Uint8Array(groups), new Uint8Array(groups), new Uint8Array(groups), new Uint8Array(groups)];
}

/**
 * The second scan. At a digit (or a `+`/`(` before one) it reads the whole run of digit groups and
 * decides on it at once; at a letter it tries an IBAN or IPv6 address, else skips the word; at
 * `::` it tries an IPv6 address.
 */
class CodeScanner {
  // The run of digit groups being decided.
  private prefixStart = 0;
  private plus = false;
  private paren = false;
  private idContext = UNKNOWN;
  private consumed = 0;
  private luhnGroups = 0; // groups covered by the Luhn prefix sums
  private readonly ibans: IbanRun;

  constructor(
    private readonly text: string,
    private readonly out: MaskedText,
  ) {
    this.ibans = new IbanRun(text);
  }

  scan(): void {
    const text = this.text;
    const n = text.length;
    reserveScratch(n);
    for (let i = 0; i < n; ) {
      const c = text.charCodeAt(i);
      const start = c < 128 ? ASCII_START[c] : digitValue(c) >= 0 || c === 0xff0b ? START_NUMBER : isGlueCode(c) ? START_WORD : 0;
      if (start === 0) i++;
      else if (start === START_WORD) i = this.wordAt(i);
      else if (start === START_NUMBER) i = this.numberAt(i);
      else i = this.colonAt(i);
    }
  }

  private mask(start: number, end: number, token: string): void {
    this.out.replace(start, end, token);
    if (end > this.consumed) this.consumed = end;
  }

  private wordAt(i: number): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    if (isHexLetter(c) && (isHex(c1) || c1 === COLON) && this.ipv6CanStart(i)) {
      const r = this.ipv6At(i);
      if (r >= 0) return r;
    }
    if (isUpperAscii(c) && isAsciiDigit(text.charCodeAt(i + 2)) && !isWordBefore(text.charCodeAt(i - 1))) {
      const end = this.ibanEnd(i);
      if (end > 0) {
        this.mask(i, end, "[iban]");
        return end;
      }
    }
    return unitEnd(text, i);
  }

  private colonAt(i: number): number {
    if (this.text.charCodeAt(i + 1) === COLON && this.ipv6CanStart(i)) {
      const r = this.ipv6At(i);
      if (r >= 0) return r;
    }
    return i + 1;
  }

  /** At a digit, or at a `+` or `(` that may start a number. */
  private numberAt(i: number): number {
    const text = this.text;
    const plus = isPlus(text.charCodeAt(i));
    const p = plus ? i + 1 : i;
    const paren = text.charCodeAt(p) === OPEN;
    const first = paren ? p + 1 : p;
    return digitValue(text.charCodeAt(first)) < 0 ? i + 1 : this.digitsAt(i, first, plus, paren);
  }

  /** The run of digit groups from `p` (after a `+` or `(` at `i`): masks what it holds, returns where to go on. */
  private digitsAt(i: number, p: number, plus: boolean, paren: boolean): number {
    const text = this.text;
    const prev = text.charCodeAt(i - 1);
    // "C++1", "f(2)", "ff::+1" have no prefix; "tel:+1" has.
    if (p > i && (isWordBefore(prev) || (prev === COLON && !isAsciiLetter(text.charCodeAt(i - 2))))) return i + 1;
    if (isWordBefore(prev) || prev === HASH || prev === BACKSLASH) return unitEnd(text, p);
    if (!plus && isAsciiDigit(text.charCodeAt(p)) && this.ipv6CanStart(p)) {
      const r = this.ipv6At(p);
      if (r >= 0) return r;
    }
    let m = this.readGroups(p);
    // "555-123-4567x", "… 1111::1": the last group belongs to a word, an IPv6 address or a time.
    const glued = this.isGluedAfter(groupEnd[m - 1]);
    const dropLast = glued || (text.charCodeAt(groupEnd[m - 1]) === COLON && this.colonRunEnd(groupStart[m - 1]) >= 0);
    if (dropLast) m--;
    this.consumed = i + 1;
    if (m > 0) {
      this.prefixStart = i;
      this.plus = plus;
      this.paren = paren;
      this.idContext = UNKNOWN;
      this.consumed = groupEnd[m - 1];
      this.maskGroups(m);
    }
    return dropLast ? Math.max(this.consumed, this.afterDroppedGroup(groupStart[m], glued)) : this.consumed;
  }

  /** Reads a dropped last group exactly as a fresh start there would, so a second pass agrees. */
  private afterDroppedGroup(s: number, glued: boolean): number {
    if (isAsciiDigit(this.text.charCodeAt(s)) && this.ipv6CanStart(s)) {
      const r = this.ipv6At(s);
      if (r >= 0) return r;
    }
    return glued ? unitEnd(this.text, s) : this.colonRunEnd(s);
  }

  /** Reads digit groups from `p` into the scratch arrays; returns how many. */
  private readGroups(p: number): number {
    const text = this.text, starts = groupStart, ends = groupEnd, seps = sepBefore, before = digitsBefore, values = groupValue;
    let m = 0;
    let digits = 0;
    before[0] = 0;
    for (;;) {
      const start = p;
      let value = 0;
      for (let d = digitValue(text.charCodeAt(p)); d >= 0; d = digitValue(text.charCodeAt(++p))) if (value < 1e5) value = value * 10 + d;
      starts[m] = start;
      ends[m] = p;
      values[m] = p - start <= 4 ? value : -1;
      digits += p - start;
      before[++m] = digits;
      let q = p;
      let bits = 0;
      if (text.charCodeAt(q) === CLOSE) {
        bits = SEP_CLOSE;
        q++;
      }
      const bit = separatorBit(text.charCodeAt(q));
      if (bit) {
        bits |= bit;
        q++;
      }
      if (text.charCodeAt(q) === OPEN) {
        bits |= SEP_OPEN;
        q++;
      }
      if (q === p || digitValue(text.charCodeAt(q)) < 0) return m;
      seps[m] = bits;
      p = q;
    }
  }

  private isGluedAfter(e: number): boolean {
    const c = this.text.charCodeAt(e);
    return isGlueCode(c) || ((c === DASH || c === LOW) && isGlueCode(this.text.charCodeAt(e + 1)));
  }

  private isAfterIdWord(): boolean {
    if (this.idContext === UNKNOWN) this.idContext = this.isIdContext(this.prefixStart) ? 1 : 0;
    return this.idContext === 1;
  }

  /** A currency sign, or words like "order no." or "ticket:", right before the number. */
  private isIdContext(s: number): boolean {
    const text = this.text;
    let j = s - 1;
    if (text.charCodeAt(j) === 32) j--;
    if (isCurrency(text.charCodeAt(j))) return true;
    for (let words = 0; words < 2; words++) {
      for (const stop = j - 8; j > stop && isIdPunctuation(text.charCodeAt(j)); ) j--;
      const end = j + 1;
      while (end - j <= 16 && isAsciiLetter(text.charCodeAt(j))) j--;
      if (isAsciiLetter(text.charCodeAt(j)) || end === j + 1) return false;
      const word = text.slice(j + 1, end).toLowerCase();
      if (ID_WORDS.has(word)) return true;
      if (!ID_LINKS.has(word)) return false;
    }
    return false;
  }

  // ---- one run: cards first, then dotted quads and phones in what is left ----

  private len(g: number): number {
    return groupEnd[g] - groupStart[g];
  }

  /** The group as a number, or -1 past 4 digits. */
  private value(g: number): number {
    return groupValue[g];
  }

  private maskGroups(m: number): void {
    const digits = digitsBefore[m];
    if (digits < 7 && m < 4) return; // too short for a phone, a card or a dotted quad
    const from = digits >= 13 ? this.maskCards(m) : 0;
    this.maskPhones(this.maskDottedQuads(from, m), m);
  }

  /** Masks cards (and what lies before each); returns the first group after the last card. */
  private maskCards(m: number): number {
    this.luhnGroups = 0;
    let from = 0;
    for (let s = 0; s < m; ) {
      const last = this.cardFrom(s, m);
      if (last < 0) {
        s++;
        continue;
      }
      this.maskPhones(this.maskDottedQuads(from, s), s);
      s = from = this.maskCard(s, last, m) + 1;
    }
    return from;
  }

  /** Last group of the longest Luhn-valid card starting at group `s`, or -1. */
  private cardFrom(s: number, m: number): number {
    const starts = groupStart, ends = groupEnd, seps = sepBefore, before = digitsBefore;
    if (ends[s] - starts[s] < 3 || (s === 0 && this.plus)) return -1;
    let best = -1;
    for (let e = s; e < m; e++) {
      if ((e > s && !isCardSeparator(seps[e])) || ends[e] - starts[e] < 3) break;
      const digits = before[e + 1] - before[s];
      if (digits > 19) break;
      if (digits >= 13 && this.passesLuhn(s, e)) best = e;
    }
    return best;
  }

  private passesLuhn(s: number, e: number): boolean {
    if (this.luhnGroups <= e) this.fillLuhn(e);
    const a = digitsBefore[s], b = digitsBefore[e + 1];
    const sums = (b - 1) % 2 === 0 ? luhnEven : luhnOdd; // the last digit is never doubled
    return (sums[b] - sums[a]) % 10 === 0;
  }

  /** Extends the Luhn prefix sums over groups up to `g` (cards are looked for left to right). */
  private fillLuhn(g: number): void {
    const text = this.text, even = luhnEven, odd = luhnOdd;
    even[0] = odd[0] = 0;
    for (; this.luhnGroups <= g; this.luhnGroups++) {
      let t = digitsBefore[this.luhnGroups];
      for (let p = groupStart[this.luhnGroups]; p < groupEnd[this.luhnGroups]; p++, t++) {
        const d = digitValue(text.charCodeAt(p));
        const doubled = d > 4 ? d * 2 - 9 : d * 2;
        const isEven = (t & 1) === 0;
        even[t + 1] = even[t] + (isEven ? d : doubled);
        odd[t + 1] = odd[t] + (isEven ? doubled : d);
      }
    }
  }

  /** Masks groups s..last and a CVV right after them; returns the last group masked. */
  private maskCard(s: number, last: number, m: number): number {
    let end = groupEnd[last];
    const cvv = last + 1 === m - 1 ? this.len(m - 1) : 0;
    if ((cvv === 3 || cvv === 4) && isCardSeparator(sepBefore[m - 1])) end = groupEnd[(last = m - 1)];
    else if (last === m - 1) end += this.cvvKeywordLength(end);
    this.mask(groupStart[s], end, "[card]");
    return last;
  }

  private cvvKeywordLength(end: number): number {
    const match = CVV_AFTER_CARD.exec(this.text.slice(end, end + 24));
    return match ? match[0].length : 0;
  }

  /** Masks dotted quads in groups a..b-1 (and the phones before each); returns the group after the last. */
  private maskDottedQuads(a: number, b: number): number {
    let from = a;
    if (b - a < 4) return from;
    for (let k = a; k < b; ) {
      let j = k;
      while (j + 1 < b && sepBefore[j + 1] === SEP_DOT) j++;
      if (j - k === 3 && this.isIPv4Quad(k)) {
        this.maskPhones(from, k);
        this.mask(groupStart[k], groupEnd[j], "[ip]");
        from = j + 1;
      }
      k = j + 1;
    }
    return from;
  }

  private isIPv4Quad(k: number): boolean {
    for (let g = k; g < k + 4; g++) if (this.len(g) > 3 || groupValue[g] > 255) return false;
    return true;
  }

  // ---- phones: segments are groups joined without a space ("555-123-4567", "(0)20") ----

  private maskPhones(a: number, b: number): void {
    if (a < b && digitsBefore[b] - digitsBefore[a] >= 7) this.maskPhoneRuns(this.readSegments(a, b));
  }

  /** Splits groups a..b-1 into segments and marks those that cannot be part of a phone. */
  private readSegments(a: number, b: number): number {
    const starts = groupStart, ends = groupEnd, seps = sepBefore;
    let count = 0;
    for (let g = a; g < b; g++) {
      if (g === a || seps[g] & SEP_SPACE) {
        segFirst[count] = g;
        segDigits[count] = 0;
        count++;
      }
      segLast[count - 1] = g;
      segDigits[count - 1] += ends[g] - starts[g];
      if (g + 1 === b || seps[g + 1] & SEP_SPACE) {
        const first = segFirst[count - 1];
        segOpaque[count - 1] = first !== g && this.isNotPhoneSegment(first, g) ? 1 : 0;
      }
    }
    return count;
  }

  /** Runs of segments between opaque ones are decided one by one. */
  private maskPhoneRuns(count: number): void {
    for (let r = 0; r < count; ) {
      if (segOpaque[r]) {
        r++;
        continue;
      }
      let t = r + 1;
      while (t < count && !segOpaque[t]) t++;
      this.maskPhoneRun(r, t);
      r = t;
    }
  }

  /** Dates, decimals, versions, ranges, ZIP+4 and groupings with `,` or `_`. */
  private isNotPhoneSegment(u: number, v: number): boolean {
    const seps = this.separatorsIn(u, v);
    if (seps & (SEP_COMMA | SEP_LOW)) return true;
    if (seps & SEP_SLASH) return !(v === u + 1 && digitValue(this.text.charCodeAt(groupStart[u])) === 0); // "030/1234567"
    if (v === u + 1 && sepBefore[v] === SEP_DASH && this.len(u) === 5 && this.len(v) === 4) return true; // ZIP+4
    return this.hasDecimalOrVersion(u, v) || this.hasDate(u, v) || this.hasRange(u, v);
  }

  private separatorsIn(u: number, v: number): number {
    let seps = 0;
    for (let g = u + 1; g <= v; g++) seps |= sepBefore[g];
    return seps;
  }

  /** "12345.50", "3.5", "1.234.567", "1.2.3": two dotted groups, or more of at most 3 digits. */
  private hasDecimalOrVersion(u: number, v: number): boolean {
    for (let k = u; k <= v; ) {
      let j = k;
      let short = this.len(k) <= 3;
      while (j < v && sepBefore[j + 1] === SEP_DOT) if (this.len(++j) > 3) short = false;
      if (j - k === 1 || (j - k >= 2 && short)) return true;
      k = j + 1;
    }
    return false;
  }

  private hasDate(u: number, v: number): boolean {
    for (let g = u; g + 2 <= v; g++) if (this.isDateAt(g)) return true;
    return false;
  }

  private hasRange(u: number, v: number): boolean {
    for (let g = u; g < v; g++) if (sepBefore[g + 1] === SEP_DASH && this.isRangeAt(g)) return true;
    return false;
  }

  /** "2026-11-03", "03.11.2026", "11/03/2026". */
  private isDateAt(g: number): boolean {
    const sep = sepBefore[g + 1];
    if (sep !== sepBefore[g + 2] || (sep !== SEP_DASH && sep !== SEP_DOT && sep !== SEP_SLASH)) return false;
    const a = this.len(g), b = this.len(g + 1), c = this.len(g + 2);
    if (a === 4 && b <= 2 && c <= 2) return inRange(this.value(g + 1), 1, 12) && inRange(this.value(g + 2), 1, 31);
    if (a <= 2 && b <= 2 && c === 4) return inRange(this.value(g), 1, 31) && inRange(this.value(g + 1), 1, 31);
    return false;
  }

  /** "2019-2020", "1000-2000". */
  private isRangeAt(g: number): boolean {
    if (this.isYear(g) && this.isYear(g + 1)) return true;
    return this.len(g) >= 3 && this.len(g + 1) >= 3 && this.endsIn00(g) && this.endsIn00(g + 1);
  }

  private endsIn00(g: number): boolean {
    const text = this.text;
    return digitValue(text.charCodeAt(groupEnd[g] - 1)) === 0 && digitValue(text.charCodeAt(groupEnd[g] - 2)) === 0;
  }

  private isYear(g: number): boolean {
    return this.len(g) === 4 && inRange(this.value(g), 1900, 2099);
  }

  /**
   * Segments r0..r1-1 become phones only if they split into phones with at most two stray
   * digits between them: decided from the right, then masked from the left taking the longest
   * phone at each step. A phone spans at most 15 digits, so this is linear.
   */
  private maskPhoneRun(r0: number, r1: number): void {
    if (this.isCardShaped(segFirst[r0], segLast[r1 - 1])) return;
    this.splitPhoneRun(r0, r1, this.runMayEndPhones(r0, r1));
    if (canSplit[r0]) this.maskSplitPhones(r0, r1);
  }

  /**
   * Whether any phone here can end well without starting with 0: some group has 3+ digits, or
   * there are parentheses or a `+`. "12 12 12 …" can only hold phones starting with 0.
   */
  private runMayEndPhones(r0: number, r1: number): boolean {
    if (segFirst[r0] === 0 ? this.plus || this.paren : sepBefore[segFirst[r0]] & SEP_OPEN) return true;
    for (let g = segFirst[r0]; g <= segLast[r1 - 1]; g++) {
      if (groupEnd[g] - groupStart[g] >= 3 || (g > segFirst[r0] && sepBefore[g] & (SEP_OPEN | SEP_CLOSE))) return true;
    }
    return false;
  }

  private splitPhoneRun(r0: number, r1: number, mayEnd: boolean): void {
    const text = this.text;
    canSplit[r1] = startsPhone[r1] = 1;
    for (let p = r1 - 1; p >= r0; p--) {
      const first = segFirst[p];
      let q = mayEnd || digitValue(text.charCodeAt(groupStart[first])) === 0 ? this.longestPhoneFrom(p, r1) : -1;
      if (q >= 0 && first === 0 && this.isAfterIdWord()) q = -1;
      longestPhone[p] = q;
      startsPhone[p] = q >= 0 ? 1 : 0;
      const strayOne = segDigits[p] <= 2 && startsPhone[p + 1];
      const strayTwo = p + 2 <= r1 && segDigits[p] + segDigits[p + 1] <= 2 && startsPhone[p + 2];
      canSplit[p] = startsPhone[p] || strayOne || strayTwo ? 1 : 0;
    }
  }

  private maskSplitPhones(r0: number, r1: number): void {
    for (let p = r0; p < r1; ) {
      const q = longestPhone[p];
      if (q >= 0) {
        this.maskPhone(segFirst[p], segLast[q]);
        p = q + 1;
      } else {
        p += segDigits[p] <= 2 && startsPhone[p + 1] ? 1 : 2;
      }
    }
  }

  /** "1234 5678 9012 3456" failing Luhn is a reference number, not two phones. */
  private isCardShaped(first: number, last: number): boolean {
    if (this.len(first) !== 4) return false;
    let digits = 0;
    for (let g = first; g <= last; g++) {
      if (this.len(g) < 3 || (g > first && !isCardSeparator(sepBefore[g]))) return false;
      digits += this.len(g);
      if (digits > 19) return false;
    }
    return digits >= 13;
  }

  /** Last segment of the longest phone starting at segment p after which the run still splits. */
  private longestPhoneFrom(p: number, r1: number): number {
    const starts = groupStart, ends = groupEnd, seps = sepBefore, lasts = segLast;
    const first = segFirst[p];
    const atStart = first === 0;
    const plus = atStart && this.plus;
    const firstDigit = digitValue(this.text.charCodeAt(starts[first]));
    let paren = atStart ? this.paren : (seps[first] & SEP_OPEN) !== 0; // "(555) …" after a card reads as at a start
    let digits = 0, groups = 0, firstLen = 0, lastLen = 0;
    let years = true, threes = true, zeros = true;
    let best = -1;
    const lastGroup = lasts[r1 - 1];
    for (let g = first, q = p; g <= lastGroup; g++) {
      const len = ends[g] - starts[g];
      if (len === 1 && groups >= (plus || firstDigit === 0 ? 2 : 1)) break; // "1 2 3 4 5 6 7" is a list
      digits += len;
      if (digits > 15) break;
      if (groups === 0) firstLen = len;
      else {
        const sep = seps[g];
        if (sep & (SEP_OPEN | SEP_CLOSE)) paren = true;
        if (len !== 3 || sep !== SEP_SPACE) threes = zeros = false;
        else if (groupValue[g] !== 0) zeros = false;
      }
      if (years && !(len === 4 && inRange(groupValue[g], 1900, 2099))) years = false;
      lastLen = len;
      groups++;
      if (g !== lasts[q]) continue;
      if (digits >= 7 && canSplit[q + 1]) {
        const ok =
          groups === 1
            ? plus || this.isBarePhone(first)
            : !years && !(threes && !plus && (firstLen <= 2 || zeros)) && (plus || paren || firstDigit === 0 || lastLen >= 4 || (groups === 3 && threes && firstLen === 3));
        if (ok) best = q;
      }
      q++;
    }
    return best;
  }

  /** An unbroken run without `+`: national (10 digits, 11 with a 0 or 1 prefix) or 00-international. */
  private isBarePhone(g: number): boolean {
    const len = this.len(g);
    const d0 = digitValue(this.text.charCodeAt(groupStart[g]));
    const d1 = digitValue(this.text.charCodeAt(groupStart[g] + 1));
    if (len === 10) return d0 !== 1;
    if (len === 11) return d0 === 0 || (d0 === 1 && d1 >= 2);
    return (len === 12 || len === 13) && d0 === 0 && d1 === 0;
  }

  /** Takes a leading "+" or "(" but never a trailing ")": what follows a mask must not change. */
  private maskPhone(g0: number, g1: number): void {
    let start = groupStart[g0];
    if (g0 === 0) start = this.prefixStart;
    else if (this.text.charCodeAt(start - 1) === OPEN) start--;
    this.mask(start, groupEnd[g1], "[phone]");
  }

  // ---- IBAN ----

  /** End of the longest valid IBAN starting at `s` and ending on a group boundary, or -1. */
  private ibanEnd(s: number): number {
    const text = this.text;
    const c1 = text.charCodeAt(s + 1), c2 = text.charCodeAt(s + 2), c3 = text.charCodeAt(s + 3);
    if (!isUpperAscii(c1) || !isAsciiDigit(c2) || !isAsciiDigit(c3)) return -1;
    const check = (c2 - 48) * 10 + (c3 - 48);
    return check < 2 || check > 98 ? -1 : this.ibans.longestFrom(s);
  }

  // ---- IPv6 ----

  private ipv6CanStart(p: number): boolean {
    const prev = this.text.charCodeAt(p - 1);
    return !isWordBefore(prev) && prev !== COLON && prev !== DOT;
  }

  /**
   * Reads the run of hex digits, colons and dots at `s`. Returns -1 if it cannot be an address
   * (no `::` or hex group and colon first, fewer than two colons), else where to resume: after
   * the address (masked), or after the whole run when it is none (times, MAC addresses, `::::`),
   * so no part of it is read again.
   */
  private ipv6At(s: number): number {
    const text = this.text;
    let k = s;
    while (k - s < 4 && isHex(text.charCodeAt(k))) k++;
    if (text.charCodeAt(k) !== COLON || (k === s && text.charCodeAt(k + 1) !== COLON)) return -1;
    const e = this.colonRunEnd(s);
    if (e < 0) return -1;
    // "::::", "dead:beef": nothing in it to mask, so skip it unless its last word goes on.
    if (!this.hasAsciiDigit(s, e)) return text.charCodeAt(e - 1) === COLON || unitEnd(text, e - 1) === e ? e : -1;
    if (isGlueCode(text.charCodeAt(e))) return unitEnd(text, e);
    let end = e;
    while (text.charCodeAt(end - 1) === DOT) end--;
    if (text.charCodeAt(end - 1) === COLON && text.charCodeAt(end - 2) !== COLON) end--;
    if (end - s > 45 || !isIPv6(text, s, end)) return e;
    this.mask(s, end, "[ip]");
    // In "::ffff:+1…" the "+" follows "[ip]:" once masked, where it is no prefix: read it so now.
    return end === e - 1 && text.charCodeAt(end) === COLON && isPrefixCode(text.charCodeAt(e)) ? e + 1 : end;
  }

  /** End of the run of hex digits, colons and dots at `s` if it has two colons or more, else -1. */
  private colonRunEnd(s: number): number {
    const text = this.text;
    let e = s;
    let colons = 0;
    for (;;) {
      const c = text.charCodeAt(e);
      if (c === COLON) colons++;
      else if (!isHex(c) && c !== DOT) break;
      e++;
    }
    return colons >= 2 ? e : -1;
  }

  private hasAsciiDigit(s: number, e: number): boolean {
    for (let p = s; p < e; p++) if (isAsciiDigit(this.text.charCodeAt(p))) return true;
    return false;
  }
}

// ---- IBAN ----------------------------------------------------------------------------------

const IBAN_GROUPS = 80;
/** 10^k mod 97; 10 has order 96 mod 97. */
const POW10_MOD97 = new Int32Array(96);
for (let k = 0, r = 1; k < 96; k++, r = (r * 10) % 97) POW10_MOD97[k] = r;

/**
 * Runs of upper-case letters and digits in groups joined by single spaces, read once. IBAN
 * starts overlap ("DE89 3704 DE89 3704 …" has one every 10 chars and each may reach 34 chars),
 * so the remainders mod 97 of the run's prefixes at each group end are kept: a start is then
 * checked at each of its group ends in constant time.
 */
class IbanRun {
  private from = -1; // where the cached run starts
  private groups = 0; // group ends cached
  private readonly groupEnd = new Int32Array(IBAN_GROUPS);
  private readonly modAt = new Int32Array(IBAN_GROUPS); // the chars before the group end as digits, mod 97
  private readonly digitsAt = new Int32Array(IBAN_GROUPS); // how many digits (a letter is two)
  private readonly charsAt = new Int32Array(IBAN_GROUPS); // how many chars
  private readTo = 0; // where reading stopped: a group end, or inside a group
  private readMod = 0;
  private readDigits = 0;
  private readChars = 0;
  private over = true; // no group follows `readTo`
  private cursor = 0; // the cached group where the last start was looked for

  constructor(private readonly text: string) {}

  /** Longest valid IBAN from `s` (an upper-case letter pair and check digits 02–98), or -1. */
  longestFrom(s: number): number {
    const k = this.groupBefore(s);
    const baseMod = k < 0 ? 0 : this.modAt[k], baseDigits = k < 0 ? 0 : this.digitsAt[k], baseChars = k < 0 ? 0 : this.charsAt[k];
    const text = this.text;
    this.readUntil(baseChars + 35);
    // ISO 13616: the BBAN, then the country code and check digits, read as one number mod 97.
    let head = baseMod;
    for (let p = s; p < s + 4; p++) head = mod97(head, text.charCodeAt(p));
    const tail = mod97(mod97(mod97(mod97(0, text.charCodeAt(s)), text.charCodeAt(s + 1)), text.charCodeAt(s + 2)), text.charCodeAt(s + 3));
    // The BBAN up to a group end is that prefix minus `head` shifted left; then the tail follows.
    const headShifted = (head * POW10_MOD97[6]) % 97;
    const ends = this.groupEnd, mods = this.modAt, digits = this.digitsAt, counts = this.charsAt;
    let best = -1;
    for (let j = k + 1; j < this.groups; j++) {
      const chars = counts[j] - baseChars;
      if (chars > 34) break;
      if (chars < 15 || isGlueCode(text.charCodeAt(ends[j]))) continue;
      const shift = digits[j] - baseDigits - 6; // at most 60: 30 chars of 2 digits
      if ((mods[j] * POW10_MOD97[6] + tail - headShifted * POW10_MOD97[shift] + 97 * 97) % 97 === 1) best = ends[j];
    }
    return best;
  }

  /** The cached group that ends right before `s`, -1 if `s` starts the run; restarts it there if need be. */
  private groupBefore(s: number): number {
    if (this.from >= 0 && s > this.from && s <= this.readTo) {
      // Starts come left to right, so the search goes on from the last one.
      while (this.cursor < this.groups && this.groupEnd[this.cursor] + 1 < s) this.cursor++;
      if (this.cursor < IBAN_GROUPS / 2 && this.cursor < this.groups && this.groupEnd[this.cursor] + 1 === s) return this.cursor;
    }
    this.from = this.readTo = s;
    this.groups = this.cursor = this.readMod = this.readDigits = this.readChars = 0;
    this.over = false;
    return -1;
  }

  /** Reads on until `chars` chars of the run are known, or the run ends. */
  private readUntil(chars: number): void {
    const text = this.text;
    let p = this.readTo, mod = this.readMod, digits = this.readDigits, count = this.readChars;
    while (!this.over && count < chars && this.groups < IBAN_GROUPS) {
      const v = ibanValue(text.charCodeAt(p));
      if (v >= 0) {
        mod = MOD97_AFTER[mod * 36 + v];
        digits += v < 10 ? 1 : 2;
        count++;
        p++;
        continue;
      }
      const g = this.groups++;
      this.groupEnd[g] = p;
      this.modAt[g] = mod;
      this.digitsAt[g] = digits;
      this.charsAt[g] = count;
      if (v === -1 && text.charCodeAt(p) === 32 && ibanValue(text.charCodeAt(p + 1)) >= 0) p++;
      else this.over = true;
    }
    this.readTo = p;
    this.readMod = mod;
    this.readDigits = digits;
    this.readChars = count;
  }
}

function isIdPunctuation(c: number): boolean {
  return c === 32 || c === HASH || c === COLON || c === DOT || c === 61;
}

function inRange(v: number, lo: number, hi: number): boolean {
  return v >= lo && v <= hi;
}

/** Next remainder mod 97 after reading digit or letter `c`; letters count as 10–35, two digits. */
const MOD97_AFTER = new Uint8Array(97 * 36);
for (let r = 0; r < 97; r++) for (let v = 0; v < 36; v++) MOD97_AFTER[r * 36 + v] = (r * (v < 10 ? 10 : 100) + v) % 97;

/** 0–9 for a digit, 10–35 for an upper-case letter, -1 for anything else. */
const ASCII_IBAN_VALUE = new Int8Array(128).fill(-1);
for (let c = 48; c <= 57; c++) ASCII_IBAN_VALUE[c] = c - 48;
for (let c = 65; c <= 90; c++) ASCII_IBAN_VALUE[c] = c - 55;

function ibanValue(c: number): number {
  return c < 128 ? ASCII_IBAN_VALUE[c] : -1;
}

function mod97(r: number, c: number): number {
  return MOD97_AFTER[r * 36 + ibanValue(c)];
}

/**
 * `text[s..e)` (hex digits, colons, dots only) as an IPv6 address: eight groups, or fewer around
 * one `::`; the last two may be an IPv4 tail. A compressed address needs a 3–4 digit group or an
 * IPv4 tail unless it is `::1`, so slices like `a[1::2]` stay.
 */
function isIPv6(text: string, s: number, e: number): boolean {
  let units = 0;
  let compressed = false;
  let wide = false;
  let p = s;
  if (text.charCodeAt(s) === COLON) {
    if (text.charCodeAt(s + 1) !== COLON) return false;
    compressed = true;
    p = s + 2;
    if (p === e) return false;
  }
  for (;;) {
    let q = p;
    while (q < e && isHex(text.charCodeAt(q))) q++;
    if (q < e && text.charCodeAt(q) === DOT) {
      if (!isIPv4Text(text, p, e)) return false;
      units += 2;
      wide = true;
      break;
    }
    if (q === p || q - p > 4) return false;
    if (q - p >= 3) wide = true;
    units++;
    if (q === e) break;
    if (text.charCodeAt(q + 1) === COLON) {
      if (compressed) return false;
      compressed = true;
      p = q + 2;
      if (p === e) break;
    } else {
      p = q + 1;
      if (p === e) return false;
    }
  }
  if (compressed ? units > 7 : units !== 8) return false;
  return wide || !compressed || (e - s === 3 && text.charCodeAt(s + 2) === 49);
}

function isIPv4Text(text: string, s: number, e: number): boolean {
  let parts = 0;
  for (let p = s; p <= e; p++) {
    const start = p;
    let v = 0;
    while (p < e && isAsciiDigit(text.charCodeAt(p))) v = v * 10 + text.charCodeAt(p++) - 48;
    if (p === start || p - start > 3 || v > 255) return false;
    parts++;
    if (p < e && text.charCodeAt(p) !== DOT) return false;
  }
  return parts === 4;
}

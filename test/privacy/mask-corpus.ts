/**
 * Texts for `maskPersonalData`: `MASKED` pairs a text with its masked form, `UNCHANGED` texts must
 * come back exactly as they are. Card numbers and IBANs are generated here with valid (or, for
 * the unchanged ones, deliberately wrong) check digits, so the corpus does not trust the masker's
 * own Luhn or mod-97 code.
 */
import { createRandom } from "../../src/learn/random.ts";

export interface MaskCase {
  text: string;
  expected: string;
}

/** A small deterministic generator (mulberry32), so the corpus is the same on every run. */
const random = createRandom;

const next = random(20261103);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join("");
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const letters = (n: number) => Array.from({ length: n }, () => pick([...LETTERS])).join("");
const alnum = (n: number) => Array.from({ length: n }, () => pick([...LETTERS, ..."0123456789"])).join("");

// ---- cards ----

export function luhnSum(number: string): number {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10;
}

/** `body` and the Luhn check digit after it. */
export function withLuhnCheck(body: string): string {
  for (let check = 0; check < 10; check++) if (luhnSum(body + check) === 0) return body + check;
  throw new Error("unreachable");
}

/** `prefix` followed by random digits and the Luhn check digit, `length` digits in all. */
export function luhnValid(prefix: string, length: number): string {
  return withLuhnCheck(prefix + digits(length - prefix.length - 1));
}

function luhnInvalid(prefix: string, length: number): string {
  const valid = luhnValid(prefix, length);
  const last = (Number(valid[valid.length - 1]) + 1 + Math.floor(next() * 8)) % 10;
  return valid.slice(0, -1) + last;
}

function grouped(number: string, sizes: readonly number[], separator: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(number.slice(at, at + size));
    at += size;
  }
  return parts.join(separator);
}

const toFullwidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

const CARD_BRANDS: readonly { prefix: string; length: number; groups: readonly number[] }[] = [
  { prefix: "4", length: 16, groups: [4, 4, 4, 4] }, // Visa
  { prefix: "4", length: 13, groups: [4, 4, 5] },
  { prefix: "51", length: 16, groups: [4, 4, 4, 4] }, // Mastercard
  { prefix: "55", length: 16, groups: [4, 4, 4, 4] },
  { prefix: "2221", length: 16, groups: [4, 4, 4, 4] },
  { prefix: "2720", length: 16, groups: [4, 4, 4, 4] },
  { prefix: "34", length: 15, groups: [4, 6, 5] }, // American Express
  { prefix: "37", length: 15, groups: [4, 6, 5] },
  { prefix: "6011", length: 16, groups: [4, 4, 4, 4] }, // Discover
  { prefix: "65", length: 16, groups: [4, 4, 4, 4] },
  { prefix: "36", length: 14, groups: [4, 6, 4] }, // Diners Club
  { prefix: "3528", length: 16, groups: [4, 4, 4, 4] }, // JCB
  { prefix: "62", length: 19, groups: [4, 4, 4, 4, 3] }, // UnionPay
  { prefix: "6759", length: 19, groups: [4, 4, 4, 4, 3] }, // Maestro
];
const CARD_SEPARATORS = [" ", "-", ".", "_", ",", ""];
const CARD_SENTENCES: readonly ((card: string) => string)[] = [
  (card) => `card ${card} was charged twice`,
  (card) => `My card number is ${card}.`,
  (card) => `Paid with ${card}, please refund it`,
  (card) => card,
  (card) => `Karte ${card} wurde belastet`,
  (card) => `カード番号は${card}です`,
  (card) => `(${card})`,
  (card) => `card: ${card}\nthanks`,
];

function cardCases(): MaskCase[] {
  const cases: MaskCase[] = [];
  let sentence = 0;
  for (const brand of CARD_BRANDS) {
    for (const separator of CARD_SEPARATORS) {
      const card = grouped(luhnValid(brand.prefix, brand.length), brand.groups, separator);
      const say = CARD_SENTENCES[sentence++ % CARD_SENTENCES.length];
      cases.push({ text: say(card), expected: say("[card]") });
    }
  }
  for (const separator of [" ", "　", "-", ""]) {
    const card = toFullwidth(grouped(luhnValid("4", 16), [4, 4, 4, 4], separator));
    cases.push({ text: `カード ${card} を使いました`, expected: "カード [card] を使いました" });
  }
  // A CVV right after the card goes with it.
  for (const cvv of ["123", "4567", "cvv 123", "CVV: 987", "cvc 042", "CVV2 1234"]) {
    const card = grouped(luhnValid("4", 16), [4, 4, 4, 4], pick([" ", "-"]));
    cases.push({ text: `use ${card} ${cvv} for the order`, expected: "use [card] for the order" });
  }
  cases.push({ text: "card 4111 1111 1111 1111 123", expected: "card [card]" });
  cases.push({ text: "4111-1111-1111-1111 cvv 123", expected: "[card]" });
  cases.push({ text: "Amex 3782 822463 10005 exp 04/28", expected: "Amex [card] exp 04/28" });
  cases.push({ text: "two cards: 4111111111111111 and 5555 5555 5555 4444", expected: "two cards: [card] and [card]" });
  return cases;
}

// ---- IBANs ----

/** BBAN layouts: n digits, a upper-case letters, c letters or digits (ISO 13616 registry). */
const IBAN_LAYOUTS: Readonly<Record<string, string>> = {
  DE: "18n", GB: "4a14n", FR: "10n11c2n", ES: "20n", IT: "1a10n12c", NL: "4a10n", BE: "12n", CH: "5n12c",
  AT: "16n", PL: "24n", SE: "20n", NO: "11n", DK: "14n", FI: "14n", IE: "4a14n", PT: "21n", LU: "3n13c",
  CZ: "20n", HU: "24n", RO: "4a16c", GR: "7n16c", HR: "17n", SI: "15n", SK: "20n", BG: "4a6n8c", LT: "16n",
  LV: "4a13c", EE: "16n", IS: "22n", TR: "6n16c", SA: "2n18c", AE: "19n", QA: "4a21c", KZ: "3n13c", BR: "23n1a1c",
};

function bban(layout: string): string {
  let out = "";
  for (const [, count, kind] of layout.matchAll(/(\d+)([nac])/g)) out += (kind === "n" ? digits : kind === "a" ? letters : alnum)(Number(count));
  return out;
}

function mod97(numeric: string): number {
  let r = 0;
  for (const ch of numeric) r = (r * 10 + Number(ch)) % 97;
  return r;
}

const asNumeric = (s: string) => [...s].map((ch) => (/[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch)).join("");

/** The IBAN of `country` and `account`, with check digits computed as ISO 13616 says. */
export function iban(country: string, account: string): string {
  const check = 98 - mod97(asNumeric(account + country + "00"));
  return country + String(check).padStart(2, "0") + account;
}

export function ibanIsValid(value: string): boolean {
  return mod97(asNumeric(value.slice(4) + value.slice(0, 4))) === 1;
}

const printed = (value: string) => value.replace(/(.{4})(?=.)/g, "$1 ");

const IBAN_SENTENCES: readonly ((iban: string) => string)[] = [
  (x) => `IBAN: ${x}`,
  (x) => `please transfer it to ${x} today`,
  (x) => x,
  (x) => `Kontonummer ${x}.`,
  (x) => `振込先は${x}です`,
];

function ibanCases(): MaskCase[] {
  const cases: MaskCase[] = [];
  let sentence = 0;
  for (const [country, layout] of Object.entries(IBAN_LAYOUTS)) {
    const value = iban(country, bban(layout));
    for (const form of [value, printed(value)]) {
      const say = IBAN_SENTENCES[sentence++ % IBAN_SENTENCES.length];
      cases.push({ text: say(form), expected: say("[iban]") });
    }
  }
  cases.push({ text: "DE89 3704 0044 0532 0130 00", expected: "[iban]" });
  cases.push({ text: "GB82WEST12345698765432", expected: "[iban]" });
  cases.push({ text: "Refund to GB82 WEST 1234 5698 7654 32 please", expected: "Refund to [iban] please" });
  return cases;
}

// ---- e-mail addresses, phones, IP addresses: written by hand ----

/** `[text, expected]` pairs. */
const HAND_MASKED: readonly (readonly [string, string])[] = [
  // e-mail addresses
  ["Mail jane.doe+billing@example.co.uk for the invoice", "Mail [email] for the invoice"],
  ["contact: john@example.com", "contact: [email]"],
  ["Send it to <support.team@mail.example.org>.", "Send it to <[email]>."],
  ["josé.müller@exämple.de schrieb gestern", "[email] schrieb gestern"],
  ["用户@例子.广告", "[email]"],
  ["连接 用户@例子.广告 谢谢", "连接 [email] 谢谢"],
  ["メールはtaro.yamada@example.jpです", "メールは[email]です"],
  ["пишите на иван.петров@почта.рф", "пишите на [email]"],
  ["user_name-99@sub.domain.example.com, thanks!", "[email], thanks!"],
  ["first.last@company.io; second@company.io", "[email]; [email]"],
  ["Reply to a.b.c.d@e.f.example.net?", "Reply to [email]?"],
  ["my email is JOHN.DOE@EXAMPLE.COM", "my email is [email]"],
  ["(alice@example.org)", "([email])"],
  ["mailto:bob.smith@example.com?subject=hi", "mailto:[email]?subject=hi"],
  ["john@example.com.", "[email]."],
  ["o.reilly+tag+more@example.museum", "[email]"],
  ["x@xn--80ak6aa92e.com and y@xn--p1ai.xn--p1ai", "[email] and [email]"],
  ["email: 12345@numbers.example.com", "email: [email]"],
  ["Emails: a@b.co,c@d.io", "Emails: [email],[email]"],
  ["support@example.com\nsales@example.com", "[email]\n[email]"],
  ["ping me at dev.ops@example.travel!", "ping me at [email]!"],
  ["Kontakt: zoë.ünal@beispiel.de", "Kontakt: [email]"],
  ["https://user:secret@example.com/path", "https://user:[email]/path"],
  ["cc maria.garcia@ejemplo.es y juan@ejemplo.es", "cc [email] y [email]"],
  ["thanks, 王小明@公司.中国", "thanks, [email]"],
  ["...john@example.com", "...[email]"],
  ["email--jane@example.com", "[email]"],
  // phone numbers
  ["call me on (555) 123-4567 please", "call me on [phone] please"],
  ["call me on 555.123.4567 please", "call me on [phone] please"],
  ["call me on +1-555-123-4567 please", "call me on [phone] please"],
  ["call me on 07700 900123 please", "call me on [phone] please"],
  ["Tel: +44 20 7946 0958", "Tel: [phone]"],
  ["ring 020 7946 0958 after 5", "ring [phone] after 5"],
  ["Mobile +44 7700 900123.", "Mobile [phone]."],
  ["free on 0800 028 9276 in the UK", "free on [phone] in the UK"],
  ["0845 8 505 505 or 0800 555 111", "[phone] or [phone]"],
  ["appelez le +33 1 23 45 67 89", "appelez le [phone]"],
  ["appelez le 01 23 45 67 89 svp", "appelez le [phone] svp"],
  ["Telefon: +49 30 1234567", "Telefon: [phone]"],
  ["Telefon 030 12345678", "Telefon [phone]"],
  ["Tel. 030/1234567", "Tel. [phone]"],
  ["+49 (0)30 1234 5678", "[phone]"],
  ["+44 (0)20 7946 0958", "[phone]"],
  ["llámame al +34 612 345 678", "llámame al [phone]"],
  ["llámame al 612 345 678", "llámame al [phone]"],
  ["call +91 98765 43210 now", "call [phone] now"],
  ["電話番号は090-1234-5678です", "電話番号は[phone]です"],
  ["電話は０９０－１２３４－５６７８まで", "電話は[phone]まで"],
  ["03-1234-5678 (office)", "[phone] (office)"],
  ["010-1234-5678로 연락주세요", "[phone]로 연락주세요"],
  ["โทร 081-234-5678 ครับ", "โทร [phone] ครับ"],
  ["1-800-555-1234 is toll free", "[phone] is toll free"],
  ["My number: 5551234567", "My number: [phone]"],
  ["text 15551234567 anytime", "text [phone] anytime"],
  ["UK 07700900123", "UK [phone]"],
  ["from abroad 0044 20 7946 0958", "from abroad [phone]"],
  ["tel:+15551234567", "tel:[phone]"],
  ["Call 555 123 4567 2 times", "Call [phone] 2 times"],
  ["Call 555-1234 today", "Call [phone] today"],
  ["phone=+447700900123&x=1", "phone=[phone]&x=1"],
  ["+7 999 123-45-67", "[phone]"],
  ["8 (999) 123-45-67", "[phone]"],
  ["+1 (555) 123-4567 ext. 12", "[phone] ext. 12"],
  ["numbers: 555-123-4567, 555-765-4321", "numbers: [phone], [phone]"],
  ["Fax (030) 1234 5678", "Fax [phone]"],
  // IP addresses
  ["server 192.168.0.1 is down", "server [ip] is down"],
  ["ip 10.0.0.255, gateway 10.0.0.1", "ip [ip], gateway [ip]"],
  ["1.2.3.4", "[ip]"],
  ["connect to 8.8.8.8:53", "connect to [ip]:53"],
  ["subnet 172.16.0.0/12", "subnet [ip]/12"],
  ["from 255.255.255.255.", "from [ip]."],
  ["http://203.0.113.7/login", "http://[ip]/login"],
  ["IPs 1.1.1.1 1.0.0.1", "IPs [ip] [ip]"],
  ["2001:db8::1", "[ip]"],
  ["host 2001:0db8:85a3:0000:0000:8a2e:0370:7334 answered", "host [ip] answered"],
  ["loopback ::1 only", "loopback [ip] only"],
  ["fe80::1ff:fe23:4567:890a%eth0", "[ip]%eth0"],
  ["mapped ::ffff:192.0.2.128 here", "mapped [ip] here"],
  ["[2001:db8::8a2e:370:7334]:8080", "[[ip]]:8080"],
  ["prefix 2001:db8::/32", "prefix [ip]/32"],
  ["peer fd12:3456:789a:1::1 down", "peer [ip] down"],
  ["1:2:3:4:5:6:7:8", "[ip]"],
  ["Version 2.0.0.1 (a dotted quad in range is read as an address)", "Version [ip] (a dotted quad in range is read as an address)"],
  ["listen on :: and ::1", "listen on :: and [ip]"],
  // several kinds at once
  [
    "Mail jane.doe+billing@example.co.uk or call +44 20 7946 0958; card 4111 1111 1111 1111 was charged.",
    "Mail [email] or call [phone]; card [card] was charged.",
  ],
  ["I'm bob@example.com, 555-123-4567, from 10.1.2.3", "I'm [email], [phone], from [ip]"],
  ["IBAN DE89370400440532013000, card 5555555555554444, tel +49 30 1234567", "IBAN [iban], card [card], tel [phone]"],
  ["Order 12345 for jane@example.com paid with 4242 4242 4242 4242", "Order 12345 for [email] paid with [card]"],
];

export const MASKED: readonly MaskCase[] = [...cardCases(), ...ibanCases(), ...HAND_MASKED.map(([text, expected]) => ({ text, expected }))];

// ---- texts that must stay exactly as they are ----

const HAND_UNCHANGED: readonly string[] = [
  // support tickets with numbers that are no personal data
  "I paid $49.99 on 2026-11-03 for order 12345, and 1,234,567.89 in total over 3 years.",
  "ref 1234 5678 9012 3456",
  "My order #123456789 has not arrived yet.",
  "Order 5551234567 was cancelled without notice.",
  "order no. 9876543210 is still pending",
  "Ticket: 4412345678 needs an update",
  "Invoice 20261103001 is wrong",
  "Tracking number 9405511899223197428490 shows nothing",
  "The refund of €1.234,56 arrived on 03.11.2026.",
  "It cost £3.00 per month, then £4.50.",
  "Total: 12345.50 USD",
  "Paid 1,234.56 and 99.99",
  "The price went up 12.5% since 2024.",
  "99.99% uptime is what we were promised",
  "Meeting at 10:30, not 10:30:00 or 22:15.",
  "The train leaves at 10.30am from platform 9",
  "We have been customers since 1999.",
  "It happened in 2019-2020 and again in 2023.",
  "Between 1000-2000 users were affected",
  "Final score 3-2, then 102-98 in the second game.",
  "The match ended 21-18 21-15",
  "SKU-88213-XL is out of stock",
  "Product code A1234-5678 does not scan",
  "Model X200-4500 keeps rebooting",
  "Part number 12-3456-78 is missing",
  "ZIP 90210 and ZIP+4 12345-6789",
  "Postcode SW1A 1AA, London",
  "version 1.2.3 broke it; 1.2.3.4.5 is the nightly",
  "Node 22.23.3, npm 10.9.2, macOS 14.6.1",
  "Build 22621.2428 of Windows 11",
  "It is v2.0.1-beta.3",
  "UUID 123e4567-e89b-12d3-a456-426614174000 not found",
  "commit a94a8fe5ccb19ba61c4c0873d391e987982fbbd3",
  "MAC 00:1A:2B:3C:4D:5E changed",
  "Timestamp 1700000000 and 1700000000123 in the log",
  "Error code 0x80070005 when installing",
  "HTTP 404 then 503 after 30 s",
  "Page 12 of 300",
  "I have 2 accounts and 3 cards",
  "Please call me tomorrow between 9 and 5.",
  "Room 101, floor 7, building 3",
  "Flight BA 2490 lands at 14:05",
  "Seat 23F on flight 1234",
  "The parcel weighs 2.5 kg and is 30x20x10 cm",
  "Resolution 1920x1080 at 60 Hz",
  "Temperature dropped to -5 °C",
  "Chapter 3, verse 16",
  "It took 3-5 business days",
  "Dates 11/03/2026 and 3/11/26 are both fine",
  "Fri, 03 Nov 2026 10:30:00 GMT",
  "ISO time 2026-11-03T10:30:00Z",
  "2026-11-03 14:30",
  "Between 10 and 20 people, 2019 2020 2021",
  "1 2 3 4 5 6 7 8 9 10",
  "Steps: 1) log in 2) click 3) pay",
  "Pick 12 15 23 31 40 for the lottery",
  "ISBN 978-3-16-148410-0",
  "Population 1 234 567 in 2020",
  "€ 1 000 000 budget",
  "$ 5551234567 is not a price anyone pays",
  "about 10 000 people",
  "The 10 737-800 planes were delivered",
  "Call 555 (a local number)",
  "12345678 is my customer number",
  "Account 123456789 was locked",
  "A 6-digit code 123456 was sent",
  "PIN 1234 does not work",
  "Code: 8675309",
  "order #5551234567",
  "ticket #12345",
  "ID: 2026-000123",
  "INV-2026-000123",
  "RMA_2026_11_03_0042",
  "file_20261103_5551234567.csv",
  "IMG_20261103_103000.jpg",
  "report-2026-11-03.pdf",
  "logo@2x.png and icon@3x.png",
  "banner@1.5x.jpg",
  "@mention me in the thread",
  "Thanks @support_team!",
  "user@localhost is not reachable",
  "a@b",
  "@@",
  "foo@bar",
  "email me @ home",
  "see https://example.com/orders/123456789?page=2",
  "https://example.com/p/5551234567",
  "http://example.com:8080/path/to/page",
  "www.example.co.uk/help",
  "https://docs.example.com/v1.2.3/api#section-4",
  "const x = arr[1::2];",
  "std::vector<int> v(10);",
  "for (let i = 0; i < 10; i++) { sum += i * 2; }",
  "if (a::b) return 0;",
  "x = 0x7fffffff; y = 1e10;",
  "SELECT * FROM orders WHERE id = 42 LIMIT 100;",
  "git checkout -b fix/issue-1234",
  "npm install react@18.2.0",
  "pip install numpy==1.26.4",
  "docker run -p 8080:80 nginx:1.25",
  "color: #ff0000; width: 100px;",
  "[1, 2, 3, 4, 5]",
  "{\"count\": 12, \"total\": 345.67}",
  "python3 -c 'print(2**10)'",
  "Die Bestellung 12345 kam am 03.11.2026 an.",
  "La commande n° 4521 est arrivée le 3 novembre.",
  "El pedido 7788 llegó tarde, pagué 25,50 €.",
  "Заказ № 12345 доставлен 3 ноября",
  "注文番号12345は届きました",
  "我的订单在2026年11月3日到达",
  "주문 번호 12345 배송 완료",
  "คำสั่งซื้อ 12345 มาถึงแล้ว",
  "Η παραγγελία 123 έφτασε",
  "הזמנה 123 הגיעה",
  "الطلب 123 وصل",
  "Grüße aus München, 80331",
  "🎉🎉 thanks!!! 👍🏽",
  "😀 5 stars ⭐⭐⭐⭐⭐",
  "❤️ 100%",
  "Great service 👏 10/10 would recommend",
  "hello\u00a0world",
  "...",
  "?!?!",
  "+++",
  "((((",
  "----",
  "::::",
  "",
  "   ",
  "\n\n\n",
  "The card ending in 1111 was declined",
  "last four digits 4242",
  "expiry 12/27",
  "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
  "Please reset my password, I can't log in.",
  "Why was I charged twice this month?",
  "The app crashes when I open settings.",
  "Can I change my delivery address?",
  "I want to close my account.",
  "Is there a student discount?",
  "My package is 3 days late.",
  "I was charged 2x for 1 item",
  "1st, 2nd and 3rd attempts failed",
  "It's 4:30pm here",
  "We open 9-17 Mon-Fri",
  "24/7 support my foot",
  "50/50 chance",
  "COVID-19 delays",
  "Windows-10 laptop",
  "iPhone 15 Pro Max 256GB",
  "Galaxy S24+ 512 GB",
  "RTX 4090, i9-13900K, 64 GB",
  "Gen 3.0 x4 NVMe",
  "5G and 4G LTE",
  "Tax rate 19.6 %",
  "Score 4.5/5 from 1,234 reviews",
  "Pi is 3.14159",
  "The temperature is 37.5",
  "Coordinates 48.8566, 2.3522",
  "Latitude 51.5074 N",
  "1.5x speed",
  "v1.2",
  "10.15.7",
  "1.2.3.",
  "300.300.300.300",
  "1.2.3.4.5.6",
  "192.168.1",
  "12:34:56:78",
  "a:b:c",
  "dead:beef",
  "ab::cd",
  "Ratio 16:9 and 4:3",
  "Psalm 23:1-6",
  "deadbeef cafebabe",
  "The year 2000 problem",
  "From 1990 to 2005 2,300 people",
  "Ages 18-25 and 26-35",
  "Rooms 101-105",
];

function generatedUnchanged(): string[] {
  const texts: string[] = [];
  // Card-shaped numbers that fail Luhn are reference numbers.
  for (const brand of CARD_BRANDS.slice(0, 12)) {
    const number = luhnInvalid(brand.prefix, brand.length);
    texts.push(`${pick(["see", "batch", "ref", "no."])} ${grouped(number, brand.groups, pick([" ", "-"]))}`);
  }
  // IBAN-shaped codes with a wrong check, written without spaces.
  for (const [country, layout] of Object.entries(IBAN_LAYOUTS).slice(0, 12)) {
    const value = iban(country, bban(layout));
    const check = Number(value.slice(2, 4));
    const wrong = value.slice(0, 2) + String(check >= 98 ? 2 : check + 1).padStart(2, "0") + value.slice(4);
    if (!ibanIsValid(wrong)) texts.push(`code ${wrong} is not valid`);
  }
  // Dates, times, amounts and versions in many spellings.
  for (let i = 0; i < 12; i++) {
    const y = 1990 + Math.floor(next() * 40), m = 1 + Math.floor(next() * 12), d = 1 + Math.floor(next() * 28);
    const mm = String(m).padStart(2, "0"), dd = String(d).padStart(2, "0");
    texts.push(pick([`due ${y}-${mm}-${dd}`, `on ${dd}.${mm}.${y}`, `on ${mm}/${dd}/${y}`, `${y}-${mm}-${dd} ${mm}:${dd}`, `the ${dd}-${mm}-${y} batch`]));
  }
  for (let i = 0; i < 10; i++) {
    const amount = `${Math.floor(next() * 99999)}.${digits(2)}`;
    texts.push(pick([`refund of $${amount}`, `total ${amount} EUR`, `${amount} was charged`]));
  }
  for (let i = 0; i < 6; i++) texts.push(`upgraded to ${1 + Math.floor(next() * 20)}.${Math.floor(next() * 30)}.${Math.floor(next() * 200)}`);
  return texts;
}

export const UNCHANGED: readonly string[] = [...HAND_UNCHANGED, ...generatedUnchanged()];

/** Tokens for property tests: pieces of personal data, near misses and separators. */
export const PIECES: readonly string[] = [
  "1", "12", "123", "4111", "1111", "5551234567", "07700", "900123", "0", "00", "255", "2026", "11", "03",
  " ", "-", ".", "_", ",", "/", "(", ")", "+", ":", "::", "@", "#", "$", "€", "[", "]", "\n", "\u00a0", "　",
  "x", "ab", "DE89", "3704", "GB82", "WEST", "com", ".com", "a@b.co", "x@y", "用户@例子.广告", "は", "です",
  "fe80", "db8", "f", "４", "１", "－", "é", "用", "😀", "\ud800", "cvv", "order ", "ref ", "tel:", "[card]", "[phone]",
  "4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00", "192.168.0.1", "::1", "::ffff:", "+44 20 7946 0958",
  "1.2.3.4", "10:30:00", "2001:db8::1", "378282246310005", "(0)", "(555) 123-4567", "2026-11-03", "1 234 567",
  "12345-6789", "@2x.png", "xn--p1ai", "ffff:", "1::2",
];

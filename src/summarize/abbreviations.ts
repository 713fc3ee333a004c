/** English abbreviations that decide whether a full stop ends a sentence. */

/** Titles and Latin abbreviations: a full stop after them never ends a sentence. */
export const NEVER_FINAL = new Set([
  "mr", "mrs", "ms", "mssrs", "messrs", "dr", "prof", "st", "mt", "ft", "gen", "sen", "rep", "gov",
  "lt", "col", "sgt", "capt", "cmdr", "adm", "maj", "rev", "hon", "pres", "supt", "insp", "det",
  "e.g", "i.e", "eg", "ie", "vs", "v", "cf", "viz", "approx", "ca", "c", "al", "fig", "figs",
  "ref", "refs", "ed", "eds", "vol", "vols", "pp", "p", "para", "dept", "est", "mins", "min",
  "tel", "ave", "rd", "blvd", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
  "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
]);

/** Abbreviations that stand before a number: "No. 10", "pp. 3-5". */
export const BEFORE_NUMBER = new Set(["no", "nos", "nr", "art", "ch", "sec", "pt", "op", "tel"]);

/** Abbreviations that often sit mid-sentence but may also end one ("... at Acme Inc."). */
export const MAYBE_FINAL = new Set([
  "inc", "ltd", "co", "corp", "plc", "llc", "bros", "jr", "sr", "etc", "esq", "dept", "govt", "intl",
]);

/** Words that start sentences far more often than they follow an abbreviation. */
export const SENTENCE_STARTERS = new Set([
  "the", "a", "an", "but", "and", "so", "yet", "he", "she", "it", "they", "we", "i", "you", "his",
  "her", "its", "their", "our", "this", "that", "these", "those", "there", "in", "on", "at", "for",
  "if", "when", "while", "after", "before", "however", "meanwhile", "also", "as", "some", "many",
  "most", "one", "what", "why", "how", "who", "where", "then", "now", "still", "both", "all",
]);

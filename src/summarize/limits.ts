/**
 * How much of a text the edge summarizer reads. Beyond these the rest is not read: they keep a
 * summary well inside a request's 10 ms of CPU for any text up to the 64 KB limit (the lead of
 * a text carries most of its summary; the answer's warnings say when the cap applied, and a
 * large tier reads the whole text).
 */
export const MAX_SUMMARIZED_CHARS = 16_000;
export const MAX_SUMMARIZED_SENTENCES = 600;

/**
 * How unlike the texts the confidence was fitted on a text is: a few shape statistics of its
 * lines and sentences, standardised by their mean and spread over the fitting pool's prose, and
 * the root mean square of those z-scores. A text far from all of them (a format nobody told the
 * rules about) gets the `novel` penalty, so it goes to the large model by default.
 */
import { NOVELTY_MODEL } from "./novelty-model.ts";

export const SHAPE_NAMES = ["lineRate", "logMeanSentenceWords", "personalShare", "questionShare", "shortLineShare", "symbolShare", "capitalLineShare"] as const;

/** Words of conversation rather than report: first and second person, and chat words. */
const PERSONAL = new Set("i me my mine you your yours we us our ok okay yeah yes no lol hi hey thanks thx pls please u im i'm you're don't".split(" "));
const SYMBOLS = /[{}<>[\]|=_#*@/\\~^$%&+]/g;

/** The shape statistics of a text from its lines (a sample) and its sentences. */
export function shapeOf(lines: readonly string[], sentences: readonly string[], words: number): number[] {
  const sentenceCount = Math.max(1, sentences.length);
  const lineCount = Math.max(1, lines.length);
  let personal = 0;
  let tokens = 0;
  let symbols = 0;
  let chars = 0;
  let shortLines = 0;
  let capitalLines = 0;
  for (const line of lines) {
    const lineWords = line.toLowerCase().match(/[\p{L}']+/gu) ?? [];
    tokens += lineWords.length;
    for (const word of lineWords) if (PERSONAL.has(word)) personal++;
    symbols += line.match(SYMBOLS)?.length ?? 0;
    chars += line.length;
    if (lineWords.length <= 5) shortLines++;
    // A line in capitals, or a name alone on it: screenplays and headings.
    if (/^\s*[\p{Lu}\d][\p{Lu}\d .'-]{0,30}$/u.test(line)) capitalLines++;
  }
  const questions = sentences.filter((sentence) => sentence.endsWith("?")).length;
  return [
    Math.min(3, lines.length / sentenceCount),
    Math.log1p(words / sentenceCount),
    tokens === 0 ? 0 : personal / tokens,
    questions / sentenceCount,
    shortLines / lineCount,
    chars === 0 ? 0 : symbols / chars,
    capitalLines / lineCount,
  ];
}

export interface NoveltyModel {
  mean: readonly number[];
  sd: readonly number[];
  threshold: number;
}

/** The root mean square z-score of a shape against the fitting pool's prose (each z capped at 10). */
export function noveltyOf(shape: readonly number[], model: NoveltyModel = NOVELTY_MODEL): number {
  let sum = 0;
  shape.forEach((value, i) => {
    const z = (value - model.mean[i]) / (model.sd[i] || 1);
    sum += Math.min(10, Math.abs(z)) ** 2;
  });
  return Math.sqrt(sum / shape.length);
}

/** Whether a text's shape is beyond what the fitting pool's prose shows. */
export function isNovel(shape: readonly number[]): boolean {
  return noveltyOf(shape) > NOVELTY_MODEL.threshold;
}

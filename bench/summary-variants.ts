/**
 * Synthetic variants of the summarization data, for fitting and checking the edge summarizer's
 * confidence on formats unlike news: SAMSum's `Name: text` dialogues rewritten in other
 * speaker-tag styles, and BBC articles wrapped in e-mail quoting or markdown. A variant keeps
 * its record's id (and so its fit/held-out split) and reference summary.
 */
export const DIALOGUE_STYLES = ["bracket-time", "speaker-paren", "irc", "bold", "said", "hash-person", "dash-bullet", "screenplay"] as const;
export type DialogueStyle = (typeof DIALOGUE_STYLES)[number];
/** The styles the novelty fit uses; the others are formats the fit never saw. */
export const FIT_DIALOGUE_STYLES: readonly DialogueStyle[] = ["bracket-time", "speaker-paren", "irc", "bold"];
export const ARTICLE_STYLES = ["email-quoted", "markdown"] as const;
export type ArticleStyle = (typeof ARTICLE_STYLES)[number];

const TURN = /^([^:\n]{1,40}):\s?(.*)$/;

/** A `Name: text` dialogue in another speaker-tag style. */
export function dialogueVariant(text: string, style: DialogueStyle): string {
  const speakers = new Map<string, number>();
  return text
    .split("\n")
    .map((line, i) => {
      const turn = TURN.exec(line);
      if (!turn) return line;
      const [, name, words] = turn;
      if (!speakers.has(name)) speakers.set(name, speakers.size + 1);
      const n = speakers.get(name)!;
      const minute = String(10 + (i % 50)).padStart(2, "0");
      switch (style) {
        case "bracket-time":
          return `[10:${minute}] ${name.toLowerCase()}: ${words}`;
        case "speaker-paren":
          return `Speaker ${n} (00:${minute}:${String((i * 7) % 60).padStart(2, "0")}): ${words}`;
        case "irc":
          return `<${name.toLowerCase().replace(/\s+/g, "_")}> ${words}`;
        case "bold":
          return `**${name}**: ${words}`;
        case "said":
          return `${name} said: ${words}`;
        case "hash-person":
          return `#Person${n}#: ${words}`;
        case "dash-bullet":
          return `- ${name}: ${words}`;
        case "screenplay":
          return `${name.toUpperCase()}\n${words}\n`;
      }
    })
    .join("\n");
}

/** A news article as a quoted e-mail, or as a markdown note. */
export function articleVariant(text: string, title: string, style: ArticleStyle): string {
  if (style === "markdown") return `# ${title}\n\n${text}`;
  const quoted = text
    .split("\n")
    .map((line) => (line.trim() === "" ? ">" : `> ${line}`))
    .join("\n");
  return `Hi all, see below.\n\nOn Mon, 7 Mar 2005 at 09:14, News Desk <desk@example.com> wrote:\n${quoted}`;
}

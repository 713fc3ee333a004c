/**
 * The user's text as a prompt quotes it: between <text> tags that the text cannot close or
 * reopen itself, so that it stays data and never becomes instructions.
 */
export function quoteAsData(text: string): string {
  return `<text>\n${text.replace(/<(\/?\s*text\s*)>/gi, "‹$1›")}\n</text>`;
}

// Word-level tokens: words (letters, with inner apostrophes as in "don't"), numbers ("3.14", "1,000"),
// each punctuation mark or other symbol on its own, and "\n" as a token. Other whitespace separates.

const TOKEN = /\n|[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|\p{N}+(?:[.,:]\p{N}+)*|\S/gu;

/** Calls `fn` with each token of `text`, in order. */
export function forEachWordToken(text: string, fn: (token: string) => void): void {
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) fn(m[0]);
}

export function wordTokens(text: string, lowercase = false): string[] {
  const out: string[] = [];
  forEachWordToken(text, (t) => out.push(lowercase ? t.toLowerCase() : t));
  return out;
}

const NO_SPACE_BEFORE = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}', '%', '…', "'", '’', '”', '»']);
const NO_SPACE_AFTER = new Set(['(', '[', '{', '“', '‘', '«', '¿', '¡', '$', '£', '€', '#']);
const JOINERS = new Set(['-', '/']);

/**
 * Tokens back to text: one space between tokens, none before closing punctuation, after opening
 * punctuation, around "-" and "/", or next to a newline; straight double quotes alternate open/close.
 */
export function joinWordTokens(tokens: readonly string[]): string {
  let out = '';
  let prev: string | undefined;
  let quoteOpen = false;
  let prevOpensQuote = false;
  for (const tok of tokens) {
    let space = prev !== undefined && prev !== '\n' && tok !== '\n';
    let opensQuote = false;
    if (tok === '"') {
      opensQuote = !quoteOpen;
      quoteOpen = !quoteOpen;
      if (!opensQuote) space = false;
    }
    if (NO_SPACE_BEFORE.has(tok) || JOINERS.has(tok)) space = false;
    if (prev !== undefined && (NO_SPACE_AFTER.has(prev) || JOINERS.has(prev) || prevOpensQuote)) space = false;
    out += (space ? ' ' : '') + tok;
    prev = tok;
    prevOpensQuote = opensQuote;
  }
  return out;
}

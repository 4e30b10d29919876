// The only way an error may quote a data file: a short snippet (a data file can hold secrets — a .env,
// /proc/self/environ), as a JSON string so control characters show as escapes.

/** The most characters of a data file an error message quotes. */
export const SNIPPET_CHARS = 40;
const MARK = '▶';

/** At most SNIPPET_CHARS characters of `text` around `pos` (0-based), with ▶ before the character at `pos`. */
export function snippetAt(text: string, pos: number): string {
  const p = Math.max(0, Math.min(text.length, pos));
  const half = SNIPPET_CHARS / 2;
  let from = Math.max(0, p - half);
  const to = Math.min(text.length, from + SNIPPET_CHARS);
  from = Math.max(0, to - SNIPPET_CHARS);
  const body = `${from > 0 ? '…' : ''}${text.slice(from, p)}${MARK}${text.slice(p, to)}${to < text.length ? '…' : ''}`;
  return JSON.stringify(body);
}

/** `text` as a JSON string, cut to SNIPPET_CHARS characters (… marks the cut). */
export function clip(text: string, max = SNIPPET_CHARS): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}

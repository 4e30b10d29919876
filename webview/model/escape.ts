// Showing model text safely: tokens as visible glyphs fitted to their room, samples with control
// characters spelled out.

/** A token as a short visible label: space ␣, newline ↵, tab ⇥, other control characters as \xNN. */
export function tokenGlyph(token: string): string {
  if (token === ' ') return '␣';
  if (token === '\n') return '↵';
  if (token === '\t') return '⇥';
  if (token === '\r') return '␍';
  return token.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * A token as a label at most `maxWidth` wide (measured by `measure`): the whole token when it fits,
 * else as much as fits followed by an ellipsis (at least one character and the ellipsis; a
 * one-character token stays whole, since an ellipsis would only make it wider).
 */
export function fitLabel(token: string, maxWidth: number, measure: (s: string) => number): string {
  const glyph = tokenGlyph(token);
  if (measure(glyph) <= maxWidth) return glyph;
  const chars = Array.from(glyph);
  if (chars.length <= 1) return glyph;
  for (let n = chars.length - 1; n >= 1; n--) {
    const s = `${chars.slice(0, n).join('')}…`;
    if (measure(s) <= maxWidth) return s;
  }
  return `${chars[0] ?? ''}…`;
}

/** Sampled text for a <pre>: newlines and tabs kept, every other control character spelled out. */
export function escapeSample(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

// Showing model text safely: tokens as visible glyphs, samples with control characters spelled out.

/** A token as a short visible label: space ␣, newline ↵, tab ⇥, other control characters as \xNN. */
export function tokenGlyph(token: string): string {
  if (token === ' ') return '␣';
  if (token === '\n') return '↵';
  if (token === '\t') return '⇥';
  if (token === '\r') return '␍';
  return token.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Sampled text for a <pre>: newlines and tabs kept, every other control character spelled out. */
export function escapeSample(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

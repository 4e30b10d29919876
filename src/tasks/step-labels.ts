// How a time step is shown in the probe (hidden-state heatmap columns): visible whitespace, short numbers.

/** A character as a person can see it: '␣' for space, '⏎' for newline, control pictures for the rest. */
export function visibleChar(ch: string): string {
  if (ch === ' ') return '␣';
  if (ch === '\n') return '⏎';
  if (ch === '\t') return '⇥';
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '␡';
  return ch;
}

/** A word-level token as shown in the probe ('⏎' for a newline token). */
export function visibleToken(token: string): string {
  return token.length === 1 || token === '\n' ? visibleChar(token) : token;
}

/** A real value to two decimals. */
export function formatValue(v: number): string {
  return v.toFixed(2);
}

/** A feature vector: up to four values, then '…'. */
export function formatVector(values: ArrayLike<number>): string {
  const shown: string[] = [];
  for (let i = 0; i < Math.min(values.length, 4); i++) shown.push(formatValue(values[i]));
  return shown.join(' ') + (values.length > 4 ? ' …' : '');
}

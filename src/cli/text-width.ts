// Column widths on a terminal: a CJK character takes two columns, so tables pad by display width.

/** Terminal columns of a string: 2 for wide (CJK, fullwidth) characters, 1 otherwise. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6);
    w += wide ? 2 : 1;
  }
  return w;
}

function padEndWide(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/** A table's lines: columns padded to their widest cell by display width, two spaces apart; `right` marks right-aligned columns. */
export function tableLines(rows: string[][], right: readonly boolean[] = []): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ''))));
  return rows.map((r) =>
    r
      .map((c, i) => (right[i] ? ' '.repeat(Math.max(0, widths[i]! - displayWidth(c))) + c : padEndWide(c, widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

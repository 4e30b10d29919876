// One problem found in a spec, with where it is in the text.

export interface SpecProblem {
  /** Dotted JSON path of the offending value: "model.hiddenSize", "task.columns[0]"; "" for the root. */
  path: string;
  /** 1-based line and column of the start of the offending text. */
  line: number;
  column: number;
  /** 0-based offset and length (UTF-16 code units) of the offending text, for editor squiggles. */
  offset: number;
  length: number;
  message: string;
  severity: 'error' | 'warning';
}

export function hasErrors(problems: readonly SpecProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Sorted by position, then errors before warnings; exact repeats removed. */
export function sortAndDedupe(problems: readonly SpecProblem[]): SpecProblem[] {
  const seen = new Set<string>();
  const out: SpecProblem[] = [];
  for (const p of problems) {
    const key = `${p.offset}\u0000${p.path}\u0000${p.message}\u0000${p.severity}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  const rank = (p: SpecProblem) => (p.severity === 'error' ? 0 : 1);
  return out.sort((a, b) => a.offset - b.offset || rank(a) - rank(b));
}

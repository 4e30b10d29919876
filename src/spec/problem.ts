// One problem found in a spec, with where it is in the text, as data (code and args, rendered by
// each front end in its language) and in English (`message`).
import type { MessageArg } from '../messages/types';

export interface SpecProblem {
  /** Dotted JSON path of the offending value: "model.hiddenSize", "task.columns[0]"; "" for the root. */
  path: string;
  /** 1-based line and column of the start of the offending text. */
  line: number;
  column: number;
  /** 0-based offset and length (UTF-16 code units) of the offending text, for editor squiggles. */
  offset: number;
  length: number;
  /** The catalogue code (src/messages/catalog.ts) and its arguments. */
  code: string;
  args?: Readonly<Record<string, MessageArg>>;
  /** The English text, rendered from the catalogue. */
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

// Problems as compiler-style lines: "spec.rnn.json:12:19  error  model.hiddenSize: must be an integer ≥ 1 (got 0)".
import type { SpecProblem } from './problem';

export function formatProblem(fileLabel: string, p: SpecProblem): string {
  return `${fileLabel}:${p.line}:${p.column}  ${p.severity}  ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/** One line per problem, in the given order; "" when there are none. */
export function formatProblems(fileLabel: string, problems: readonly SpecProblem[]): string {
  return problems.map((p) => formatProblem(fileLabel, p)).join('\n');
}

// Problems as compiler-style lines: "spec.rnn.json:12:19  error  model.hiddenSize: must be an integer ≥ 1 (got 0)".
// In Chinese: "spec.rnn.json:12:19  错误  model.hiddenSize: 必须是≥ 1 的整数（实际为 0）".
import { render } from '../messages/render';
import type { Lang } from '../messages/types';
import type { SpecProblem } from './problem';

/** A problem's text in a language (the English is the problem's own `message`). */
export function problemText(p: SpecProblem, lang: Lang = 'en'): string {
  return lang === 'en' ? p.message : render({ code: p.code, args: p.args }, lang);
}

function formatProblem(fileLabel: string, p: SpecProblem, lang: Lang = 'en'): string {
  const severity = lang === 'en' ? p.severity : render({ code: `problem.${p.severity}` }, lang);
  return `${fileLabel}:${p.line}:${p.column}  ${severity}  ${p.path ? `${p.path}: ` : ''}${problemText(p, lang)}`;
}

/** One line per problem, in the given order; "" when there are none. */
export function formatProblems(fileLabel: string, problems: readonly SpecProblem[], lang: Lang = 'en'): string {
  return problems.map((p) => formatProblem(fileLabel, p, lang)).join('\n');
}

// The message for a spec that cannot train: its first error in words, the count of the rest, and a
// "Show Problems" button (the problems are in the Problems view already, each on its line).
import { uiLang } from '../util/lang';
import { problemText } from '../../spec/format-problems';
import * as vscode from 'vscode';
import type { SpecProblem } from '../../spec/problem';
import { notify, type Notice } from '../util/notify';

export function notifySpecProblems(uri: vscode.Uri, problems: readonly SpecProblem[]): Notice {
  const errors = problems.filter((p) => p.severity === 'error');
  const first = errors[0];
  const rest = errors.length - 1;
  const what = first ? vscode.l10n.t('line {0}: {1}', first.line, problemText(first, uiLang()).replace(/\.$/, '')) : vscode.l10n.t('the spec has problems');
  const more = rest === 0 ? '' : rest === 1 ? vscode.l10n.t(' (and 1 more problem)') : vscode.l10n.t(' (and {0} more problems)', rest);
  const showProblems = { [vscode.l10n.t('Show Problems')]: () => vscode.commands.executeCommand('workbench.actions.view.problems') };
  return notify('error', vscode.l10n.t('Cannot train {0}: {1}. Nothing was trained.', vscode.workspace.asRelativePath(uri), `${what}${more}`), showProblems);
}

// The message for a spec that cannot train: its first error in words, the count of the rest, and a
// "Show Problems" button (the problems are in the Problems view already, each on its line).
import * as vscode from 'vscode';
import type { SpecProblem } from '../../spec/problem';
import { notify, type Notice } from '../util/notify';

const SHOW_PROBLEMS = { 'Show Problems': () => vscode.commands.executeCommand('workbench.actions.view.problems') };

export function notifySpecProblems(uri: vscode.Uri, problems: readonly SpecProblem[]): Notice {
  const errors = problems.filter((p) => p.severity === 'error');
  const first = errors[0];
  const rest = errors.length - 1;
  const what = first ? `line ${first.line}: ${first.message.replace(/\.$/, '')}` : 'the spec has problems';
  const more = rest > 0 ? ` (and ${rest} more problem${rest === 1 ? '' : 's'})` : '';
  return notify('error', `Cannot train ${vscode.workspace.asRelativePath(uri)}: ${what}${more}. Nothing was trained.`, SHOW_PROBLEMS);
}

// Train Spec, Stop Training and Validate Spec, plus the editor-title context key that swaps ▶ for ■.
import { uiLang } from '../util/lang';
import { problemText } from '../../spec/format-problems';
import * as vscode from 'vscode';
import { formatProblems } from '../../spec/format-problems';
import { hasErrors, type SpecProblem } from '../../spec/problem';
import type { SpecDiagnostics } from '../specs/spec-diagnostics';
import { specUriFrom } from '../specs/spec-files';
import { notifySpecProblems } from '../specs/spec-problems-notice';
import { log } from '../util/log';
import { notify } from '../util/notify';
import { showTrainingProgress } from './progress-notification';
import { reportEnd } from './report-end';
import type { SessionManager, TrainOptions } from './session-manager';
import type { TrainingSession } from './training-session';

export function registerTrainCommands(sessions: SessionManager, diagnostics: SpecDiagnostics): vscode.Disposable[] {
  const updateContext = (): void => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const training = !!uri && !!sessions.liveFor(uri.fsPath);
    void vscode.commands.executeCommand('setContext', 'rnnLab.activeSpecTraining', training);
  };
  return [
    vscode.commands.registerCommand('rnnLab.train', (arg?: unknown, opts?: TrainOptions) => trainCommand(sessions, diagnostics, arg, opts)),
    vscode.commands.registerCommand('rnnLab.stop', (arg?: unknown) => stopCommand(sessions, arg)),
    vscode.commands.registerCommand('rnnLab.validate', (arg?: unknown) => validateCommand(diagnostics, arg)),
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    sessions.onDidStart(updateContext),
    sessions.onDidEnd(updateContext),
  ];
}

async function trainCommand(
  sessions: SessionManager,
  diagnostics: SpecDiagnostics,
  arg: unknown,
  opts: TrainOptions = {},
): Promise<TrainingSession | undefined> {
  if (!vscode.workspace.isTrusted) {
    notify('warning', vscode.l10n.t("Training reads the workspace's files and runs the training engine: trust this workspace to train."), {
      [vscode.l10n.t('Manage Workspace Trust')]: () => vscode.commands.executeCommand('workbench.trust.manage'),
    });
    return undefined;
  }
  const uri = specUriFrom(arg) ?? (await pickSpec());
  if (!uri) return undefined;
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.isDirty) await doc.save();
  if (doc.isUntitled) {
    notify('warning', vscode.l10n.t('Save the spec as a *.rnn.json file first: its runs refer to it.'));
    return undefined;
  }
  const problems = diagnostics.validateNow(doc);
  if (hasErrors(problems)) {
    notifySpecProblems(uri, problems);
    return undefined;
  }
  showSpecWarnings(uri, problems);
  const session = await sessions.train(uri, opts);
  if (session) {
    void showTrainingProgress(session)
      .then((end) => reportEnd(session, end, diagnostics))
      .then(undefined, (e: Error) => log.error(`${session.state.name}: could not report the end of training: ${e.stack ?? e.message}`));
  }
  return session;
}

/** The spec's warnings (what `rnn-lab train` prints first): in the log, and a non-modal notice; training goes on. */
function showSpecWarnings(uri: vscode.Uri, problems: readonly SpecProblem[]): void {
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (warnings.length === 0) return;
  const rel = vscode.workspace.asRelativePath(uri);
  log.warn(`${rel}: training with ${warnings.length} warning(s):\n${formatProblems(rel, warnings)}`);
  const first = warnings[0]!;
  const more = warnings.length > 1 ? vscode.l10n.t(' (and {0} more)', warnings.length - 1) : '';
  notify(
    'warning',
    vscode.l10n.t('{0}. Training anyway.', `${rel}:${first.line}: ${first.path ? `${first.path} ` : ''}${problemText(first, uiLang())}${more}`),
    {
      [vscode.l10n.t('Show Problems')]: () => vscode.commands.executeCommand('workbench.actions.view.problems'),
    },
  );
}

async function stopCommand(sessions: SessionManager, arg: unknown): Promise<void> {
  const runId = (arg as { runId?: unknown } | undefined)?.runId;
  let target = typeof runId === 'string' ? sessions.byRunId(runId) : undefined;
  const uri = target ? undefined : specUriFrom(arg);
  if (!target && uri) target = sessions.liveFor(uri.fsPath);
  if (!target) {
    const running = sessions.running;
    if (running.length === 0) {
      notify('info', vscode.l10n.t('Nothing is training.'));
      return;
    }
    if (running.length === 1) target = running[0];
    else {
      const pick = await vscode.window.showQuickPick(
        running.map((s) => ({ label: s.state.name, description: vscode.l10n.t('step {0}/{1}', s.state.step, s.state.totalSteps), session: s })),
        { placeHolder: vscode.l10n.t('Stop which training?') },
      );
      target = pick?.session;
    }
  }
  if (target?.running) await target.stop();
}

async function validateCommand(diagnostics: SpecDiagnostics, arg: unknown): Promise<number | undefined> {
  const uri = specUriFrom(arg) ?? (await pickSpec());
  if (!uri) return undefined;
  const doc = await vscode.workspace.openTextDocument(uri);
  const problems = diagnostics.validateNow(doc);
  if (problems.length === 0) notify('info', vscode.l10n.t('{0}: no problems.', vscode.workspace.asRelativePath(uri)));
  else {
    void vscode.commands.executeCommand('workbench.actions.view.problems');
    const rel = vscode.workspace.asRelativePath(uri);
    notify(
      'warning',
      problems.length === 1
        ? vscode.l10n.t('{0}: 1 problem, listed in the Problems view.', rel)
        : vscode.l10n.t('{0}: {1} problems, listed in the Problems view.', rel, problems.length),
    );
  }
  return problems.length;
}

async function pickSpec(): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles('**/*.rnn.json', '{**/node_modules/**,**/.rnn-lab/**}', 500);
  if (files.length === 0) {
    notify('info', vscode.l10n.t('No *.rnn.json spec in this workspace yet.'), {
      [vscode.l10n.t('New Spec from Template')]: () => vscode.commands.executeCommand('rnnLab.newSpec'),
    });
    return undefined;
  }
  if (files.length === 1) return files[0];
  const pick = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: vscode.l10n.t('Which spec?') },
  );
  return pick?.uri;
}

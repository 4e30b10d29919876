// What the user is told when a training ends: the result in a line, and the buttons that help next
// (the panel, the spec, the data file, the Problems view, the log with the full error).
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SpecDiagnostics } from '../specs/spec-diagnostics';
import { notifySpecProblems } from '../specs/spec-problems-notice';
import { endMessage } from '../../messages/divergence';
import { formatCount, formatLoss } from '../util/format';
import { renderUi } from '../util/lang';
import { log } from '../util/log';
import { notify, SHOW_LOG, type Notice, type NoticeActions } from '../util/notify';
import type { SessionEnd, TrainingSession } from './training-session';

export async function reportEnd(session: TrainingSession, end: SessionEnd, diagnostics: SpecDiagnostics): Promise<Notice> {
  const st = session.state;
  const name = `"${st.name}"`;
  const runId = st.runId;
  const openPanel: NoticeActions = runId ? { [vscode.l10n.t('Open Panel')]: () => vscode.commands.executeCommand('rnnLab.openPanel', { runId }) } : {};
  const openSpec: NoticeActions = { [vscode.l10n.t('Open Spec')]: () => vscode.window.showTextDocument(session.specUri) };
  const at = vscode.l10n.t('step {0}/{1} · loss {2} · val {3}', formatCount(st.step), formatCount(st.totalSteps), formatLoss(st.loss), formatLoss(st.valLoss));
  const ended = end.finished ? endMessage(end.finished.summary) : undefined;
  const recorded = ended ? renderUi(ended) : st.message;
  log.info(`${st.name}: ${end.status}${runId ? ` (run ${runId})` : ''} at ${at}${end.error ? `\n${end.error}` : ''}`);

  switch (end.status) {
    case 'completed':
      return notify('info', vscode.l10n.t('{0} completed: {1}.', name, at), openPanel);
    case 'stopped':
      return notify('info', vscode.l10n.t('{0} stopped at {1}; its last checkpoint is kept.', name, at), openPanel);
    case 'diverged':
      // The engine's message says where and why, and what to change in the spec.
      return notify('warning', `${name}: ${recorded ?? vscode.l10n.t('Training diverged at step {0}.', st.step)}`, { ...openPanel, ...openSpec });
  }
  const error = firstLine((end.errorMsg ? renderUi(end.errorMsg) : end.error) ?? recorded ?? vscode.l10n.t('the training worker ended without a result'));
  if (end.errorKind === 'spec') {
    const doc = await vscode.workspace.openTextDocument(session.specUri);
    const problems = diagnostics.validateNow(doc);
    if (problems.some((p) => p.severity === 'error')) return notifySpecProblems(session.specUri, problems);
  }
  if (end.errorKind === 'data') {
    const file = end.errorFile ? path.resolve(path.dirname(session.specUri.fsPath), end.errorFile) : undefined;
    const openData: NoticeActions =
      file && existsSync(file) ? { [vscode.l10n.t('Open Data File')]: () => vscode.window.showTextDocument(vscode.Uri.file(file)) } : {};
    return notify('error', vscode.l10n.t('Cannot train {0}: {1}. Nothing was trained.', name, error), { ...openData, ...openSpec });
  }
  if (!runId) return notify('error', vscode.l10n.t('Cannot train {0}: {1}.', name, error), { ...openSpec, ...SHOW_LOG });
  return notify(
    'error',
    vscode.l10n.t('{0} failed at step {1}: {2}. The run is recorded as failed; its last checkpoint is kept.', name, formatCount(st.step), error),
    {
      ...openPanel,
      ...SHOW_LOG,
    },
  );
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim().replace(/[.:]$/, '');
}

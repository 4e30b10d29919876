// What the user is told when a training ends: the result in a line, and the buttons that help next
// (the panel, the spec, the data file, the Problems view, the log with the full error).
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SpecDiagnostics } from '../specs/spec-diagnostics';
import { notifySpecProblems } from '../specs/spec-problems-notice';
import { formatCount, formatLoss } from '../util/format';
import { log } from '../util/log';
import { notify, SHOW_LOG, type Notice, type NoticeActions } from '../util/notify';
import type { SessionEnd, TrainingSession } from './training-session';

export async function reportEnd(session: TrainingSession, end: SessionEnd, diagnostics: SpecDiagnostics): Promise<Notice> {
  const st = session.state;
  const name = `"${st.name}"`;
  const runId = st.runId;
  const openPanel: NoticeActions = runId ? { 'Open Panel': () => vscode.commands.executeCommand('rnnLab.openPanel', { runId }) } : {};
  const openSpec: NoticeActions = { 'Open Spec': () => vscode.window.showTextDocument(session.specUri) };
  const at = `step ${formatCount(st.step)}/${formatCount(st.totalSteps)} · loss ${formatLoss(st.loss)} · val ${formatLoss(st.valLoss)}`;
  const recorded = end.finished?.summary.message ?? st.message;
  log.info(`${st.name}: ${end.status}${runId ? ` (run ${runId})` : ''} at ${at}${end.error ? `\n${end.error}` : ''}`);

  switch (end.status) {
    case 'completed':
      return notify('info', `${name} completed: ${at}.`, openPanel);
    case 'stopped':
      return notify('info', `${name} stopped at ${at}; its last checkpoint is kept.`, openPanel);
    case 'diverged':
      // The engine's message says where and why, and what to change in the spec.
      return notify('warning', `${name}: ${recorded ?? `Training diverged at step ${st.step}.`}`, { ...openPanel, ...openSpec });
  }
  const error = firstLine(end.error ?? recorded ?? 'the training worker ended without a result');
  if (end.errorKind === 'spec') {
    const doc = await vscode.workspace.openTextDocument(session.specUri);
    const problems = diagnostics.validateNow(doc);
    if (problems.some((p) => p.severity === 'error')) return notifySpecProblems(session.specUri, problems);
  }
  if (end.errorKind === 'data') {
    const file = end.errorFile ? path.resolve(path.dirname(session.specUri.fsPath), end.errorFile) : undefined;
    const openData: NoticeActions = file && existsSync(file) ? { 'Open Data File': () => vscode.window.showTextDocument(vscode.Uri.file(file)) } : {};
    return notify('error', `Cannot train ${name}: ${error}. Nothing was trained.`, { ...openData, ...openSpec });
  }
  if (!runId) return notify('error', `Cannot train ${name}: ${error}.`, { ...openSpec, ...SHOW_LOG });
  return notify('error', `${name} failed at step ${formatCount(st.step)}: ${error}. The run is recorded as failed; its last checkpoint is kept.`, { ...openPanel, ...SHOW_LOG });
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim().replace(/[.:]$/, '');
}

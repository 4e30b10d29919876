// A cancellable progress notification per training session: cancelling stops the run (recorded as stopped).
import * as vscode from 'vscode';
import { formatLoss } from '../util/format';
import { throttle } from '../util/throttle';
import type { TrainingSession } from './training-session';

export function showTrainingProgress(session: TrainingSession): void {
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Training ${session.state.name}`, cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => void session.stop());
      let reported = 0; // percent already reported (increments add up)
      const report = throttle(() => {
        const st = session.state;
        const pct = st.totalSteps ? Math.min(100, (100 * st.step) / st.totalSteps) : 0;
        const val = st.valLoss !== undefined ? ` · val ${formatLoss(st.valLoss)}` : '';
        progress.report({ increment: pct - reported, message: `step ${st.step}/${st.totalSteps} · loss ${formatLoss(st.loss)}${val}` });
        reported = pct;
      }, 500);
      const sub = session.onEvent(() => report());
      try {
        const end = await session.done;
        report.cancel();
        return end;
      } finally {
        sub.dispose();
      }
    },
  ).then((end) => reportEnd(session, end.status, end.error));
}

function reportEnd(session: TrainingSession, status: string, error?: string): void {
  const st = session.state;
  const open = 'Open Panel';
  const args = st.runId ? [{ runId: st.runId }] : [];
  const summary = `"${st.name}" ${status} at step ${st.step} · loss ${formatLoss(st.loss)} · val ${formatLoss(st.valLoss)}`;
  const show = status === 'failed' || status === 'diverged'
    ? vscode.window.showErrorMessage(`${summary}${error || st.message ? `: ${error ?? st.message}` : ''}`, ...(st.runId ? [open] : []))
    : vscode.window.showInformationMessage(summary, ...(st.runId ? [open] : []));
  void show.then((pick) => {
    if (pick === open) void vscode.commands.executeCommand('rnnLab.openPanel', ...args);
  });
}

// A cancellable progress notification per training session: cancelling stops the run (recorded as stopped).
import * as vscode from 'vscode';
import { formatLoss } from '../util/format';
import { throttle } from '../util/throttle';
import type { SessionEnd, TrainingSession } from './training-session';

/** Resolves when the session ends (reportEnd then says how). */
export function showTrainingProgress(session: TrainingSession): Thenable<SessionEnd> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Training {0}', session.state.name), cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => void session.stop());
      let reported = 0; // percent already reported (increments add up)
      const report = throttle(() => {
        const st = session.state;
        const pct = st.totalSteps ? Math.min(100, (100 * st.step) / st.totalSteps) : 0;
        const val = st.valLoss !== undefined ? vscode.l10n.t(' · val {0}', formatLoss(st.valLoss)) : '';
        progress.report({ increment: pct - reported, message: vscode.l10n.t('step {0}/{1} · loss {2}', st.step, st.totalSteps, formatLoss(st.loss)) + val });
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
  );
}

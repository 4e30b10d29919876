// One status bar item for all training: step and loss of the running spec(s); click opens the panel.
import * as vscode from 'vscode';
import { formatLoss } from '../util/format';
import { statusTooltipMarkdown } from '../util/markdown';
import { throttle } from '../util/throttle';
import { phaseName } from './phase-name';
import type { SessionManager } from './session-manager';
import type { TrainingSession } from './training-session';

const ICON: Record<string, string> = {
  starting: '$(loading~spin)',
  running: '$(sync~spin)',
  completed: '$(check)',
  stopped: '$(debug-stop)',
  failed: '$(error)',
  diverged: '$(warning)',
  interrupted: '$(circle-slash)',
};

export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('rnnLab.training', vscode.StatusBarAlignment.Left, 50);
  private focus: TrainingSession | undefined; // the session the item is about (the newest)
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly refresh = throttle(() => this.render(), 250);
  /** What the item says now (for tests and for the output log). */
  text = '';

  constructor(private readonly sessions: SessionManager) {
    this.item.name = 'RNN Lab Training';
    this.subscriptions.push(
      sessions.onDidStart((s) => {
        this.focus = s;
        this.refresh.flush();
      }),
      sessions.onEvent(() => this.refresh()),
      sessions.onDidEnd((s) => {
        if (this.focus === s || !this.focus?.running) this.focus = sessions.running.at(-1) ?? s;
        this.refresh.flush();
      }),
    );
  }

  private render(): void {
    const s = this.focus;
    if (!s) {
      this.item.hide();
      return;
    }
    const st = s.state;
    const others = this.sessions.running.filter((o) => o !== s).length;
    const step = st.totalSteps ? `${st.step}/${st.totalSteps}` : `${st.step}`;
    const loss = st.loss !== undefined ? vscode.l10n.t(' · loss {0}', formatLoss(st.loss)) : '';
    const phase = st.phase === 'running' || st.phase === 'starting' ? '' : ` · ${phaseName(st.phase)}`;
    this.text = `${ICON[st.phase] ?? ''} ${st.name} ${step}${loss}${phase}${others ? ` (+${others})` : ''}`;
    this.item.text = this.text;
    // the spec's name and the run's message are workspace text: escaped, never links or HTML
    this.item.tooltip = new vscode.MarkdownString(
      statusTooltipMarkdown(
        { name: st.name, phase: phaseName(st.phase), step, loss: formatLoss(st.loss), valLoss: formatLoss(st.valLoss), message: st.message, others },
        (m, ...a) => vscode.l10n.t(m, ...a),
      ),
    );
    this.item.command = st.runId ? { title: vscode.l10n.t('Open Panel'), command: 'rnnLab.openPanel', arguments: [{ runId: st.runId }] } : undefined;
    this.item.show();
  }

  dispose(): void {
    this.refresh.cancel();
    this.item.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

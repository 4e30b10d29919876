// Inline loss in a spec's editor while it trains and after: train and validation loss, step/total and
// a trend arrow, after the spec's "name" line. At most ~2 updates per second per spec.
import * as vscode from 'vscode';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { onSettingChanged, settings } from '../configuration';
import { formatLoss } from '../util/format';
import { throttle, type Throttled } from '../util/throttle';
import { TREND_ARROW } from './loss-trend';
import { phaseName } from './phase-name';
import type { SessionManager } from './session-manager';
import type { SessionState, TrainingSession } from './training-session';

const UPDATE_MS = 500;

export class LossDecorations implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em', fontStyle: 'italic' },
    isWholeLine: false,
  });
  private readonly texts = new Map<string, string>(); // spec path -> text shown
  private readonly throttles = new Map<string, Throttled<[]>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly sessions: SessionManager) {
    this.subscriptions.push(
      sessions.onEvent(({ session }) => this.throttled(session)()),
      sessions.onDidStart((s) => this.throttled(s).flush()),
      sessions.onDidEnd((s) => {
        this.throttled(s)();
        this.throttled(s).flush();
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.applyAll()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.texts.has(e.document.uri.fsPath)) this.applyAll();
      }),
      onSettingChanged(['decorations.enabled'], () => this.applyAll()),
    );
  }

  /** The text shown for a spec (undefined: none), whether or not an editor shows it now. */
  textFor(uri: vscode.Uri): string | undefined {
    return settings.decorationsEnabled() ? this.texts.get(uri.fsPath) : undefined;
  }

  private throttled(session: TrainingSession): Throttled<[]> {
    const key = session.state.specPath;
    let t = this.throttles.get(key);
    if (!t) {
      t = throttle(() => this.update(key), UPDATE_MS);
      this.throttles.set(key, t);
    }
    return t;
  }

  private update(specPath: string): void {
    const s = this.sessions.latestFor(specPath);
    if (!s) return;
    this.texts.set(specPath, describe(s.state));
    for (const e of vscode.window.visibleTextEditors) if (e.document.uri.fsPath === specPath) this.apply(e);
  }

  private applyAll(): void {
    for (const e of vscode.window.visibleTextEditors) this.apply(e);
  }

  private apply(editor: vscode.TextEditor): void {
    const text = this.textFor(editor.document.uri);
    if (!text) {
      if (this.texts.has(editor.document.uri.fsPath)) editor.setDecorations(this.type, []);
      return;
    }
    const line = anchorLine(editor.document);
    const end = editor.document.lineAt(line).range.end;
    editor.setDecorations(this.type, [{ range: new vscode.Range(end, end), renderOptions: { after: { contentText: text } } }]);
  }

  dispose(): void {
    for (const t of this.throttles.values()) t.cancel();
    this.type.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

/** "loss 2.598 · val 2.699 ↓ · step 60/60 · completed", in the display language. */
function describe(st: SessionState): string {
  const arrow = st.trend ? ` ${TREND_ARROW[st.trend]}` : '';
  const val = st.valLoss !== undefined ? vscode.l10n.t(' · val {0}', formatLoss(st.valLoss)) : '';
  const phase = st.phase === 'running' ? '' : ` · ${phaseName(st.phase)}`;
  const step = st.totalSteps ? vscode.l10n.t('step {0}/{1}', st.step, st.totalSteps) : vscode.l10n.t('step {0}', st.step);
  return `${vscode.l10n.t('loss {0}', formatLoss(st.loss))}${val}${arrow} · ${step}${phase}`;
}

/** The line of the spec's "name" property, else its first line. */
function anchorLine(doc: vscode.TextDocument): number {
  const tree = parseTree(doc.getText());
  const node = tree && findNodeAtLocation(tree, ['name']);
  return node ? doc.positionAt(node.offset).line : 0;
}

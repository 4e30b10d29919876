// The open run panels: one per run (or per set of compared runs), restored after a reload by a
// WebviewPanelSerializer from the webview's own state.
import * as vscode from 'vscode';
import { PANEL_VIEW_TYPE, type FromPanel, type PanelState } from '../../protocol/panel';
import { RunPanel, type PanelDeps } from './run-panel';

export interface PanelMessage {
  runIds: string[];
  message: FromPanel;
}

export class PanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, RunPanel>();
  private readonly messageEmitter = new vscode.EventEmitter<PanelMessage>();
  readonly onPanelMessage = this.messageEmitter.event;
  private readonly deps: PanelDeps;
  private readonly serializer: vscode.Disposable;

  constructor(deps: Omit<PanelDeps, 'onMessage'>) {
    this.deps = { ...deps, onMessage: (panel, message) => this.messageEmitter.fire({ runIds: panel.runIds, message }) };
    this.serializer = vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        this.restore(panel, state);
      },
    });
  }

  /**
   * The serializer's work after a window reload: shows the runs the webview's saved state names in
   * the panel VS Code recreated, and hands that state back to the webview (tab, smoothing, …).
   * A state without runs closes the panel. Returns the panel made, if any.
   */
  restore(panel: vscode.WebviewPanel, state: unknown): RunPanel | undefined {
    const saved = (state ?? {}) as Partial<PanelState>;
    const runIds = Array.isArray(saved.runIds) ? saved.runIds.filter((id): id is string => typeof id === 'string') : [];
    if (runIds.length === 0) {
      panel.dispose();
      return undefined;
    }
    return this.track(new RunPanel(panel, runIds, this.deps, { ...saved, runIds }));
  }

  /** Opens (or reveals) the panel of these runs. */
  open(runIds: string[], opts: { preserveFocus?: boolean; viewColumn?: vscode.ViewColumn } = {}): RunPanel {
    const key = RunPanel.keyOf(runIds);
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal(opts.viewColumn, opts.preserveFocus);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      'RNN Lab',
      { viewColumn: opts.viewColumn ?? vscode.ViewColumn.Active, preserveFocus: opts.preserveFocus },
      { enableScripts: true, retainContextWhenHidden: false },
    );
    return this.track(new RunPanel(panel, runIds, this.deps));
  }

  get(runIds: string[]): RunPanel | undefined {
    return this.panels.get(RunPanel.keyOf(runIds));
  }

  all(): RunPanel[] {
    return [...this.panels.values()];
  }

  private track(p: RunPanel): RunPanel {
    this.panels.get(p.key)?.dispose();
    this.panels.set(p.key, p);
    p.onDidDispose(() => {
      if (this.panels.get(p.key) === p) this.panels.delete(p.key);
    });
    return p;
  }

  dispose(): void {
    this.serializer.dispose();
    for (const p of this.all()) p.dispose();
    this.messageEmitter.dispose();
  }
}

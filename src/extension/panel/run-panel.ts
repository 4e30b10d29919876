// One webview panel showing one run (or several, when comparing): loads them from disk, then
// forwards their live events in batches, answers sampling requests and reports what it drew.
import { uiLang } from '../util/lang';
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TrainEvent } from '../../protocol/events';
import { RUN_FILES } from '../../runs/run-files';
import type { RunIndex } from '../runs/run-index';
import { sampleInWorker } from '../runs/sampler';
import type { SessionManager } from '../training/session-manager';
import { log } from '../util/log';
import { notify } from '../util/notify';
import { localResourceRoots, panelHtml } from './panel-html';
import type { FromPanel, PanelRun, PanelState, PanelTab, ToPanel } from '../../protocol/panel';
import { checkpointInfo, loadPanelRun } from './run-data';

const FLUSH_MS = 100; // live events reach the panel at most 10 times a second

export interface PanelDeps {
  extensionUri: vscode.Uri;
  workerScript: string;
  index: RunIndex;
  sessions: SessionManager;
  onMessage(panel: RunPanel, message: FromPanel): void;
  /**
   * The user asked, from the Parallelism tab, to measure this run's spec and its twin over sequence
   * lengths. For the integrator to wire: run the sweep in a worker, report with
   * `panel.postSweep(runId, { progress: { done, total, T, series } })` as it goes, write sweep.json
   * into the run folder (see sweep-file.ts), then `panel.postSweep(runId, { sweep })` — or
   * `panel.postSweep(runId, { error })`. Without it the panel is told that measuring is not available.
   */
  onMeasureSweep?(panel: RunPanel, runId: string): void;
}

export class RunPanel implements vscode.Disposable {
  private readonly pending = new Map<string, TrainEvent[]>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private disposed = false;
  private ready = false;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  /** Every message this panel posted (tests look at them). */
  readonly posted: ToPanel['type'][] = [];

  /** `restored`: the webview's saved state when VS Code recreated the panel after a reload. */
  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly runIds: string[],
    private readonly deps: PanelDeps,
    private readonly restored?: PanelState,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: localResourceRoots(deps.extensionUri) };
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'rnn-lab.svg');
    panel.title = this.title();
    panel.webview.html = panelHtml(panel.webview, deps.extensionUri, panel.title);
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((m: FromPanel) => this.onMessage(m)),
      deps.sessions.onEvent(({ session, event }) => {
        const id = session.state.runId;
        if (id && this.runIds.includes(id)) this.queue(id, event);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  get key(): string {
    return RunPanel.keyOf(this.runIds);
  }

  static keyOf(runIds: readonly string[]): string {
    return [...runIds].sort().join('+');
  }

  post(message: ToPanel): void {
    if (this.disposed) return; // a late timer or reply after the user closed the panel
    this.posted.push(message.type);
    void this.panel.webview.postMessage(message);
  }

  /** A measured sweep's progress, result or error for one of this panel's runs (see PanelDeps.onMeasureSweep). */
  postSweep(runId: string, message: Omit<Extract<ToPanel, { type: 'sweep' }>, 'type' | 'runId'>): void {
    this.post({ type: 'sweep', runId, ...message });
  }

  showTab(tab: PanelTab): void {
    this.post({ type: 'showTab', tab });
  }

  private title(): string {
    const names = this.runIds.map((id) => this.deps.index.get(id)?.name ?? id);
    if (names.length > 1) return vscode.l10n.t('Compare: {0}', [...new Set(names)].join(', '));
    const run = this.deps.index.get(this.runIds[0]);
    const when = run ? new Date(run.createdAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }) : '';
    return `${names[0]}${when ? ` · ${when}` : ''}`;
  }

  private onMessage(m: FromPanel): void {
    switch (m.type) {
      case 'ready':
        this.sendInit();
        break;
      case 'sample':
        void this.sample(m);
        break;
      case 'openSpec':
        void this.openSpec(m.runId);
        break;
      case 'stop':
        void this.deps.sessions.byRunId(m.runId)?.stop();
        break;
      case 'resume':
        if (this.runIds.includes(m.runId)) void vscode.commands.executeCommand('rnnLab.resumeRun', { runId: m.runId });
        break;
      case 'measureSweep':
        if (!this.runIds.includes(m.runId)) break;
        if (this.deps.onMeasureSweep) this.deps.onMeasureSweep(this, m.runId);
        else
          this.postSweep(m.runId, {
            error: vscode.l10n.t(
              'Measuring over sequence lengths is not available in this version (rnn-lab bench SPEC --seq 16,32,64,… measures it from the command line).',
            ),
          });
        break;
      case 'log':
        if (m.level === 'error') log.error(`panel ${this.key}: ${m.message}`);
        else log.info(`panel ${this.key}: ${m.message}`);
        break;
    }
    this.deps.onMessage(this, m);
  }

  private sendInit(): void {
    const runs: PanelRun[] = [];
    for (const id of this.runIds) {
      const run = this.deps.index.get(id);
      if (run) runs.push(loadPanelRun(this.deps.index.storeOf(run), run));
    }
    this.ready = true;
    this.pending.clear(); // what was queued before is on disk, so init has it
    this.post({ type: 'init', runs, lang: uiLang(), ...(this.restored ? { state: this.restored } : {}) });
  }

  private queue(runId: string, event: TrainEvent): void {
    if (!this.ready) return;
    const list = this.pending.get(runId) ?? [];
    list.push(event);
    this.pending.set(runId, list);
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    for (const [runId, events] of this.pending) {
      this.post({ type: 'events', runId, events });
      const finished = events.find((e) => e.type === 'finished');
      if (finished || events.some((e) => e.type === 'probe')) this.refreshCheckpoint(runId, finished?.status);
    }
    this.pending.clear();
  }

  /** The checkpoint follows the probe on disk: read its shapes a moment later. */
  private refreshCheckpoint(runId: string, status?: PanelRun['status']): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const run = this.deps.index.get(runId);
      if (!run || !this.ready) return;
      const info = checkpointInfo(this.deps.index.storeOf(run), runId);
      this.post({ type: 'runUpdate', runId, patch: { ...info, ...(status ? { status } : {}) } });
    }, 300);
    this.timers.add(timer);
  }

  /** The run's spec; if it was moved or deleted, the copy the run keeps (spec.rnn.json in its folder). */
  private async openSpec(runId: string): Promise<void> {
    const run = this.deps.index.get(runId);
    if (!run) return;
    if (existsSync(run.specFile)) {
      await vscode.window.showTextDocument(vscode.Uri.file(run.specFile), { viewColumn: vscode.ViewColumn.One });
      return;
    }
    const copy = vscode.Uri.file(path.join(run.folder, RUN_FILES.spec));
    notify(
      'warning',
      vscode.l10n.t('{0} no longer exists. The run keeps a copy of the spec it was trained with.', vscode.workspace.asRelativePath(run.specFile)),
      {
        [vscode.l10n.t('Open Copy')]: () => vscode.window.showTextDocument(copy, { viewColumn: vscode.ViewColumn.One }),
      },
    );
  }

  private async sample(m: Extract<FromPanel, { type: 'sample' }>): Promise<void> {
    const run = this.deps.index.get(m.runId);
    try {
      if (!run) throw new Error(vscode.l10n.t('no run {0}', m.runId));
      if (!vscode.workspace.isTrusted) throw new Error(vscode.l10n.t('Sampling runs the model: trust this workspace first.'));
      const text = await sampleInWorker(this.deps.workerScript, {
        workspaceRoot: run.root,
        runId: m.runId,
        length: m.length,
        temperature: m.temperature,
        prime: m.prime,
        seed: Date.now() % 1e9,
      });
      this.post({ type: 'sampled', requestId: m.requestId, runId: m.runId, text });
    } catch (e) {
      this.post({ type: 'sampled', requestId: m.requestId, runId: m.runId, error: (e as Error).message });
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
    this.panel.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }
}

// One spec training in its own worker thread: start, live state, stop, and a clean end.
import * as vscode from 'vscode';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FinishedEvent, RunStatus, TrainEvent } from '../../engine/events';
import type { FromWorker, ToWorker } from '../../worker-protocol';
import { LossTrend } from './loss-trend';

export type SessionPhase = 'starting' | RunStatus;

/** What the status bar, the notification and the decorations show: derived from the event stream. */
export interface SessionState {
  specPath: string;
  name: string;
  phase: SessionPhase;
  runId?: string;
  folder?: string;
  step: number;
  totalSteps: number;
  loss?: number;
  valLoss?: number;
  trend: 'down' | 'up' | 'flat' | undefined;
  message?: string;
}

export interface SessionEnd {
  status: RunStatus;
  finished?: FinishedEvent;
  error?: string;
}

export class TrainingSession implements vscode.Disposable {
  private static nextId = 1;
  readonly id = TrainingSession.nextId++;
  readonly state: SessionState;
  readonly done: Promise<SessionEnd>;
  private readonly worker: Worker;
  private readonly trend = new LossTrend();
  private readonly eventEmitter = new vscode.EventEmitter<TrainEvent>();
  /** Every training event, in order, as the worker posted it. */
  readonly onEvent = this.eventEmitter.event;
  private resolveDone!: (end: SessionEnd) => void;
  private ended = false;
  private stopRequested = false;

  constructor(
    readonly specUri: vscode.Uri,
    workerScript: string,
    opts: { workspaceRoot: string; steps?: number },
  ) {
    this.state = {
      specPath: specUri.fsPath,
      name: path.basename(specUri.fsPath, '.rnn.json'),
      phase: 'starting',
      step: 0,
      totalSteps: opts.steps ?? 0,
      trend: undefined,
    };
    this.done = new Promise((r) => (this.resolveDone = r));
    this.worker = new Worker(workerScript, { name: `rnn-lab ${this.state.name}` });
    this.worker.on('message', (m: FromWorker) => this.onMessage(m));
    this.worker.on('error', (e) => this.end({ status: 'failed', error: e.message }));
    this.worker.on('exit', (code) => this.end({ status: this.stopRequested ? 'stopped' : 'failed', error: `the training worker exited (code ${code})` }));
    const start: ToWorker = { type: 'start', specPath: specUri.fsPath, workspaceRoot: opts.workspaceRoot, steps: opts.steps };
    this.worker.postMessage(start);
  }

  get running(): boolean {
    return !this.ended;
  }

  /** Asks the worker to stop after the current step; resolves when the run is recorded. */
  stop(): Promise<SessionEnd> {
    if (!this.ended && !this.stopRequested) {
      this.stopRequested = true;
      const msg: ToWorker = { type: 'stop' };
      this.worker.postMessage(msg);
    }
    return this.done;
  }

  /** Stop, wait up to `graceMs` for the run to be recorded, then end the thread whatever happens. */
  async shutdown(graceMs = 3000): Promise<void> {
    const timeout = new Promise<void>((r) => setTimeout(r, graceMs).unref?.());
    await Promise.race([this.stop().then(() => undefined), timeout]);
    await this.worker.terminate();
    this.end({ status: 'stopped' });
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'error') {
      this.end({ status: 'failed', error: m.message });
      return;
    }
    this.apply(m);
    this.eventEmitter.fire(m);
    if (m.type === 'finished') this.end({ status: m.status, finished: m });
  }

  private apply(e: TrainEvent): void {
    const s = this.state;
    switch (e.type) {
      case 'started':
        Object.assign(s, { phase: 'running', runId: e.runId, folder: e.folder, totalSteps: e.totalSteps, name: e.name });
        break;
      case 'progress':
        s.step = e.step;
        s.loss = e.loss;
        this.trend.addTrain(e.loss);
        break;
      case 'eval':
        s.valLoss = e.valLoss;
        this.trend.addVal(e.valLoss);
        break;
      case 'finished':
        s.phase = e.status;
        s.message = e.summary.message;
        if (e.summary.lastValLoss !== undefined) s.valLoss = e.summary.lastValLoss;
        break;
    }
    s.trend = this.trend.direction();
  }

  private end(end: SessionEnd): void {
    if (this.ended) return;
    this.ended = true;
    if (this.state.phase === 'starting' || this.state.phase === 'running') this.state.phase = end.status;
    if (end.error) this.state.message = end.error;
    this.resolveDone(end);
    void this.worker.terminate();
  }

  dispose(): void {
    void this.shutdown(0);
    this.eventEmitter.dispose();
  }
}

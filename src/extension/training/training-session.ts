// One spec training in its own worker thread: start, live state, stop, and a clean end.
import * as vscode from 'vscode';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FinishedEvent, RunStatus, TrainEvent } from '../../protocol/events';
import type { FromWorker, ToWorker, WorkerError } from '../../protocol/worker';
import type { SpecProblem } from '../../spec/problem';
import type { Message } from '../../messages/types';
import { msg, render } from '../../messages/render';
import { renderUi } from '../util/lang';
import { log } from '../util/log';
import { LossTrend } from './loss-trend';
import { recordRunEnd } from './record-run-end';

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
  /** How the run ended, as recorded (by the worker, or by the extension when the worker could not). */
  finished?: FinishedEvent;
  /** Why training failed, in full (spec problems are listed one per line). */
  error?: string;
  /** The failure as a catalogue message (not for crashes), rendered in the display language. */
  errorMsg?: Message;
  /** What kind of failure: the spec, its data, the run folder, or a crash/bug ('internal'). */
  errorKind?: WorkerError['kind'];
  /** `data` failures: the data file as the spec names it. */
  errorFile?: string;
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
  private readonly warningsEmitter = new vscode.EventEmitter<readonly SpecProblem[]>();
  /** The spec's warnings, once, before training starts (only when there are some). */
  readonly onWarnings = this.warningsEmitter.event;
  /** The spec's warnings as the worker reported them. */
  warnings: readonly SpecProblem[] = [];
  private resolveDone!: (end: SessionEnd) => void;
  private ended = false;
  private stopRequested = false;

  constructor(
    readonly specUri: vscode.Uri,
    workerScript: string,
    opts: { workspaceRoot: string; steps?: number; threads?: number; resume?: string; allowOutsideData?: boolean },
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
    this.worker.on('error', (e) => {
      log.error(`${this.state.name}: the training worker crashed: ${e.stack ?? e.message}`);
      const crashed = msg('run.workerCrashed', { error: e.message });
      this.end({ status: 'failed', error: render(crashed, 'en'), errorMsg: crashed, errorKind: 'internal' });
    });
    this.worker.on('exit', (code) =>
      this.end(
        this.stopRequested
          ? { status: 'stopped' }
          : { status: 'failed', error: vscode.l10n.t('the training worker stopped unexpectedly (exit code {0})', code), errorKind: 'internal' },
      ),
    );
    const start: ToWorker = {
      type: 'start',
      specPath: specUri.fsPath,
      resume: opts.resume,
      workspaceRoot: opts.workspaceRoot,
      steps: opts.steps,
      threads: opts.threads,
      allowOutsideData: opts.allowOutsideData,
    };
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

  /** Ends the worker thread at once, with nothing recorded by it: what a crash does (tests use it). */
  async kill(): Promise<SessionEnd> {
    await this.worker.terminate();
    return this.done;
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'warnings') {
      this.warnings = m.problems;
      this.warningsEmitter.fire(m.problems);
      return;
    }
    if (m.type === 'error') {
      if (m.stack) log.error(`${this.state.name}: ${m.stack}`);
      this.end({ status: 'failed', error: m.message, errorMsg: m.msg, errorKind: m.kind, errorFile: m.file });
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
        s.message = e.summary.msg ? renderUi(e.summary.msg) : e.summary.message;
        if (e.summary.lastValLoss !== undefined) s.valLoss = e.summary.lastValLoss;
        break;
    }
    s.trend = this.trend.direction();
  }

  private end(end: SessionEnd): void {
    if (this.ended) return;
    this.ended = true;
    if (!end.finished && this.state.folder) this.recordEnd(end);
    if (this.state.phase === 'starting' || this.state.phase === 'running') this.state.phase = end.status;
    if (end.error) this.state.message = end.errorMsg ? renderUi(end.errorMsg) : end.error;
    this.resolveDone(end);
    void this.worker.terminate();
  }

  /** The worker ended without a `finished` event: record the run's end, and tell the listeners as the worker would have. */
  private recordEnd(end: SessionEnd): void {
    const message =
      end.status === 'stopped'
        ? msg('run.workerEndedStopped')
        : msg('run.workerEndedFailed', { error: end.errorMsg ?? (end.error !== undefined ? msg('text', { text: end.error }) : msg('run.workerNoResult')) });
    try {
      const finished = recordRunEnd(this.state.folder!, end.status === 'running' ? 'failed' : end.status, message);
      if (!finished) return;
      end.finished = finished;
      this.apply(finished);
      this.eventEmitter.fire(finished);
    } catch (e) {
      log.error(`${this.state.name}: could not record the end of run ${this.state.runId}: ${(e as Error).message}`);
    }
  }

  dispose(): void {
    void this.shutdown(0);
    this.eventEmitter.dispose();
    this.warningsEmitter.dispose();
  }
}

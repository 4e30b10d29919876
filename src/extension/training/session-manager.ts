// The training sessions of this window: at most `rnnLab.training.maxConcurrent` at once, one per spec
// (training a spec that is already training asks whether to restart it).
import * as vscode from 'vscode';
import type { TrainEvent } from '../../protocol/events';
import { settings } from '../configuration';
import { samePath, workspaceRootFor } from '../specs/spec-files';
import { notify } from '../util/notify';
import { TrainingSession } from './training-session';

export interface TrainOptions {
  /** Overrides training.steps (tests, quick looks). */
  steps?: number;
  /** Restart without asking when the spec is already training (tests; the command asks otherwise). */
  restart?: boolean;
  /** Continue this recorded run of the spec from its last checkpoint (Resume Run). */
  resume?: string;
}

export interface SessionEvent {
  session: TrainingSession;
  event: TrainEvent;
}

export class SessionManager implements vscode.Disposable {
  private readonly live = new Map<string, TrainingSession>(); // by spec path
  private readonly startEmitter = new vscode.EventEmitter<TrainingSession>();
  private readonly endEmitter = new vscode.EventEmitter<TrainingSession>();
  private readonly eventEmitter = new vscode.EventEmitter<SessionEvent>();
  readonly onDidStart = this.startEmitter.event;
  readonly onDidEnd = this.endEmitter.event;
  readonly onEvent = this.eventEmitter.event;
  /** The most recent session of each spec, running or ended (decorations and the status bar read them). */
  private readonly latest = new Map<string, TrainingSession>();

  constructor(private readonly workerScript: string) {}

  get running(): TrainingSession[] {
    return [...this.live.values()];
  }

  latestFor(specPath: string): TrainingSession | undefined {
    return this.latest.get(specPath) ?? [...this.latest.values()].find((s) => samePath(s.state.specPath, specPath));
  }

  liveFor(specPath: string): TrainingSession | undefined {
    return this.live.get(specPath);
  }

  byRunId(runId: string): TrainingSession | undefined {
    return [...this.latest.values()].find((s) => s.state.runId === runId);
  }

  async train(specUri: vscode.Uri, opts: TrainOptions = {}): Promise<TrainingSession | undefined> {
    const key = specUri.fsPath;
    const existing = this.live.get(key);
    if (existing) {
      if (!opts.restart) {
        const restart = vscode.l10n.t('Restart');
        const pick = await vscode.window.showWarningMessage(
          vscode.l10n.t('"{0}" is already training (step {1}/{2}). Restart it?', existing.state.name, existing.state.step, existing.state.totalSteps),
          { modal: true, detail: vscode.l10n.t('The current run is stopped and kept with its last checkpoint.') },
          restart,
        );
        if (pick !== restart) return undefined;
      }
      await existing.stop();
    }
    const max = settings.maxConcurrent();
    if (this.live.size >= max) {
      const text =
        this.live.size === 1
          ? vscode.l10n.t('1 spec is already training (the limit is {0}). Stop one, or raise rnnLab.training.maxConcurrent.', max)
          : vscode.l10n.t('{0} specs are already training (the limit is {1}). Stop one, or raise rnnLab.training.maxConcurrent.', this.live.size, max);
      notify('warning', text, {
        [vscode.l10n.t('Change Limit')]: () => vscode.commands.executeCommand('workbench.action.openSettings', 'rnnLab.training.maxConcurrent'),
      });
      return undefined;
    }
    const session = new TrainingSession(specUri, this.workerScript, {
      workspaceRoot: workspaceRootFor(specUri),
      steps: opts.steps,
      threads: settings.threads(),
      resume: opts.resume,
      allowOutsideData: settings.allowOutsideData(),
    });
    this.live.set(key, session);
    this.latest.set(key, session);
    session.onEvent((event) => this.eventEmitter.fire({ session, event }));
    void session.done.then(() => {
      if (this.live.get(key) === session) this.live.delete(key);
      this.endEmitter.fire(session);
    });
    this.startEmitter.fire(session);
    return session;
  }

  /** Ends every worker: each is asked to stop (so its run is recorded), then terminated. */
  async shutdown(graceMs = 3000): Promise<void> {
    await Promise.all(this.running.map((s) => s.shutdown(graceMs)));
  }

  dispose(): void {
    void this.shutdown(0);
    this.startEmitter.dispose();
    this.endEmitter.dispose();
    this.eventEmitter.dispose();
  }
}

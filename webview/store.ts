// One run as the panel keeps it: columns for the charts, built from the init message and then from
// live events (duplicates from the overlap between disk and live stream are dropped by step).
import type { ProbeEvent, StepSplit, TrainEvent } from '../src/protocol/events';
import type { GradProfile, PanelRun, SweepProgress } from '../src/protocol/panel';
import { keepSnapshots, type AttentionSnapshot } from './model/attention';
import { addSplits } from './model/parallelism';

/** Attention snapshots kept per run (the first, the latest, the rest thinned)… */
const ATTENTION_HISTORY = 16;
/** …and at most this many weights in all, so a long context with many heads does not fill the webview's memory. */
const ATTENTION_HISTORY_WEIGHTS = 4_000_000;

/** A sweep the user started from the Parallelism tab, while it runs or after it failed. */
export interface SweepStatus {
  running: boolean;
  progress?: SweepProgress;
  error?: string;
}

export class RunData {
  meta: Omit<PanelRun, 'events' | 'probe' | 'gradProfiles'>;
  readonly steps: number[] = [];
  readonly loss: number[] = [];
  readonly gradNorm: number[] = [];
  readonly clipped: number[] = []; // indices into steps where the gradient was clipped
  readonly evalSteps: number[] = [];
  readonly valLoss: number[] = [];
  readonly accuracy: (number | null)[] = [];
  probe?: ProbeEvent;
  readonly gradProfiles: GradProfile[];
  /**
   * Attention of the probes this panel has seen (a Transformer): the loaded run's latest, then each
   * live probe. PanelRun carries only the latest probe, so a reopened run starts with one.
   */
  attentionHistory: AttentionSnapshot[] = [];
  /** Probes with attention seen, including those thinned out of attentionHistory. */
  attentionSeen = 0;
  sweepStatus?: SweepStatus;
  split?: StepSplit; // summed over the run
  totalSteps?: number;
  tokensPerSec?: number;
  /** Kernels and threads the run trained on (from its started event). */
  engine?: { kernels: 'js' | 'wasm'; threads: number };
  elapsedMs?: number; // training time at the last step
  /** Bumped on every change, so views redraw only what changed. */
  version = 0;

  constructor(run: PanelRun) {
    const { events, probe, gradProfiles, ...meta } = run;
    this.meta = meta;
    this.gradProfiles = [...gradProfiles];
    this.probe = probe;
    this.totalSteps = (meta.config.steps as number | undefined) ?? meta.spec?.training.steps;
    for (const e of events) this.apply(e);
    const last = this.gradProfiles[this.gradProfiles.length - 1];
    if (probe && (!last || last.step < probe.step)) this.gradProfiles.push({ step: probe.step, layers: probe.layers.map((l) => l.gradNorm) });
    if (probe) this.keepAttention(probe);
  }

  private keepAttention(p: ProbeEvent): void {
    if (!p.layers.some((l) => l.attention?.length)) return;
    const last = this.attentionHistory.at(-1);
    const snap = { step: p.step, layers: p.layers.map((l) => l.attention) };
    if (last && last.step === p.step) this.attentionHistory[this.attentionHistory.length - 1] = snap;
    else if (!last || last.step < p.step) {
      this.attentionSeen++;
      const weights = p.layers.reduce((n, l) => n + (l.attention?.length ?? 0) * (l.attention?.[0]?.length ?? 0) ** 2, 0);
      const max = Math.max(2, Math.min(ATTENTION_HISTORY, Math.floor(ATTENTION_HISTORY_WEIGHTS / Math.max(1, weights))));
      this.attentionHistory = keepSnapshots([...this.attentionHistory, snap], max);
    }
  }

  get id(): string {
    return this.meta.id;
  }

  get lastStep(): number {
    return this.steps.length ? this.steps[this.steps.length - 1] : 0;
  }

  get running(): boolean {
    return this.meta.status === 'running';
  }

  apply(e: TrainEvent): void {
    switch (e.type) {
      case 'started':
        this.totalSteps = e.totalSteps;
        if (e.kernels) this.engine = { kernels: e.kernels, threads: e.threads ?? 1 };
        break;
      case 'progress':
        if (e.step <= this.lastStep) return;
        this.steps.push(e.step);
        this.loss.push(e.loss);
        this.gradNorm.push(e.gradNorm);
        if (e.clipped) this.clipped.push(this.steps.length - 1);
        this.tokensPerSec = e.tokensPerSec;
        this.elapsedMs = e.elapsedMs;
        if (e.split) this.split = addSplits(this.split, e.split);
        break;
      case 'eval':
        if (this.evalSteps.length && e.step <= this.evalSteps[this.evalSteps.length - 1]) return;
        this.evalSteps.push(e.step);
        this.valLoss.push(e.valLoss);
        this.accuracy.push(e.accuracy ?? null);
        break;
      case 'probe':
        if (this.probe && e.step < this.probe.step) return;
        if (!this.gradProfiles.length || this.gradProfiles[this.gradProfiles.length - 1].step < e.step) {
          this.gradProfiles.push({ step: e.step, layers: e.layers.map((l) => l.gradNorm) });
        }
        this.probe = e;
        this.keepAttention(e);
        break;
      case 'finished':
        this.meta.status = e.status;
        this.meta.summary = e.summary;
        break;
    }
    this.version++;
  }

  patch(p: Partial<PanelRun>): void {
    Object.assign(this.meta, p);
    this.version++;
  }
}

/** A run's short name when several are shown: its spec name and start time ("tiny-char · 18:33:12"). */
export function shortLabel(run: RunData): string {
  const d = new Date(run.meta.createdAt);
  const when = Number.isNaN(d.getTime())
    ? run.id.slice(-6)
    : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return `${run.meta.name} · ${when}`;
}

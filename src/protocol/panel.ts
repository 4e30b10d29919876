// The typed message contract between the extension host and the run panel (webview/). Both sides
// import this file; it holds types only, so the webview bundle takes nothing from the host's code.
import type { Lang } from '../messages/types';
import type { SeriesIdentity } from '../messages/sweep-series';
import type { ProbeEvent, RunStatus, RunSummary, SweepResult, TrainEvent } from './events';
import type { Spec } from '../spec/types';

/** The model families, as the panel names them (a spec's `model.cell`). */
export type { CellKind } from '../engine/model-config';

export type PanelTab = 'overview' | 'loss' | 'gradients' | 'hidden' | 'attention' | 'parallelism' | 'model' | 'samples';

/** One tensor of the latest checkpoint (from weights.safetensors' header). */
export interface ParamShape {
  name: string;
  shape: number[];
}

/** What the task gave the model (vocab.json): sizes the spec alone does not fix. */
export interface ModelIO {
  taskKind: string;
  inputKind: 'tokens' | 'real';
  inputSize: number;
  outputSize: number;
}

/** ‖∂L/∂x⟨t⟩‖ (x: what the layer reads at t) for every layer at one probe: the gradient-through-time profile. */
export interface GradProfile {
  step: number;
  layers: number[][]; // [layer][t]
}

/** Everything the panel shows about one run. */
export interface PanelRun {
  id: string;
  name: string;
  status: RunStatus;
  createdAt: string;
  specPath: string;
  /** run.json's config digest (the compare table diffs these). */
  config: Record<string, unknown>;
  summary: RunSummary;
  /** The spec snapshot with defaults applied, when it parses. */
  spec?: Spec;
  /** With the spec: how many gate blocks the recurrent cell stacks in its weights (G: 4 LSTM, 3 GRU, 1 RNN; 1 for a Transformer). */
  gates?: number;
  io?: ModelIO;
  params?: ParamShape[];
  /** metrics.jsonl in order, without probe events (see probe and gradProfiles). */
  events: TrainEvent[];
  probe?: ProbeEvent;
  gradProfiles: GradProfile[];
  /** char-lm / word-lm: the panel offers sampling. */
  textModel: boolean;
  /** The measured sweep over sequence lengths (sweep.json), once the user has run it. */
  sweep?: SweepResult;
}

export type ToPanel =
  /**
   * The runs to show. `state`: what the webview saved before a window reload, as VS Code handed it to
   * the panel serializer; the webview takes from it what its own saved state lacks (the tab, …).
   */
  /** lang: the display language the panel renders its text in (src/messages catalogues); English if absent. */
  | { type: 'init'; runs: PanelRun[]; state?: Partial<PanelState>; lang?: Lang }
  /** Live events of one run, batched (probe events included). */
  | { type: 'events'; runId: string; events: TrainEvent[] }
  /** Changed run metadata: status, params after a checkpoint, io. */
  | { type: 'runUpdate'; runId: string; patch: Partial<Pick<PanelRun, 'status' | 'summary' | 'params' | 'io'>> }
  | { type: 'sampled'; requestId: number; runId: string; text?: string; error?: string }
  | { type: 'showTab'; tab: PanelTab }
  /** The sweep the user started from the Parallelism tab: progress while it runs, then the result or an error. */
  | { type: 'sweep'; runId: string; progress?: SweepProgress; sweep?: SweepResult; error?: string };

/** How far a sweep has got: `done` of `total` measurements; optionally which length and model is being measured now. */
export interface SweepProgress {
  done: number;
  total: number;
  /** The sequence length being measured. */
  T?: number;
  /** The series being measured. */
  series?: SeriesIdentity;
}

/** What the panel reports after drawing a view (tests read these through the test API). */
export interface RenderedDetail {
  tab: PanelTab;
  runs: number;
  /** Points, cells or rows drawn, per what the view is. */
  items: number;
  /** Views made of several charts: what each drew (e.g. overview: loss, gradProfile, heatmap). */
  parts?: Record<string, number>;
  note?: string;
}

export type FromPanel =
  | { type: 'ready' }
  | { type: 'sample'; requestId: number; runId: string; length: number; temperature: number; prime?: string }
  | { type: 'openSpec'; runId: string }
  | { type: 'stop'; runId: string }
  /** Continue a stopped, interrupted or diverged run from its last checkpoint (Resume Run). */
  | { type: 'resume'; runId: string }
  /** Measure this run's spec and its twin over sequence lengths (in a worker; kept in the run folder). */
  | { type: 'measureSweep'; runId: string }
  | { type: 'rendered'; detail: RenderedDetail }
  | { type: 'log'; level: 'info' | 'error'; message: string };

/** The webview's persisted state (getState/setState), also handed to the serializer after a reload. */
export interface PanelState {
  runIds: string[];
  tab?: PanelTab;
  smoothing?: number;
  logScale?: boolean;
  layer?: number;
  quantity?: string;
  /** Attention tab: the head shown. */
  head?: number;
  focusRun?: string;
  temperature?: number;
  sampleLength?: number;
}

export const PANEL_VIEW_TYPE = 'rnnLab.runPanel';

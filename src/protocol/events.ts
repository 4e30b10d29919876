// The trainer's events: `train --json` lines, metrics.jsonl lines, worker -> extension -> panel messages
// (docs/events.md). The engine does not emit them: the trainer (src/train) does, from what the engine returns.
import type { ProbeLayer } from '../engine/probe';
import type { DivergenceData } from '../messages/divergence';
import type { SeriesIdentity } from '../messages/sweep-series';
import type { Message } from '../messages/types';

export type { ProbeLayer };

export interface ProgressEvent {
  type: 'progress';
  step: number; // 1-based, completed optimizer steps
  loss: number;
  gradNorm: number; // global L2 norm before clipping
  clipped: boolean;
  tokensPerSec: number;
  elapsedMs: number;
  /** Where the time went since the previous split (sent with the progress event at each evaluation). */
  split?: StepSplit;
}

/** ms spent in each part of training since the last split: the parallel/sequential breakdown. */
export interface StepSplit {
  inputProjectionMs: number; // parallel over time: W_ih·x for all steps in one product
  recurrenceMs: number; // sequential: W_hh·h⟨t−1⟩ and the gates, step after step
  headLossMs: number;
  backwardMs: number;
  optimizerMs: number;
}

export interface EvalEvent {
  type: 'eval';
  step: number;
  valLoss: number; // mean cross-entropy per scored position, or MSE
  accuracy?: number; // classification / token accuracy in [0, 1]
}

export interface ProbeEvent {
  type: 'probe';
  step: number;
  stepLabels: string[]; // input token (or value) at each t
  layers: ProbeLayer[];
}

export type RunStatus = 'running' | 'completed' | 'stopped' | 'failed' | 'diverged' | 'interrupted';

export interface RunSummary {
  steps: number;
  finalLoss?: number;
  bestValLoss?: number;
  lastValLoss?: number;
  tokensPerSec?: number;
  elapsedMs?: number;
  parameterCount?: number;
  /** How the run ended, in English (for tools that read run.json); `msg` has it as data. */
  message?: string;
  /** The same as a catalogue message (code and arguments), which front ends render in the user's language. */
  msg?: Message;
  /** A diverged run: what showed it and what to try, as data (message has it in English). */
  divergence?: DivergenceData;
}

export interface StartedEvent {
  type: 'started';
  runId: string;
  folder: string;
  parameterCount: number;
  totalSteps: number;
  name: string;
  /** Which kernels run the model ('wasm': WebAssembly SIMD, float32) and on how many threads. */
  kernels?: 'js' | 'wasm';
  threads?: number;
  /** A resumed run: the step it continues from (this event then goes to the front ends, not to metrics.jsonl). */
  resumedFrom?: number;
}

export interface FinishedEvent {
  type: 'finished';
  status: RunStatus;
  summary: RunSummary;
}

/** One sequence length of a measured sweep: time per training step and throughput. */
export interface SweepPoint {
  T: number;
  msPerStep: number; // median over the measured steps
  tokensPerSec: number; // B·T / (msPerStep / 1000)
}

/** One model measured over the lengths of a sweep: which one is data (SeriesIdentity: cell, width, depth, spec or twin). */
export interface SweepSeries extends SeriesIdentity {
  label: string; // its name in English, for tools that read sweep.json: "LSTM-128 (this spec)"
  parameterCount: number;
  points: SweepPoint[];
}

/**
 * A measured sweep over sequence lengths (`rnn-lab bench SPEC --seq …`, the Parallelism tab):
 * a spec and its twin of the other family, trained a few steps at each length on this machine.
 * Kept in the run folder as sweep.json.
 */
export interface SweepResult {
  batchSize: number;
  kernels: 'js' | 'wasm';
  threads: number;
  measuredAt: string; // ISO time
  series: SweepSeries[];
}

export type TrainEvent = StartedEvent | ProgressEvent | EvalEvent | ProbeEvent | FinishedEvent;

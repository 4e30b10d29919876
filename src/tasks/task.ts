// What a task gives the trainer: sizes, batches and labels. Built from a spec by createTask (./index.ts).
import type { Batch } from '../engine/batch';
import type { HeadAt, LossKind } from '../engine/model-config';
import type { Rng } from '../engine/rng';

/** File access is injected so tasks run in a worker or a web worker alike. Paths are absolute. */
export interface TaskIO {
  readText(path: string): string;
}

export interface Task {
  kind: string;
  inputKind: 'tokens' | 'real';
  inputSize: number; // vocab size V for tokens, I for reals
  outputSize: number; // classes or regression outputs
  loss: LossKind;
  at: HeadAt;
  /** Streams carry the hidden state from one training window to the next (char-lm, word-lm, series). */
  stream: boolean;
  /** Display names of token ids (tokens tasks); also written to vocab.json. */
  vocab?: string[];
  /** Class labels (classify). */
  labels?: string[];
  /** Next training batch. Streams: window k+1 of each lane continues window k (same lane = same row b). */
  nextTrainBatch(rng: Rng): Batch;
  /** Deterministic validation set. For streams, consecutive batches continue each other (carry state). */
  validationBatches(): Batch[];
  /** A fixed validation sequence (B = 1) for the probe, with a display label per time step. */
  probe(): { batch: Batch; stepLabels: string[] };
  /** The most steps one batch holds: a stream's window (bptt), else the longest sequence. A Transformer's default context. */
  maxSteps: number;
  /** Tokens per training batch, for tokens/s (B * T). */
  tokensPerBatch: number;
  /** Text tasks: id <-> text, for sampling. */
  encode?(text: string): number[];
  decode?(ids: readonly number[]): string;
}

// The typed form of a *.rnn.json spec after validation and defaults (schema/rnn.schema.json is the source of truth).
import type { Activation, CellKind, InitKind, Residual } from '../engine/model-config';
import type { OptimizerKind } from '../engine/optimizers';
import type { DType } from '../engine/tensor';

export type TaskSpec =
  | { kind: 'char-lm'; file: string; validation: number }
  | { kind: 'word-lm'; file: string; vocabSize: number; validation: number; lowercase: boolean }
  | { kind: 'adding'; length: number }
  | { kind: 'copy'; symbols: number; length: number; delay: number }
  | { kind: 'classify'; file: string; split: 'tokens' | 'chars' | 'words'; validation: number }
  | { kind: 'series'; file: string; columns: string[]; validation: number };

export interface ModelSpec {
  cell: CellKind;
  hiddenSize: number;
  layers: number;
  activation: Activation;
  residual: Residual;
  /** With residual time or both: the leaky form h⟨t⟩ = keep·h⟨t−1⟩ + (1 − keep)·h̃⟨t⟩; absent = the plain sum. */
  timeResidual?: { keep: number };
  embedding: number; // 0 = one-hot (word-lm defaults to a learned embedding)
  init: InitKind;
  /** transformer only: attention heads (divides hiddenSize). */
  heads: number;
  /** transformer only: feed-forward width; 0 = 4·hiddenSize. */
  ffn: number;
  /** transformer only: the most positions one window holds (the size of the positions table); 0 = the task's window. */
  context: number;
}

export interface TrainingSpec {
  optimizer: OptimizerKind;
  learningRate: number;
  batchSize: number;
  steps: number;
  /** Truncation window in steps. Streams (char-lm, word-lm, series): the window length. Fixed-length tasks: 0 = whole sequence. */
  bptt: number;
  clip?: { norm: number } | { value: number };
  seed: number;
  evalEvery: number;
  /** The most validation positions scored per evaluation (the first ones of the held-out part); 0 = all. */
  evalTokens: number;
  dtype: DType;
}

export interface Spec {
  name: string;
  task: TaskSpec;
  model: ModelSpec;
  training: TrainingSpec;
  /** Absolute path of task.file, resolved against the spec's folder (set by parseSpec when it knows the folder). */
  dataFile?: string;
}

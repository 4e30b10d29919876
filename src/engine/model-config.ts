import type { DType } from './tensor';

export type CellKind = 'rnn' | 'lstm' | 'gru';
export type Activation = 'tanh' | 'relu';
export type Residual = 'none' | 'layers' | 'time' | 'both';
export type LossKind = 'cross-entropy' | 'mse';
export type HeadAt = 'every' | 'last';
export type InitKind = 'default' | 'xavier' | 'orthogonal' | 'identity';

/** Everything the engine needs to build a model; derived from a spec + task, or from a weights file. */
export interface ModelConfig {
  cell: CellKind;
  activation: Activation; // rnn only; ignored by lstm/gru
  hiddenSize: number; // H
  layers: number;
  residual: Residual;
  /** tokens: ids in [0, vocabSize), one-hot unless embedding > 0 (then embedding.weight [V, E]). real: I floats per step. */
  input: { kind: 'tokens'; vocabSize: number; embedding: number } | { kind: 'real'; size: number };
  outputSize: number; // O: classes for cross-entropy, values for mse
  at: HeadAt;
  loss: LossKind;
  dtype: DType;
}

/** Gates per cell: G in DESIGN.md (rows of weight_ih are G*H). */
export function gatesOf(cell: CellKind): number {
  return cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
}

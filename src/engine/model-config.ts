import type { DType } from './tensor';

/** The recurrent cells (one family) and the Transformer (the other): a spec's `model.cell`. */
export type RecurrentCell = 'rnn' | 'lstm' | 'gru';
export type CellKind = RecurrentCell | 'transformer';
export type Activation = 'tanh' | 'relu';
export type Residual = 'none' | 'layers' | 'time' | 'both';
export type LossKind = 'cross-entropy' | 'mse';
export type HeadAt = 'every' | 'last';
export type InitKind = 'default' | 'xavier' | 'orthogonal' | 'identity';

/** tokens: ids in [0, vocabSize), one-hot unless embedding > 0 (then embedding.weight [V, E]). real: I floats per step. */
export type InputConfig = { kind: 'tokens'; vocabSize: number; embedding: number } | { kind: 'real'; size: number };

/** What every model family shares: width, depth, what it reads, what its head predicts. */
interface CommonConfig {
  hiddenSize: number; // H
  layers: number;
  input: InputConfig;
  outputSize: number; // O: classes for cross-entropy, values for mse
  at: HeadAt;
  loss: LossKind;
  dtype: DType;
}

/** Stacked rnn / lstm / gru layers (docs/model.md). */
export interface RecurrentConfig extends CommonConfig {
  cell: RecurrentCell;
  activation: Activation; // rnn only; ignored by lstm/gru
  residual: Residual;
  /**
   * With a time residual ('time' or 'both'): make it leaky, h⟨t⟩ = keep·h⟨t−1⟩ + (1 − keep)·h̃⟨t⟩,
   * keep in (0, 1). Absent: the plain sum h⟨t⟩ = h̃⟨t⟩ + h⟨t−1⟩.
   */
  timeKeep?: number;
}

/**
 * A causal pre-LN Transformer encoder (docs/model.md): token embeddings are always H wide
 * (input.embedding is ignored), `context` learned positions, `heads` dividing H, feed-forward width `ffn`.
 */
export interface TransformerConfig extends CommonConfig {
  cell: 'transformer';
  heads: number;
  ffn: number;
  context: number;
}

/** Everything the engine needs to build a model; derived from a spec + task, or from a weights file. */
export type ModelConfig = RecurrentConfig | TransformerConfig;

/** Gates per cell: G in docs/model.md (rows of weight_ih are G*H). */
export function gatesOf(cell: RecurrentCell): number {
  return cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
}

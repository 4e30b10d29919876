// Spec + task -> the engine's ModelConfig: the one place where task sizes meet model choices.
import type { InputConfig, ModelConfig } from '../engine/model-config';
import type { Spec } from '../spec/types';

export interface TaskShape {
  inputKind: 'tokens' | 'real';
  inputSize: number;
  outputSize: number;
  loss: ModelConfig['loss'];
  at: ModelConfig['at'];
  /** The most steps one batch holds (a Transformer's default context); absent in older vocab.json files. */
  maxSteps?: number;
}

export function modelConfigFor(spec: Spec, task: TaskShape): ModelConfig {
  const m = spec.model;
  const common = {
    hiddenSize: m.hiddenSize,
    layers: m.layers,
    outputSize: task.outputSize,
    at: task.at,
    loss: task.loss,
    dtype: spec.training.dtype,
  };
  if (m.cell === 'transformer') {
    const input: InputConfig =
      task.inputKind === 'tokens' ? { kind: 'tokens', vocabSize: task.inputSize, embedding: m.hiddenSize } : { kind: 'real', size: task.inputSize };
    const context = m.context > 0 ? m.context : (task.maxSteps ?? spec.training.bptt);
    return { ...common, cell: 'transformer', input, heads: m.heads, ffn: m.ffn > 0 ? m.ffn : 4 * m.hiddenSize, context };
  }
  const input: InputConfig =
    task.inputKind === 'tokens' ? { kind: 'tokens', vocabSize: task.inputSize, embedding: m.embedding } : { kind: 'real', size: task.inputSize };
  const timeKeep = m.residual === 'time' || m.residual === 'both' ? m.timeResidual?.keep : undefined;
  return { ...common, cell: m.cell, activation: m.activation, residual: m.residual, input, ...(timeKeep !== undefined ? { timeKeep } : {}) };
}

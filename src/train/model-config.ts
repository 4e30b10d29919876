// Spec + task -> the engine's ModelConfig: the one place where task sizes meet model choices.
import type { ModelConfig } from '../engine/model-config';
import type { Spec } from '../spec/types';

export interface TaskShape {
  inputKind: 'tokens' | 'real';
  inputSize: number;
  outputSize: number;
  loss: ModelConfig['loss'];
  at: ModelConfig['at'];
}

export function modelConfigFor(spec: Spec, task: TaskShape): ModelConfig {
  const m = spec.model;
  return {
    cell: m.cell,
    activation: m.activation,
    hiddenSize: m.hiddenSize,
    layers: m.layers,
    residual: m.residual,
    input:
      task.inputKind === 'tokens'
        ? { kind: 'tokens', vocabSize: task.inputSize, embedding: m.embedding }
        : { kind: 'real', size: task.inputSize },
    outputSize: task.outputSize,
    at: task.at,
    loss: task.loss,
    dtype: spec.training.dtype,
  };
}

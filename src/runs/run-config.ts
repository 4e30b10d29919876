// The flat config digest recorded in run.json, for comparing runs side by side.
import type { Spec } from '../spec/types';

export type ConfigDigest = Record<string, string | number | boolean>;

export function configDigest(spec: Spec): ConfigDigest {
  const { model, training, task } = spec;
  const digest: ConfigDigest = { task: task.kind };
  for (const [key, value] of Object.entries(task)) {
    if (key === 'kind') continue;
    digest[`task.${key}`] = Array.isArray(value) ? value.join(',') : (value as string | number | boolean);
  }
  const clip = training.clip;
  Object.assign(digest, {
    cell: model.cell,
    hiddenSize: model.hiddenSize,
    layers: model.layers,
    activation: model.activation,
    residual: model.residual,
    ...(model.timeResidual ? { timeResidualKeep: model.timeResidual.keep } : {}),
    embedding: model.embedding,
    init: model.init,
    optimizer: training.optimizer,
    learningRate: training.learningRate,
    batchSize: training.batchSize,
    steps: training.steps,
    bptt: training.bptt,
    clip: !clip ? 'none' : 'norm' in clip ? `norm ${clip.norm}` : `value ${clip.value}`,
    seed: training.seed,
    evalEvery: training.evalEvery,
    dtype: training.dtype,
  });
  return digest;
}

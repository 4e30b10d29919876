// Small builders shared by the engine tests: configs, random batches, comparisons.
import type { Batch } from '../../src/engine/batch';
import type { ModelConfig, RecurrentConfig } from '../../src/engine/model-config';
import type { Param } from '../../src/engine/param';
import { Rng } from '../../src/engine/rng';
import type { Arr } from '../../src/engine/tensor';

export function config(over: Partial<RecurrentConfig> = {}): RecurrentConfig {
  return {
    cell: 'lstm',
    activation: 'tanh',
    hiddenSize: 4,
    layers: 2,
    residual: 'none',
    input: { kind: 'tokens', vocabSize: 5, embedding: 0 },
    outputSize: 3,
    at: 'every',
    loss: 'cross-entropy',
    dtype: 'float64',
    ...over,
  };
}

/** A random batch that fits cfg (inputs, targets; lengths if given). */
export function randomBatch(cfg: ModelConfig, B: number, T: number, seed: number, lengths?: number[]): Batch {
  const rng = new Rng(seed);
  const batch: Batch = { B, T };
  if (cfg.input.kind === 'tokens') {
    const V = cfg.input.vocabSize;
    batch.tokens = Int32Array.from({ length: B * T }, () => rng.int(V));
  } else {
    batch.reals = Float64Array.from({ length: B * T * cfg.input.size }, () => rng.uniform(-1, 1));
  }
  const rows = cfg.at === 'every' ? B * T : B;
  if (cfg.loss === 'cross-entropy') batch.targetIds = Int32Array.from({ length: rows }, () => rng.int(cfg.outputSize));
  else batch.targetReals = Float64Array.from({ length: rows * cfg.outputSize }, () => rng.uniform(-1, 1));
  if (lengths) batch.lengths = Int32Array.from(lengths);
  return batch;
}

/** Fills every parameter U(−s, s) from a seeded stream. */
export function fillParams(params: Param[], seed: number, s = 0.6): void {
  const rng = new Rng(seed);
  for (const p of params) for (let i = 0; i < p.data.length; i++) p.data[i] = rng.uniform(-s, s);
}

/** max |a − b| / max(max |b|, tiny) */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>, tiny = 1e-300): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let scale = tiny;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  return worst;
}

export const copy = (a: Arr): Float64Array => Float64Array.from(a);

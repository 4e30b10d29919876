// Builders for the Transformer tests: a small config, and parameters that are not near any special point.
import type { Batch } from '../../src/engine/batch';
import type { ModelConfig, TransformerConfig } from '../../src/engine/model-config';
import type { Param } from '../../src/engine/param';
import { Rng } from '../../src/engine/rng';

export function tconfig(over: Partial<TransformerConfig> = {}): TransformerConfig {
  return {
    cell: 'transformer',
    hiddenSize: 6,
    layers: 2,
    heads: 2,
    ffn: 7,
    context: 8,
    input: { kind: 'tokens', vocabSize: 5, embedding: 6 },
    outputSize: 4,
    at: 'every',
    loss: 'cross-entropy',
    dtype: 'float64',
    ...over,
  };
}

/**
 * Every parameter U(−s, s) from a seeded stream, except the layer norms' weights 1 + U(−0.3, 0.3)
 * (so that no norm squashes its input to ~0), and the embedding and positions U(−1, 1).
 */
export function fillTransformer(params: Param[], seed: number, s = 0.5): void {
  const rng = new Rng(seed);
  for (const p of params) {
    const norm = /norm\d?\.weight$/.test(p.name);
    const wide = p.name === 'embedding.weight' || p.name === 'position.weight';
    for (let i = 0; i < p.data.length; i++) p.data[i] = norm ? 1 + rng.uniform(-0.3, 0.3) : rng.uniform(-(wide ? 1 : s), wide ? 1 : s);
  }
}

/** Row b of a padded batch, cut to its length, as a batch of its own. */
export function rowAlone(cfg: ModelConfig, batch: Batch, b: number): Batch {
  const T = batch.T;
  const len = batch.lengths![b];
  const out: Batch = { B: 1, T: len };
  if (batch.tokens) out.tokens = batch.tokens.slice(b * T, b * T + len);
  if (batch.reals) {
    const I = batch.reals.length / (batch.B * T);
    out.reals = batch.reals.slice(b * T * I, (b * T + len) * I);
  }
  const O = cfg.outputSize;
  if (cfg.at === 'every') {
    if (batch.targetIds) out.targetIds = batch.targetIds.slice(b * T, b * T + len);
    if (batch.targetReals) out.targetReals = batch.targetReals.slice(b * T * O, (b * T + len) * O);
  } else {
    if (batch.targetIds) out.targetIds = batch.targetIds.slice(b, b + 1);
    if (batch.targetReals) out.targetReals = batch.targetReals.slice(b * O, b * O + O);
  }
  return out;
}

/** Junk in every padding position (out-of-range ids, NaN reals and targets): the model must not read it. */
export function poisonPadding(cfg: ModelConfig, batch: Batch): void {
  const { B, T } = batch;
  for (let b = 0; b < B; b++) {
    for (let t = batch.lengths![b]; t < T; t++) {
      if (batch.tokens) batch.tokens[b * T + t] = t % 2 ? 999 : -7;
      if (batch.reals) {
        const I = batch.reals.length / (B * T);
        batch.reals.fill(NaN, (b * T + t) * I, (b * T + t + 1) * I);
      }
      if (cfg.at === 'every' && batch.targetIds) batch.targetIds[b * T + t] = t % 3;
      if (cfg.at === 'every' && batch.targetReals) batch.targetReals.fill(NaN, (b * T + t) * cfg.outputSize, (b * T + t + 1) * cfg.outputSize);
    }
  }
}

// Builders for the Transformer tests: a small config, and parameters that are not near any special point.
import type { TransformerConfig } from '../../src/engine/model-config';
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

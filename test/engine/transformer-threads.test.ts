// The Transformer on helper threads: its products are shared between threads by the wasm kernels,
// and a float32 model trained with a helper gives bit-identical losses, outputs and weights.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createOptimizer } from '../../src/engine/optimizers';
import { TransformerModel } from '../../src/engine/transformer/transformer-model';
import { setThreads, threadStats } from '../../src/engine/wasm/threads';
import { installNodeThreads } from '../../src/node-threads';
import { randomBatch } from './engine-helpers';
import { fillTransformer, tconfig } from './transformer-helpers';

// N = B·T = 544 rows: linear1's 544·64·256 multiply-adds are above the threshold for sharing.
const cfg = tconfig({ hiddenSize: 64, heads: 4, ffn: 256, layers: 2, context: 16, input: { kind: 'tokens', vocabSize: 20, embedding: 64 }, outputSize: 20, dtype: 'float32' });

function run(steps: number): { losses: number[]; outputs: Float32Array; weights: Float32Array[] } {
  const m = new TransformerModel(cfg);
  assert.equal(m.kernels, 'wasm');
  fillTransformer(m.params, 5, 0.2);
  const opt = createOptimizer('adam', 0.01, m.params);
  const losses: number[] = [];
  let outputs = new Float32Array(0);
  for (let s = 0; s < steps; s++) {
    const r = m.step(randomBatch(cfg, 34, 16, s, s === 1 ? Array.from({ length: 34 }, (_, b) => 1 + (b % 16)) : undefined));
    losses.push(r.loss);
    outputs = Float32Array.from(r.outputs);
    opt.step();
  }
  return { losses, outputs, weights: m.params.map((p) => Float32Array.from(p.data)) };
}

test('transformer: a helper thread changes no bit of the results, and takes part', async () => {
  const alone = run(3);
  installNodeThreads(2);
  try {
    let got = run(3);
    let shared = 0;
    // each new model's heap needs the helper to attach (asynchronously): retry until it took part
    for (let tries = 0; tries < 50; tries++) {
      const s0 = threadStats().splits;
      got = run(3);
      shared = threadStats().splits - s0;
      if (shared > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(shared > 0, 'no call was shared');
    assert.deepEqual(got.losses, alone.losses, 'losses');
    assert.deepEqual(Array.from(got.outputs), Array.from(alone.outputs), 'outputs');
    got.weights.forEach((w, j) => assert.deepEqual(Array.from(w), Array.from(alone.weights[j]), `param ${j}`));
  } finally {
    setThreads(null, 0);
  }
});

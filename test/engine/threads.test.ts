// Helper threads (src/engine/wasm/threads.ts via src/node-threads.ts): a float32 model trained with a
// helper gives bit-identical losses, outputs and weights to the same model on one thread, and the
// helper really takes part.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Model } from '../../src/engine/model';
import { createOptimizer } from '../../src/engine/optimizers';
import { setThreads, threadStats } from '../../src/engine/wasm/threads';
import { availableParallelism } from 'node:os';
import { installNodeThreads, MAX_AUTO_THREADS, threadCount } from '../../src/node-threads';
import { config, fillParams, randomBatch } from './engine-helpers';

function run(cell: 'rnn' | 'lstm' | 'gru', B: number, steps: number): { losses: number[]; outputs: Float32Array; weights: Float32Array[] } {
  const cfg = config({ cell, hiddenSize: 64, layers: 2, residual: 'time', input: { kind: 'tokens', vocabSize: 20, embedding: 0 }, outputSize: 20, dtype: 'float32' });
  const m = new Model(cfg);
  assert.equal(m.kernels, 'wasm');
  fillParams(m.params, 5, 0.2);
  const opt = createOptimizer('adam', 0.01, m.params);
  const losses: number[] = [];
  let outputs = new Float32Array(0);
  for (let s = 0; s < steps; s++) {
    const r = m.step(randomBatch(cfg, B, 30, s));
    losses.push(r.loss);
    outputs = Float32Array.from(r.outputs);
    opt.step();
  }
  return { losses, outputs, weights: m.params.map((p) => Float32Array.from(p.data)) };
}

test('a helper thread changes no bit of the results, and takes part', async () => {
  const alone = (['rnn', 'lstm', 'gru'] as const).map((c) => run(c, 32, 3));
  installNodeThreads(2);
  try {
    // the helper attaches asynchronously: let it pick up the first model's heap, then compare
    const before = threadStats().splits;
    for (let tries = 0; tries < 50 && threadStats().splits === before; tries++) {
      run('lstm', 32, 1);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(threadStats().splits > before, 'the helper never took part');
    (['rnn', 'lstm', 'gru'] as const).forEach((c, i) => {
      let shared = 0;
      let got = run(c, 32, 3);
      // each new model's heap needs the helper to attach again: retry until it took part
      for (let tries = 0; tries < 50; tries++) {
        const s0 = threadStats().splits;
        got = run(c, 32, 3);
        shared = threadStats().splits - s0;
        if (shared > 0) break;
      }
      assert.ok(shared > 0, `${c}: no call was shared`);
      assert.deepEqual(got.losses, alone[i].losses, `${c} losses`);
      assert.deepEqual(Array.from(got.outputs), Array.from(alone[i].outputs), `${c} outputs`);
      got.weights.forEach((w, j) => assert.deepEqual(Array.from(w), Array.from(alone[i].weights[j]), `${c} param ${j}`));
    });
  } finally {
    setThreads(null, 0);
  }
});

test('the thread count: a request, then RNN_LAB_THREADS, then one per core up to 4', () => {
  const cores = Math.min(MAX_AUTO_THREADS, availableParallelism());
  assert.equal(threadCount(3, '2'), 3);
  assert.equal(threadCount(undefined, '2'), 2);
  assert.equal(threadCount(0, '2'), 2, '0 asks for the default');
  assert.equal(threadCount(undefined, undefined), cores);
  assert.equal(threadCount(undefined, ''), cores);
  assert.equal(threadCount(undefined, 'lots'), cores);
  assert.equal(threadCount(undefined, '0'), cores);
});

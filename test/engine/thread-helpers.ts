// Shared by the helper-thread tests: run something with a helper thread until the helper took part,
// and train a float32 model a few steps to compare its bits with and without one.
import assert from 'node:assert/strict';
import type { Batch } from '../../src/engine/batch';
import { createOptimizer } from '../../src/engine/optimizers';
import type { SequenceModel } from '../../src/engine/sequence-model';
import { setThreads, threadStats } from '../../src/engine/wasm/threads';
import { installNodeThreads } from '../../src/node/threads';

/**
 * `once()` with one helper thread. The helper attaches to a heap asynchronously, so `once` is repeated
 * (up to 50 times, 20 ms apart) until at least `minShared` calls were shared; returns the last result.
 */
export async function withHelper<T>(once: () => T, minShared = 1): Promise<T> {
  installNodeThreads(2);
  try {
    let shared = 0;
    let got = once();
    for (let tries = 0; tries < 50 && shared < minShared; tries++) {
      const s0 = threadStats().splits;
      got = once();
      shared = threadStats().splits - s0;
      if (shared < minShared) await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(shared >= minShared, minShared === 1 ? 'the helper never took part' : `the helper took part in ${shared} of ${minShared} calls`);
    return got;
  } finally {
    setThreads(null, 0);
  }
}

export interface TrainedBits {
  losses: number[];
  outputs: Float32Array;
  weights: Float32Array[];
}

/** `steps` Adam steps (lr 0.01) of a float32 model on the WebAssembly kernels: the losses, the last outputs, the weights. */
export function trainBits(m: SequenceModel, steps: number, batchAt: (step: number) => Batch): TrainedBits {
  assert.equal(m.kernels, 'wasm');
  const opt = createOptimizer('adam', 0.01, m.params);
  const losses: number[] = [];
  let outputs = new Float32Array(0);
  for (let s = 0; s < steps; s++) {
    const r = m.step(batchAt(s));
    losses.push(r.loss);
    outputs = Float32Array.from(r.outputs);
    opt.step();
  }
  return { losses, outputs, weights: m.params.map((p) => Float32Array.from(p.data)) };
}

export function assertSameBits(got: TrainedBits, want: TrainedBits, label: string): void {
  assert.deepEqual(got.losses, want.losses, `${label} losses`);
  assert.deepEqual(Array.from(got.outputs), Array.from(want.outputs), `${label} outputs`);
  got.weights.forEach((w, j) => assert.deepEqual(Array.from(w), Array.from(want.weights[j]), `${label} param ${j}`));
}

// Helper threads (src/engine/wasm/threads.ts via src/node/threads.ts): a float32 model trained with a
// helper gives bit-identical losses, outputs and weights to the same model on one thread, and the
// helper really takes part.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Model } from '../../src/engine/model';
import { Heap } from '../../src/engine/wasm/heap';
import { WasmKernels } from '../../src/engine/wasm/wasm-kernels';
import { availableParallelism } from 'node:os';
import { MAX_AUTO_THREADS, threadCount } from '../../src/node/threads';
import { config, fillParams, randomBatch } from './engine-helpers';
import { assertSameBits, trainBits, withHelper, type TrainedBits } from './thread-helpers';

function run(cell: 'rnn' | 'lstm' | 'gru', B: number, steps: number): TrainedBits {
  const cfg = config({
    cell,
    hiddenSize: 64,
    layers: 2,
    residual: 'time',
    input: { kind: 'tokens', vocabSize: 20, embedding: 0 },
    outputSize: 20,
    dtype: 'float32',
  });
  const m = new Model(cfg);
  fillParams(m.params, 5, 0.2);
  return trainBits(m, steps, (s) => randomBatch(cfg, B, 30, s));
}

test('a helper thread changes no bit of the results, and takes part', async () => {
  // batch 34: however threads share it in pairs of rows, one part ends in a 2-row strip
  for (const c of ['rnn', 'lstm', 'gru'] as const) {
    const alone = run(c, 34, 3);
    // each new model's heap needs the helper to attach again: withHelper retries until it took part
    assertSameBits(await withHelper(() => run(c, 34, 3)), alone, c);
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

test('cross-entropy shared by rows between threads gives the same loss, count and gradient bits', async () => {
  const heap = Heap.create()!;
  const k = WasmKernels.of(heap);
  const N = 2000,
    O = 65; // 64·N·O multiply-adds' worth: above the threshold for sharing
  const logits = heap.f32(N * O)!;
  const targets = heap.i32(N)!;
  const use = heap.u8(N)!;
  for (let i = 0; i < N * O; i++) logits[i] = 4 * Math.sin(i * 0.37) + Math.cos(i * 0.011);
  for (let n = 0; n < N; n++) {
    targets[n] = n % 11 === 0 ? -1 : (n * 7) % O; // some rows carry no target
    use[n] = n % 13 === 0 ? 0 : 1; // and some are padding
  }
  const once = () => {
    const d = heap.f32(N * O)!;
    d.fill(Number.NaN); // every value must be written
    const r = k.crossEntropy(logits, targets, use, N, O, d);
    return { r, d: Array.from(d) };
  };
  const alone = once();
  assert.ok(alone.r.scored > 0 && alone.r.scored < N);
  assert.ok(alone.d.every(Number.isFinite));
  const got = await withHelper(once);
  assert.deepEqual(got.r, alone.r);
  assert.deepEqual(got.d, alone.d);
});

test("the head's logits shared by rows, and a weight gradient with its bias and one-hot sums by columns: same bits", async () => {
  const heap = Heap.create()!;
  const k = WasmKernels.of(heap);
  const N = 1600,
    H = 128,
    O = 65,
    G = 4 * H; // as a char LM's head (N ≫ O) and an LSTM's W_hh
  const fill = (n: number, f: number) => {
    const a = heap.f32(n)!;
    for (let i = 0; i < n; i++) a[i] = Math.sin(i * f) + 0.3 * Math.cos(i * 0.013);
    return a;
  };
  const y = fill(N * H, 0.37),
    w = fill(O * H, 0.21),
    da = fill(N * G, 0.29);
  const tok = heap.i32(N)!;
  for (let n = 0; n < N; n++) tok[n] = n % 9 === 0 ? -1 : (n * 7) % O;
  const once = () => {
    const logits = heap.f32(N * O)!,
      dW = heap.f32(G * H)!,
      b1 = heap.f32(G)!,
      b2 = heap.f32(G)!,
      wih = heap.f32(G * O)!;
    k.matmulBt(logits, 0, y, 0, w, 0, N, H, O, false);
    k.matmulAt(dW, 0, da, 0, y, 0, G, N, H, true, { dst: b1, dst2: b2, oneHot: { G: wih, tok, V: O } });
    return [logits, dW, b1, b2, wih].map((a) => Array.from(a));
  };
  const alone = once();
  const got = await withHelper(once);
  got.forEach((a, i) => assert.deepEqual(a, alone[i], `output ${i}`));
});

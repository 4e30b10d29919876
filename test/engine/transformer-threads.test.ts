// The Transformer on helper threads: its products, GELU and LayerNorm are shared between threads by
// the wasm kernels, and a float32 model trained with a helper gives bit-identical losses, outputs and
// weights.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsKernels } from '../../src/engine/kernels';
import { Heap } from '../../src/engine/wasm/heap';
import { WasmKernels } from '../../src/engine/wasm/wasm-kernels';
import { TransformerModel } from '../../src/engine/transformer/transformer-model';
import { randomBatch } from './engine-helpers';
import { assertSameBits, trainBits, withHelper, type TrainedBits } from './thread-helpers';
import { fillTransformer, tconfig } from './transformer-helpers';

// N = B·T = 544 rows: linear1's 544·64·256 multiply-adds are above the threshold for sharing.
const cfg = tconfig({
  hiddenSize: 64,
  heads: 4,
  ffn: 256,
  layers: 2,
  context: 16,
  input: { kind: 'tokens', vocabSize: 20, embedding: 64 },
  outputSize: 20,
  dtype: 'float32',
});

function run(steps: number): TrainedBits {
  const m = new TransformerModel(cfg);
  fillTransformer(m.params, 5, 0.2);
  return trainBits(m, steps, (s) => randomBatch(cfg, 34, 16, s, s === 1 ? Array.from({ length: 34 }, (_, b) => 1 + (b % 16)) : undefined));
}

test('transformer: a helper thread changes no bit of the results, and takes part', async () => {
  const alone = run(3);
  // each new model's heap needs the helper to attach (asynchronously): withHelper retries until it took part
  assertSameBits(await withHelper(() => run(3)), alone, 'transformer');
});

test('transformer kernels shared with a helper: GELU by elements and LayerNorm by rows give the same bits, and the right values', async () => {
  const heap = Heap.create()!;
  const k = WasmKernels.of(heap);
  const N = 4096,
    H = 80; // 16·N·H and 32·N·H: above the threshold for sharing
  const fill = (n: number, f: number, c = 0) => {
    const a = heap.f32(n)!;
    for (let i = 0; i < n; i++) a[i] = c + 2 * Math.sin(i * f) + 0.3 * Math.cos(i * 0.013);
    return a;
  };
  const x = fill(N * H, 0.37),
    w = fill(H, 0.21, 1),
    b = fill(H, 0.11);
  const once = () => {
    const y = heap.f32(N * H)!,
      xh = heap.f32(N * H)!,
      r = heap.f32(N)!,
      g = heap.f32(N * H)!,
      dg = heap.f32(N * H)!;
    k.layerNorm(N, H, x, w, b, y, xh, r);
    k.gelu(N * H, x, g, dg);
    return [y, xh, r, g, dg].map((a) => Array.from(a));
  };
  const alone = once();
  const got = await withHelper(once);
  got.forEach((a, i) => assert.deepEqual(a, alone[i], `output ${i}`));
  // and they are LayerNorm and GELU (against the float64 references)
  const y64 = new Float64Array(N * H),
    xh64 = new Float64Array(N * H),
    r64 = new Float64Array(N),
    g64 = new Float64Array(N * H),
    dg64 = new Float64Array(N * H);
  jsKernels.layerNorm(N, H, Float64Array.from(x), Float64Array.from(w), Float64Array.from(b), y64, xh64, r64);
  jsKernels.gelu(N * H, Float64Array.from(x), g64, dg64);
  const worst = (a: number[], want: Float64Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - want[i])), 0);
  assert.ok(worst(alone[0], y64) < 1e-5, `layer norm: ${worst(alone[0], y64)}`);
  assert.ok(worst(alone[2], r64) < 1e-5 * Math.max(...r64), `rstd: ${worst(alone[2], r64)}`);
  assert.ok(worst(alone[3], g64) < 1e-5, `gelu: ${worst(alone[3], g64)}`);
  assert.ok(worst(alone[4], dg64) < 1e-5, `gelu': ${worst(alone[4], dg64)}`);
});

test('attention and the packed Linear product shared with a helper: (row, head) pairs and 8-column panels give the same bits', async () => {
  const heap = Heap.create()!;
  const k = WasmKernels.of(heap);
  // B·heads·T²·D = 6·4·96²·20 ≈ 4.4M multiply-adds: above the threshold for sharing (PAR_MIN = 4.2M)
  const B = 6,
    T = 96,
    heads = 4,
    D = 20,
    H = heads * D,
    N = B * T,
    F = 136;
  const d = { B, T, heads, D };
  const fill = (n: number, f: number, c = 0) => {
    const a = heap.f32(n)!;
    for (let i = 0; i < n; i++) a[i] = c + Math.sin(i * f) + 0.3 * Math.cos(i * 0.013);
    return a;
  };
  const lengths = heap.i32(B)!;
  lengths.set([96, 50, 96, 1, 77, 96]);
  const qkv = fill(N * 3 * H, 0.37),
    dctx = fill(N * H, 0.19),
    x = fill(N * H, 0.23),
    w = fill(F * H, 0.29);
  const once = () => {
    const p = heap.f32(B * heads * T * T)!,
      ctx = heap.f32(N * H)!,
      dqkv = heap.f32(N * 3 * H)!,
      y = heap.f32(N * F)!;
    k.attention(d, lengths, qkv, p, ctx);
    k.attentionBackward(d, lengths, qkv, p, dctx, dqkv);
    k.matmulBt(y, 0, x, 0, w, 0, N, H, F, false); // gemm_wp: F = 17 panels of 8
    const out = [p, ctx, dqkv, y].map((a) => Array.from(a));
    for (const a of [p, ctx, dqkv, y]) heap.releaseArray(a);
    return out;
  };
  const alone = once();
  const got = await withHelper(once, 3);
  got.forEach((a, i) => assert.deepEqual(a, alone[i], `output ${i}`));
  // and the product is right (against the JS reference in float64)
  const y64 = new Float64Array(N * F);
  jsKernels.matmulBt(y64, 0, Float64Array.from(x), 0, Float64Array.from(w), 0, N, H, F, false);
  const worst = alone[3].reduce((m, v, i) => Math.max(m, Math.abs(v - y64[i])), 0);
  assert.ok(worst < 1e-4, `matmulBt: ${worst}`);
});

// The WebAssembly SIMD kernels against the JS reference kernels (src/engine/kernels.ts), kernel by
// kernel on shapes that exercise every tile and tail; then whole float32 models on the wasm heap
// against float64 models, padding invariance on the wasm path, and the heap's allocator.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { Backend, jsKernels, type Arena, type Kernels } from '../../src/engine/kernels';
import { Model } from '../../src/engine/model';
import type { RecurrentConfig as ModelConfig } from '../../src/engine/model-config';
import { Rng } from '../../src/engine/rng';
import type { Arr } from '../../src/engine/tensor';
import { Heap, heapOf, setKernelPreference } from '../../src/engine/wasm/heap';
import { config, fillParams, randomBatch, relErr } from './engine-helpers';

const backend = Backend.create('float32');
const wasm = backend.heap !== null;

test('float32 models get the wasm kernels here (Node has WebAssembly SIMD)', () => {
  assert.equal(backend.k.kind, 'wasm');
  const m = new Model(config({ dtype: 'float32' }));
  assert.equal(m.kernels, 'wasm');
  assert.ok(heapOf(m.params[0].data));
  assert.equal(new Model(config({ dtype: 'float64' })).kernels, 'js');
  setKernelPreference('js');
  try {
    assert.equal(new Model(config({ dtype: 'float32' })).kernels, 'js');
  } finally {
    setKernelPreference('auto');
  }
});

/** Random data in a heap array and the same values in a plain Float32Array. */
function pair(arena: Arena, rng: Rng, n: number, s = 1): [Arr, Float32Array] {
  const h = arena.f(n);
  for (let i = 0; i < n; i++) h[i] = rng.uniform(-s, s);
  return [h, Float32Array.from(h)];
}

function close(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): void {
  const e = relErr(got, want);
  assert.ok(e <= tol, `${what}: relative error ${e} > ${tol}`);
}

const k = backend.k;
const rng = new Rng(7);

test('matmul, matmulBt, matmulAt: wasm = js on every tile and tail', { skip: !wasm }, () => {
  const arena = backend.arena();
  const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 13, 31, 32, 33, 65];
  let cases = 0;
  for (const M of [1, 2, 3, 4, 5, 6, 7, 9, 32, 33, 34]) {
    for (const K of [1, 3, 4, 5, 8, 17, 64, 300]) {
      for (const N of sizes) {
        for (const acc of [false, true]) {
          const off = 3;
          const [A, a] = pair(arena, rng, off + M * K);
          const [Bm, b] = pair(arena, rng, off + K * N);
          const [Bt, bt] = pair(arena, rng, off + N * K);
          const [At, at] = pair(arena, rng, off + K * M);
          for (const [name, run] of [
            ['A·B', (kk: Kernels, C: Arr, x: Arr[]) => kk.matmul(C, off, x[0], off, x[1], off, M, K, N, acc)],
            ['A·Bᵀ', (kk: Kernels, C: Arr, x: Arr[]) => kk.matmulBt(C, off, x[0], off, x[2], off, M, K, N, acc)],
            ['Aᵀ·B', (kk: Kernels, C: Arr, x: Arr[]) => kk.matmulAt(C, off, x[3], off, x[1], off, M, K, N, acc)],
          ] as const) {
            const [C, c] = pair(arena, rng, off + M * N + 5);
            run(k, C, [A, Bm, Bt, At]);
            run(jsKernels, c, [a, b, bt, at]);
            close(C, c, 2e-6, `${name} M=${M} K=${K} N=${N} acc=${acc}`);
            cases++;
          }
        }
      }
    }
    arena.release();
  }
  assert.ok(cases > 2000);
});

test('packed weights: matmulPacked(A, packW(W)) = A·Wᵀ, wasm and js', { skip: !wasm }, () => {
  const arena = backend.arena();
  for (const M of [1, 3, 4, 6, 9, 32]) {
    for (const K of [1, 5, 8, 64, 300]) {
      for (const N of [8, 16, 24, 40, 512]) {
        const [A, a] = pair(arena, rng, 2 + M * K);
        const [W, w] = pair(arena, rng, N * K);
        const [C, c] = pair(arena, rng, 1 + M * N);
        const Cj = Float32Array.from(C);
        for (const kk of [k, jsKernels]) {
          const Wp = arena.f(kk.packedSize(N, K));
          kk.packW(Wp, kk === k ? W : w, N, K);
          kk.matmulPacked(kk === k ? C : Cj, 1, kk === k ? A : a, 2, Wp, M, K, N, true);
        }
        jsKernels.matmulBt(c, 1, a, 2, w, 0, M, K, N, true);
        close(C, c, 2e-6, `packed M=${M} K=${K} N=${N}`);
        close(Cj, c, 2e-6, `packed (js) M=${M} K=${K} N=${N}`);
      }
    }
    arena.release();
  }
});

test('a row gets the same bits however threads cut the rows: in a 2- or 4-row strip, or alone', { skip: !wasm }, () => {
  const arena = backend.arena();
  const rng = new Rng(11); // its own stream: the tests after it keep their data
  const K = 300,
    N = 520; // two k-blocks; 520 columns = 32 pairs of panels and one more
  // an even batch is cut in pairs of rows; an odd one in fours, and its last row may end up alone
  for (const [M, cuts] of [
    [34, [2, 6, 18, 30]],
    [33, [4, 8, 32]],
  ] as const) {
    const [A] = pair(arena, rng, M * K);
    const [Bm] = pair(arena, rng, K * N);
    const [W] = pair(arena, rng, N * K);
    const Wp = arena.f(k.packedSize(N, K));
    k.packW(Wp, W, N, K);
    for (const [name, run] of [
      ['A·B', (C: Arr, i0: number, m: number) => k.matmul(C, i0 * N, A, i0 * K, Bm, 0, m, K, N, false)],
      ['A·Wᵀ packed', (C: Arr, i0: number, m: number) => k.matmulPacked(C, i0 * N, A, i0 * K, Wp, m, K, N, false)],
    ] as const) {
      const whole = arena.f(M * N);
      run(whole, 0, M);
      for (const cut of cuts) {
        const parts = arena.f(M * N);
        run(parts, 0, cut);
        run(parts, cut, M - cut);
        assert.deepEqual(Array.from(parts), Array.from(whole), `${name}: ${M} rows cut at ${cut}`);
      }
    }
    // and by columns, in multiples of 8, as threads share A·B and A·Wᵀ (the exports, with ldc = N)
    const x = backend.heap!.k;
    const pack = arena.f((x.PACK_BYTES.value as number) / 4).byteOffset;
    const at = (v: Arr) => v.byteOffset;
    for (const [name, run] of [
      ['A·B', (C: Arr, j0: number, n: number) => x.gemm_nn(at(C) + 4 * j0, N, at(A), K, 1, at(Bm) + 4 * j0, N, M, K, n, 0, pack, 0, 0, 0, 0)],
      ['A·Wᵀ packed', (C: Arr, j0: number, n: number) => x.gemm_np(at(C) + 4 * j0, N, at(A), K, at(Wp) + 4 * j0 * K, M, K, n, 0, pack)],
    ] as const) {
      const whole = arena.f(M * N);
      run(whole, 0, N);
      for (const cut of [8, 264, 512]) {
        const parts = arena.f(M * N);
        run(parts, 0, cut);
        run(parts, cut, N - cut);
        assert.deepEqual(Array.from(parts), Array.from(whole), `${name}: ${M} rows, columns cut at ${cut}`);
      }
    }
  }
  arena.release();
});

test('large products (packed blocks of Aᵀ, several k- and m-blocks): wasm = js', { skip: !wasm }, () => {
  const arena = backend.arena();
  for (const [M, K, N] of [
    [300, 600, 20],
    [258, 257, 9],
    [1024, 70, 16],
  ]) {
    const [A, a] = pair(arena, rng, K * M);
    const [Bm, b] = pair(arena, rng, K * N);
    const [C, c] = pair(arena, rng, M * N);
    k.matmulAt(C, 0, A, 0, Bm, 0, M, K, N, true);
    jsKernels.matmulAt(c, 0, a, 0, b, 0, M, K, N, true);
    close(C, c, 2e-6, `Aᵀ·B M=${M} K=${K} N=${N}`);
  }
  arena.release();
});

test("matmulAt with column sums: the bias sums and one-hot scatter in the product's pass = js", { skip: !wasm }, () => {
  const arena = backend.arena();
  const rng = new Rng(12); // its own stream: the tests after it keep their data
  // M past a 128-row pack and not a multiple of 4, K past a 256 k-block, N below one 8-column tile
  for (const [M, K, N, V] of [
    [136, 300, 9, 5],
    [65, 40, 16, 7],
    [7, 5, 3, 3],
    [4, 1, 8, 2],
    [1024, 33, 8, 65],
  ]) {
    const tok = arena.i32(K);
    for (let n = 0; n < K; n++) tok[n] = n % 7 === 6 ? -1 : rng.int(V);
    const [A, a] = pair(arena, rng, K * M);
    const [Bm, b] = pair(arena, rng, K * N);
    for (const [two, hot] of [
      [false, false],
      [true, false],
      [true, true],
      [false, true],
    ]) {
      const what = `M=${M} K=${K} N=${N}${two ? ', two sums' : ''}${hot ? ', one-hot' : ''}`;
      const [C, c] = pair(arena, rng, M * N);
      const [S1, s1] = pair(arena, rng, M);
      const [S2, s2] = pair(arena, rng, M);
      const [G, g] = pair(arena, rng, M * V);
      k.matmulAt(C, 0, A, 0, Bm, 0, M, K, N, true, { dst: S1, dst2: two ? S2 : null, oneHot: hot ? { G, tok, V } : null });
      jsKernels.matmulAt(c, 0, a, 0, b, 0, M, K, N, true, { dst: s1, dst2: two ? s2 : null, oneHot: hot ? { G: g, tok, V } : null });
      close(C, c, 2e-6, `Aᵀ·B ${what}`);
      close(S1, s1, 0, `sums ${what}`); // the same additions in the same order
      close(S2, s2, 0, `second sums ${what}`);
      close(G, g, 1e-6, `one-hot scatter ${what}`);
      if (!hot) assert.deepEqual(Array.from(G), Array.from(g), `G untouched ${what}`);
    }
  }
  arena.release();
});

test('fillRows, add, one-hot projection and its gradient: wasm = js', { skip: !wasm }, () => {
  const arena = backend.arena();
  for (const [M, N] of [
    [1, 1],
    [3, 5],
    [7, 64],
    [50, 33],
  ]) {
    const [b1, c1] = pair(arena, rng, N);
    const [b2, c2] = pair(arena, rng, N);
    const [C, c] = pair(arena, rng, 2 + M * N);
    k.fillRows(C, 2, M, N, b1, b2);
    jsKernels.fillRows(c, 2, M, N, c1, c2);
    close(C, c, 0, `fillRows ${M}x${N}`);
    k.fillRows(C, 2, M, N, b1, null);
    jsKernels.fillRows(c, 2, M, N, c1, null);
    close(C, c, 0, `fillRows ${M}x${N} one bias`);
    const [X, x] = pair(arena, rng, M * N + 1);
    k.add(C, 1, C, 1, X, 1, M * N);
    jsKernels.add(c, 1, c, 1, x, 1, M * N);
    close(C, c, 0, `add ${M * N}`);
  }
  for (const [N, R, V] of [
    [1, 4, 3],
    [50, 256, 65],
    [7, 13, 5],
    [300, 12, 7],
  ]) {
    const tok = arena.i32(N);
    for (let n = 0; n < N; n++) tok[n] = n % 5 === 4 ? -1 : rng.int(V);
    const [W, w] = pair(arena, rng, R * V);
    const [A, a] = pair(arena, rng, N * R);
    const [B1, b1] = pair(arena, rng, R);
    const [B2, b2] = pair(arena, rng, R);
    k.oneHotProject(A, tok, N, W, R, V, B1, null);
    jsKernels.oneHotProject(a, tok, N, w, R, V, b1, null);
    close(A, a, 0, `oneHotProject ${N} ${R} ${V} one bias`);
    k.oneHotProject(A, tok, N, W, R, V, B1, B2);
    jsKernels.oneHotProject(a, tok, N, w, R, V, b1, b2);
    close(A, a, 0, `oneHotProject ${N} ${R} ${V}`);
    const [G, g] = pair(arena, rng, R * V);
    k.oneHotGrad(G, tok, N, A, R, V, B1, B2);
    jsKernels.oneHotGrad(g, tok, N, a, R, V, b1, b2);
    close(G, g, 1e-6, `oneHotGrad ${N} ${R} ${V}`);
    close(B1, b1, 0, `oneHotGrad ${N} ${R} ${V} bias`);
    close(B2, b2, 0, `oneHotGrad ${N} ${R} ${V} second bias`);
    k.oneHotGrad(G, tok, N, A, R, V, B1, null);
    jsKernels.oneHotGrad(g, tok, N, a, R, V, b1, null);
    close(B1, b1, 0, `oneHotGrad ${N} ${R} ${V} one bias`);
  }
  arena.release();
});

test('time-major rows to batch-first: wasm = js, into the heap and into a plain array', { skip: !wasm }, () => {
  const arena = backend.arena();
  for (const [T, B, W] of [
    [1, 1, 3],
    [5, 3, 65],
    [50, 32, 7],
  ]) {
    const [S, s] = pair(arena, rng, T * B * W);
    const [D, d] = pair(arena, rng, T * B * W);
    k.timeToBatch(D, S, T, B, W);
    jsKernels.timeToBatch(d, s, T, B, W);
    close(D, d, 0, `timeToBatch ${T}x${B}x${W}`);
    const plain = new Float32Array(T * B * W);
    k.timeToBatch(plain, S, T, B, W);
    close(plain, d, 0, `timeToBatch ${T}x${B}x${W} to a plain array`);
    assert.deepEqual(Array.from(d.subarray((B - 1) * T * W + (T - 1) * W, B * T * W)), Array.from(s.subarray(T * B * W - W)), 'the last row');
  }
  arena.release();
});

test('cells forward and backward: wasm = js (vector lanes and tails)', { skip: !wasm }, () => {
  const arena = backend.arena();
  for (const B of [1, 3]) {
    for (const H of [1, 4, 5, 8, 11]) {
      const BH = B * H;
      // rnn
      for (const relu of [false, true]) {
        const [A, a] = pair(arena, rng, 1 + BH, 3);
        const [Hh, h] = pair(arena, rng, 1 + BH);
        k.rnnForward(BH, relu, A, 1, Hh, 1);
        jsKernels.rnnForward(BH, relu, a, 1, h, 1);
        close(A, a, 3e-6, `rnn fwd ${B}x${H}`);
        close(Hh, h, 3e-6, `rnn h ${B}x${H}`);
        const [Dh, dh] = pair(arena, rng, BH);
        const [Da, da] = pair(arena, rng, 1 + BH);
        k.rnnBackward(BH, relu, A, 1, Dh, 0, Da, 1);
        jsKernels.rnnBackward(BH, relu, a, 1, dh, 0, da, 1);
        close(Da, da, 3e-6, `rnn bwd ${B}x${H}`);
      }
      // lstm
      {
        const [A, a] = pair(arena, rng, 2 + 4 * BH, 6);
        const [Cp, cp] = pair(arena, rng, 1 + BH, 2);
        const [C, c] = pair(arena, rng, 1 + BH);
        const [Tc, tc] = pair(arena, rng, BH);
        const [Hh, h] = pair(arena, rng, 2 + BH);
        k.lstmForward(B, H, A, 2, Cp, 1, C, 1, Tc, 0, Hh, 2);
        jsKernels.lstmForward(B, H, a, 2, cp, 1, c, 1, tc, 0, h, 2);
        for (const [x, y, n] of [
          [A, a, 'gates'],
          [C, c, 'c'],
          [Tc, tc, 'tanh c'],
          [Hh, h, 'h'],
        ] as const)
          close(x, y, 3e-6, `lstm fwd ${n} ${B}x${H}`);
        const [Dh, dh] = pair(arena, rng, BH);
        const [Dc, dc] = pair(arena, rng, BH);
        const [Da, da] = pair(arena, rng, 4 * BH);
        const [Dcp, dcp] = pair(arena, rng, BH);
        k.lstmBackward(B, H, A, 2, Cp, 1, Tc, 0, Dh, Dc, Da, 0, Dcp);
        jsKernels.lstmBackward(B, H, a, 2, cp, 1, tc, 0, dh, dc, da, 0, dcp);
        close(Da, da, 3e-6, `lstm bwd da ${B}x${H}`);
        close(Dcp, dcp, 3e-6, `lstm bwd dc ${B}x${H}`);
      }
      // gru
      {
        const [A, a] = pair(arena, rng, 3 * BH, 3);
        const [Gh, gh] = pair(arena, rng, 1 + 3 * BH, 3);
        const [Hp, hp] = pair(arena, rng, BH);
        const [Hh, h] = pair(arena, rng, BH);
        k.gruForward(B, H, A, 0, Gh, 1, Hp, 0, Hh, 0);
        jsKernels.gruForward(B, H, a, 0, gh, 1, hp, 0, h, 0);
        close(A, a, 3e-6, `gru fwd gates ${B}x${H}`);
        close(Hh, h, 3e-6, `gru fwd h ${B}x${H}`);
        const [Dh, dh] = pair(arena, rng, BH);
        const [Da, da] = pair(arena, rng, 3 * BH);
        const [Dg, dg] = pair(arena, rng, 3 * BH);
        const [Dp, dp] = pair(arena, rng, BH);
        k.gruBackward(B, H, A, 0, Gh, 1, Hp, 0, Dh, Da, 0, Dg, 0, Dp);
        jsKernels.gruBackward(B, H, a, 0, gh, 1, hp, 0, dh, da, 0, dg, 0, dp);
        close(Da, da, 3e-6, `gru bwd da ${B}x${H}`);
        close(Dg, dg, 3e-6, `gru bwd dgh ${B}x${H}`);
        close(Dp, dp, 3e-6, `gru bwd dhPrev ${B}x${H}`);
      }
    }
  }
  arena.release();
});

test('activations hold their accuracy over the whole range (tanh, sigmoid near 0 and saturated)', { skip: !wasm }, () => {
  const arena = backend.arena();
  const xs = [0, 1e-30, -1e-8, 1e-4, 0.3, -0.6249, 0.625, 0.7, -1, 2.5, 9, -9, 20, -44, 50, 87, -87, 88.5, -89, 100, -1000];
  const n = xs.length;
  const A = arena.f(n);
  const Hh = arena.f(n);
  A.set(xs);
  k.rnnForward(n, false, A, 0, Hh, 0);
  xs.forEach((x, i) => assert.ok(Math.abs(A[i] - Math.tanh(x)) <= 4e-7 * Math.max(1e-30, Math.abs(Math.tanh(x))) + 1e-45, `tanh(${x}) = ${A[i]}`));
  // sigmoid through the LSTM input gate (B = 1, H = n)
  const a = arena.f(4 * n);
  a.set(xs, 0);
  const z = arena.f(n);
  k.lstmForward(1, n, a, 0, z, 0, arena.f(n), 0, arena.f(n), 0, arena.f(n), 0);
  xs.forEach((x, i) => {
    const s = 1 / (1 + Math.exp(-x));
    assert.ok(Math.abs(a[i] - s) <= 3e-7 * s + 1e-38, `sigmoid(${x}) = ${a[i]}, want ${s}`);
  });
  // and on a dense grid: a few ulp at most
  const m = 40001;
  const grid = arena.f(m);
  for (let i = 0; i < m; i++) grid[i] = -10 + (20 * i) / (m - 1);
  const want = Array.from(grid, (x) => Math.tanh(x));
  k.rnnForward(m, false, grid, 0, arena.f(m), 0);
  let worst = 0;
  for (let i = 0; i < m; i++) worst = Math.max(worst, Math.abs(grid[i] - want[i]) / Math.max(1e-30, Math.abs(want[i])));
  assert.ok(worst < 4e-7, `tanh: worst relative error ${worst}`);
  arena.release();
});

test('cross-entropy and mse: wasm = js (masks, ignored targets, ties, tails)', { skip: !wasm }, () => {
  const arena = backend.arena();
  for (const [N, O] of [
    [1, 1],
    [5, 3],
    [50, 65],
    [17, 8],
  ]) {
    const [L, l] = pair(arena, rng, N * O, 5);
    L[O - 1] = L[0] = 7; // a tie for the first row's argmax
    l[O - 1] = l[0] = 7;
    const tg = arena.i32(N);
    for (let n = 0; n < N; n++) tg[n] = n % 4 === 3 ? -1 : rng.int(O);
    const use = arena.u8(N);
    for (let n = 0; n < N; n++) use[n] = n % 3 === 1 ? 0 : 1;
    for (const u of [null, use]) {
      const [D, d] = pair(arena, rng, N * O);
      const w = k.crossEntropy(L, tg, u, N, O, D);
      const j = jsKernels.crossEntropy(l, tg, u, N, O, d);
      assert.equal(w.scored, j.scored);
      assert.equal(w.correct, j.correct);
      assert.ok(Math.abs(w.loss - j.loss) <= 1e-6 * Math.abs(j.loss), `ce ${w.loss} vs ${j.loss}`);
      close(D, d, 1e-6, `ce grad ${N}x${O}`);
      const [T, t] = pair(arena, rng, N * O);
      const m = k.meanSquaredError(L, T, u, N, O, D);
      const mj = jsKernels.meanSquaredError(l, t, u, N, O, d);
      assert.equal(m.scored, mj.scored);
      assert.ok(Math.abs(m.loss - mj.loss) <= 1e-12 * mj.loss, `mse ${m.loss} vs ${mj.loss}`);
      close(D, d, 0, `mse grad ${N}x${O}`);
    }
    tg[0] = O;
    assert.throws(() => k.crossEntropy(L, tg, null, N, O, null), /target class .* out of range/);
  }
  arena.release();
});

// Whole models: float32 on the wasm heap against float64 (JS), over cells, residuals, heads,
// losses, inputs and padding, with sizes that are not multiples of the vector width.
const modelCases: Partial<ModelConfig>[] = [];
for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  modelCases.push(
    { cell, hiddenSize: 13, layers: 1, input: { kind: 'tokens', vocabSize: 11, embedding: 0 }, outputSize: 11 },
    { cell, hiddenSize: 8, layers: 2, residual: 'both', input: { kind: 'tokens', vocabSize: 7, embedding: 5 }, outputSize: 7 },
    { cell, hiddenSize: 6, layers: 2, residual: 'layers', input: { kind: 'real', size: 3 }, outputSize: 2, at: 'last', loss: 'mse' },
    { cell, hiddenSize: 9, layers: 1, residual: 'time', input: { kind: 'real', size: 4 }, outputSize: 5, at: 'last' },
    // the leaky time residual (the per-step loop, not the kernels' sequence loops)
    { cell, hiddenSize: 9, layers: 2, residual: 'both', timeKeep: 0.8, input: { kind: 'tokens', vocabSize: 6, embedding: 0 }, outputSize: 6 },
    { cell, hiddenSize: 16, layers: 1, residual: 'time', timeKeep: 0.9, input: { kind: 'real', size: 2 }, outputSize: 1, at: 'last', loss: 'mse' },
  );
}
modelCases.push({ cell: 'rnn', activation: 'relu', hiddenSize: 12, layers: 2, input: { kind: 'real', size: 2 }, outputSize: 3, loss: 'mse' });

for (const over of modelCases) {
  const name = `${over.cell}${over.activation === 'relu' ? '-relu' : ''} H=${over.hiddenSize} L=${over.layers} ${over.residual ?? 'none'}${over.timeKeep !== undefined ? ` keep ${over.timeKeep}` : ''} ${over.input!.kind} ${over.at ?? 'every'} ${over.loss ?? 'cross-entropy'}`;
  test(`model on the wasm heap ≈ float64: ${name}`, { skip: !wasm }, () => {
    const c64 = config({ ...over, dtype: 'float64' });
    const m64 = new Model(c64);
    const m32 = new Model({ ...c64, dtype: 'float32' });
    assert.equal(m32.kernels, 'wasm');
    fillParams(m64.params, 3, 0.5);
    m32.params.forEach((p, i) => p.data.set(m64.params[i].data));
    for (const [B, T, lengths] of [
      [1, 7, undefined],
      [5, 6, [6, 2, 5, 1, 6]],
      [4, 9, undefined],
    ] as const) {
      const batch = randomBatch(c64, B, T, B + T, lengths ? [...lengths] : undefined);
      const init = m64.zeroState(B);
      init.h.forEach((h) => h.forEach((_, i) => (h[i] = Math.sin(i + 1) / 2)));
      if (init.c) init.c.forEach((c) => c.forEach((_, i) => (c[i] = Math.cos(i) / 2)));
      const a = m64.step(batch, { initialState: init });
      const b = m32.step(batch, { initialState: { h: init.h.map((h) => Float32Array.from(h)), c: init.c?.map((c) => Float32Array.from(c)) } });
      assert.ok(Math.abs(a.loss - b.loss) <= 1e-5 * Math.max(1, Math.abs(a.loss)), `${name} B=${B}: loss ${b.loss} vs ${a.loss}`);
      assert.equal(b.scored, a.scored);
      close(b.outputs, a.outputs, 1e-5, `${name} B=${B} outputs`);
      b.finalState.h.forEach((h, i) => close(h, a.finalState.h[i], 1e-5, `${name} B=${B} final h`));
      m64.params.forEach((p, i) => close(m32.params[i].grad, p.grad, 1e-4, `${name} B=${B} ${p.name}`));
    }
  });
}

test('padding invariance on the wasm path: a padded batch = each row alone', { skip: !wasm }, () => {
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    const cfg = config({ cell, hiddenSize: 6, layers: 2, residual: 'time', dtype: 'float32' });
    const m = new Model(cfg);
    fillParams(m.params, 4);
    const lengths = [5, 2, 4];
    const batch = randomBatch(cfg, 3, 5, 9, lengths);
    const all = m.step(batch);
    const gAll = m.params.map((p) => Float64Array.from(p.grad));
    const sum = m.params.map((p) => new Float64Array(p.data.length));
    let loss = 0;
    lengths.forEach((len, b) => {
      const row = randomBatch(cfg, 1, len, 0);
      row.tokens = batch.tokens!.slice(b * 5, b * 5 + len);
      row.targetIds = batch.targetIds!.slice(b * 5, b * 5 + len);
      const r = m.step(row);
      loss += r.loss * r.scored;
      m.params.forEach((p, i) => p.grad.forEach((g, j) => (sum[i][j] += g * r.scored)));
      all.finalState.h.forEach((h, k) => close(h.subarray(b * 6, b * 6 + 6), r.finalState.h[k], 1e-6, `${cell} final h row ${b}`));
    });
    assert.ok(Math.abs(loss / all.scored - all.loss) < 1e-6 * all.loss, cell);
    gAll.forEach((g, i) =>
      close(
        g,
        sum[i].map((x) => x / all.scored),
        1e-5,
        `${cell} ${m.params[i].name}`,
      ),
    );
  }
});

test('heap: blocks are aligned, zeroed, freed and coalesced; evicted workspaces give their memory back', { skip: !wasm }, () => {
  const heap = Heap.create()!;
  const a = heap.f32(10)!;
  const b = heap.f32(100)!;
  const c = heap.i32(3)!;
  assert.equal(a.byteOffset % 64, 0);
  assert.equal(b.byteOffset % 64, 0);
  a.fill(5);
  const used = heap.used;
  heap.releaseArray(a);
  const a2 = heap.f32(16)!; // fits a's block (64 bytes) and comes back zeroed
  assert.equal(a2.byteOffset, a.byteOffset);
  assert.ok(a2.every((x) => x === 0));
  heap.releaseArray(a2);
  heap.releaseArray(c);
  heap.releaseArray(b);
  assert.equal(heap.used, 0);
  assert.ok(used > 0);
  // growth keeps old views valid (shared memory)
  const keep = heap.f32(4)!;
  keep.set([1, 2, 3, 4]);
  const big = heap.f32(8 << 20)!; // 32 MiB: the memory grows
  assert.ok(big.length === 8 << 20);
  assert.deepEqual(Array.from(keep), [1, 2, 3, 4]);
  assert.equal(heapOf(big), heap);
  assert.equal(heapOf(keep), heap);

  const m = new Model(config({ dtype: 'float32', hiddenSize: 8 }));
  const batch = (T: number) => randomBatch(m.cfg, 2, T, T);
  const h = heapOf(m.params[0].data)!;
  for (let T = 4; T < 20; T++) m.step(batch(T)); // more shapes than the model keeps
  const after = h.used;
  for (let T = 4; T < 20; T++) m.step(batch(T));
  assert.equal(h.used, after, 'evicted workspaces are freed');
});

test('Adam on the wasm heap agrees with the JS rule to float32 precision; gradNorm and allFinite agree', { skip: !wasm }, async () => {
  const { createOptimizer } = await import('../../src/engine/optimizers');
  const { gradNorm, allFinite } = await import('../../src/engine/clip');
  const m = new Model(config({ dtype: 'float32', hiddenSize: 5 }));
  fillParams(m.params, 2);
  const plain = m.params.map((p) => ({ ...p, data: Float32Array.from(p.data), grad: new Float32Array(p.grad.length) }));
  const a = createOptimizer('adam', 0.01, m.params);
  const b = createOptimizer('adam', 0.01, plain);
  const r = new Rng(3);
  for (let s = 0; s < 5; s++) {
    m.params.forEach((p, i) => {
      for (let j = 0; j < p.grad.length; j++) p.grad[j] = r.uniform(-1, 1) * 10 ** r.int(4);
      plain[i].grad.set(p.grad);
    });
    assert.ok(Math.abs(gradNorm(m.params) - gradNorm(plain)) <= 1e-12 * gradNorm(plain));
    a.step();
    b.step();
    m.params.forEach((p, i) => close(p.data, plain[i].data, 1e-6, `${p.name} step ${s}`));
  }
  const sa = a.state().buffers;
  b.state().buffers.forEach((x, i) => close(sa[i].data, x.data, 1e-6, x.name));
  assert.equal(allFinite(m.params), true);
  m.params[1].grad[m.params[1].grad.length - 1] = NaN;
  assert.equal(allFinite(m.params), false);
  m.params[1].grad[m.params[1].grad.length - 1] = 0;
  m.params[2].grad[0] = -Infinity;
  assert.equal(allFinite(m.params), false);
  assert.equal(gradNorm(m.params), Infinity);
});

test('the generated wasm files (src/engine/wasm/*.generated.ts) are built from the current kernel source', () => {
  // exits non-zero when the source changed since the last `node scripts/build-wasm.mjs`
  execFileSync(process.execPath, [path.resolve(__dirname, '../../scripts/build-wasm.mjs'), '--check'], { stdio: 'pipe' });
});

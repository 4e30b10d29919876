// The Transformer's kernels on the wasm heap (GELU, LayerNorm forward and backward, the causal attention
// and its backward) against their JS references, on sizes with and without 4-wide tails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backend, jsKernels, type Arena } from '../../src/engine/kernels';
import { Rng } from '../../src/engine/rng';
import type { Arr } from '../../src/engine/tensor';
import { relErr } from './engine-helpers';

const backend = Backend.create('float32');
const wasm = backend.heap !== null;
const rng = new Rng(17);

/** Random values in a heap array, and the same in a plain Float64Array. */
function pair(arena: Arena, n: number, lo = -1, hi = 1): [Arr, Float64Array] {
  const h = arena.f(n);
  for (let i = 0; i < n; i++) h[i] = rng.uniform(lo, hi);
  return [h, Float64Array.from(h)];
}

function close(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): void {
  const e = relErr(got, want);
  assert.ok(e <= tol, `${what}: relative error ${e} > ${tol}`);
}

test('transformer kernels: wasm GELU = the exact erf GELU to float32 precision', { skip: !wasm }, () => {
  const arena = backend.arena();
  const k = backend.k;
  for (const n of [1, 3, 4, 37, 1000]) {
    const [x, x64] = pair(arena, n, -7, 7);
    const y = arena.f(n),
      dg = arena.f(n);
    const y64 = new Float64Array(n),
      dg64 = new Float64Array(n);
    k.gelu(n, x, y, dg);
    jsKernels.gelu(n, x64, y64, dg64);
    for (let i = 0; i < n; i++) {
      assert.ok(Math.abs(y[i] - y64[i]) < 1e-6 * Math.max(1, Math.abs(x64[i])), `gelu(${x64[i]}) = ${y[i]}, want ${y64[i]}`);
      assert.ok(Math.abs(dg[i] - dg64[i]) < 1e-6, `gelu'(${x64[i]}) = ${dg[i]}, want ${dg64[i]}`);
    }
    k.gelu(n, x, x, dg); // in place
    close(x, y, 0, `in place, n = ${n}`);
  }
  arena.release();
});

test('transformer kernels: wasm LayerNorm forward and backward = JS', { skip: !wasm }, () => {
  const arena = backend.arena();
  const k = backend.k;
  for (const [N, H] of [
    [1, 1],
    [3, 5],
    [7, 8],
    [5, 37],
    [64, 64],
  ]) {
    const [x, x64] = pair(arena, N * H, -2, 3);
    const [w, w64] = pair(arena, H, 0.5, 1.5);
    const [b, b64] = pair(arena, H);
    const y = arena.f(N * H),
      xh = arena.f(N * H),
      r = arena.f(N);
    const y64 = new Float64Array(N * H),
      xh64 = new Float64Array(N * H),
      r64 = new Float64Array(N);
    k.layerNorm(N, H, x, w, b, y, xh, r);
    jsKernels.layerNorm(N, H, x64, w64, b64, y64, xh64, r64);
    close(y, y64, 1e-5, `y ${N}×${H}`);
    close(r, r64, 1e-5, `rstd ${N}×${H}`);
    for (const acc of [false, true]) {
      const [dy, dy64] = pair(arena, N * H);
      const [dw, dw64] = pair(arena, H);
      const [db, db64] = pair(arena, H);
      const [dx, dx64] = pair(arena, N * H);
      k.layerNormBackward(N, H, dy, xh, r, w, dw, db, dx, acc);
      jsKernels.layerNormBackward(N, H, dy64, xh64, r64, w64, dw64, db64, dx64, acc);
      close(dw, dw64, 1e-5, `dw ${N}×${H}`);
      close(db, db64, 1e-5, `db ${N}×${H}`);
      close(dx, dx64, 1e-4, `dx ${N}×${H} acc=${acc}`);
    }
  }
  arena.release();
});

test('transformer kernels: wasm causal attention and its backward = JS (padded queries give 0, nothing above the diagonal)', { skip: !wasm }, () => {
  const arena = backend.arena();
  const k = backend.k;
  const cases: [number, number, number, number, number[]][] = [
    [1, 1, 1, 4, [1]],
    [2, 9, 2, 3, [9, 6]],
    [3, 16, 4, 8, [16, 0, 11]],
    [1, 23, 1, 37, [23]],
    [2, 5, 3, 12, [5, 2]],
    [2, 33, 2, 20, [33, 17]],
    [1, 200, 2, 8, [190]], // T² floats above the scratch: dK, dV accumulated row by row
  ];
  for (const [B, T, heads, D, lens] of cases) {
    const d = { B, T, heads, D };
    const H = heads * D;
    const N = B * T;
    const lengths = arena.i32(B);
    lengths.set(lens);
    const [qkv, qkv64] = pair(arena, N * 3 * H, -1.5, 1.5);
    const p = arena.f(B * heads * T * T),
      ctx = arena.f(N * H);
    const p64 = new Float64Array(B * heads * T * T),
      ctx64 = new Float64Array(N * H);
    for (let rep = 0; rep < 2; rep++) k.attention(d, lengths, qkv, p, ctx); // twice: the same buffers again
    k.attention(d, lengths, qkv, p, ctx);
    jsKernels.attention(d, lengths, qkv64, p64, ctx64);
    close(p, p64, 1e-5, `P ${B}×${T}, ${heads}×${D}`);
    close(ctx, ctx64, 1e-5, `ctx ${B}×${T}, ${heads}×${D}`);
    for (let bh = 0; bh < B * heads; bh++) {
      const len = lens[Math.floor(bh / heads)];
      for (let t = 0; t < T; t++) {
        const row = Array.from(p.subarray((bh * T + t) * T, (bh * T + t + 1) * T));
        const sum = row.reduce((s, v) => s + v, 0);
        assert.ok(t < len ? Math.abs(sum - 1) < 1e-5 : sum === 0, `pair ${bh} row ${t} sums to ${sum}`);
        assert.ok(
          row.slice(t + 1).every((v) => v === 0),
          `pair ${bh} row ${t} above the diagonal`,
        );
      }
    }
    const [dctx, dctx64] = pair(arena, N * H);
    const [dqkv] = pair(arena, N * 3 * H); // junk: overwritten
    const dqkv64 = new Float64Array(N * 3 * H).fill(7);
    k.attentionBackward(d, lengths, qkv, p, dctx, dqkv);
    jsKernels.attentionBackward(d, lengths, qkv64, p64, dctx64, dqkv64);
    close(dqkv, dqkv64, 1e-4, `dQKV ${B}×${T}, ${heads}×${D}`);
  }
  arena.release();
});

// The three matmul kernels against a naive triple loop, with offsets and both acc modes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillRows, matmul, matmulAt, matmulBt, sumRows } from '../../src/engine/matmul';
import { Rng } from '../../src/engine/rng';

const rng = new Rng(1);
const rand = (n: number) => Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
const M = 3,
  K = 4,
  N = 5,
  OFF = 2;

/** Reference: C[i,j] (+)= Σ_k a(i,k)·b(k,j) */
function naive(C: Float64Array, cOff: number, a: (i: number, k: number) => number, b: (k: number, j: number) => number, acc: boolean) {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a(i, k) * b(k, j);
      C[cOff + i * N + j] = (acc ? C[cOff + i * N + j] : 0) + s;
    }
  }
}

function close(x: Float64Array, y: Float64Array, what: string) {
  assert.equal(x.length, y.length);
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(x[i] - y[i]) < 1e-14, `${what} element ${i}: ${x[i]} vs ${y[i]}`);
}

for (const acc of [false, true]) {
  test(`matmul, matmulBt, matmulAt (acc=${acc}) with offsets`, () => {
    const A = rand(OFF + M * K);
    const B = rand(OFF + K * N);
    const Bt = rand(OFF + N * K);
    const At = rand(OFF + K * M);
    const C0 = rand(OFF + M * N + 3); // elements outside the target range must not change
    for (const [name, run, a, b] of [
      [
        'A·B',
        (C: Float64Array) => matmul(C, OFF, A, OFF, B, OFF, M, K, N, acc),
        (i: number, k: number) => A[OFF + i * K + k],
        (k: number, j: number) => B[OFF + k * N + j],
      ],
      [
        'A·Bᵀ',
        (C: Float64Array) => matmulBt(C, OFF, A, OFF, Bt, OFF, M, K, N, acc),
        (i: number, k: number) => A[OFF + i * K + k],
        (k: number, j: number) => Bt[OFF + j * K + k],
      ],
      [
        'Aᵀ·B',
        (C: Float64Array) => matmulAt(C, OFF, At, OFF, B, OFF, M, K, N, acc),
        (i: number, k: number) => At[OFF + k * M + i],
        (k: number, j: number) => B[OFF + k * N + j],
      ],
    ] as const) {
      const got = Float64Array.from(C0);
      run(got);
      const want = Float64Array.from(C0);
      naive(want, OFF, a, b, acc);
      close(got, want, name);
    }
  });
}

test('fillRows and sumRows', () => {
  const C = new Float64Array(1 + 2 * 3);
  fillRows(C, 1, 2, 3, Float64Array.from([1, 2, 3]), Float64Array.from([10, 20, 30]));
  assert.deepEqual(Array.from(C), [0, 11, 22, 33, 11, 22, 33]);
  fillRows(C, 1, 2, 3, Float64Array.from([1, 2, 3]), null);
  assert.deepEqual(Array.from(C), [0, 1, 2, 3, 1, 2, 3]);
  const d = Float64Array.from([1, 1, 1]);
  sumRows(d, C, 1, 2, 3, null);
  assert.deepEqual(Array.from(d), [3, 5, 7]);
  const d2 = Float64Array.from([0, 0, 10]);
  sumRows(d, C, 1, 2, 3, d2);
  assert.deepEqual(Array.from(d), [5, 9, 13]);
  assert.deepEqual(Array.from(d2), [2, 4, 16]);
});

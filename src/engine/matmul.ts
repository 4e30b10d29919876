// Matrix kernels on flat row-major arrays: the JS reference (float64, and float32 where
// WebAssembly SIMD is missing; ./wasm/assembly/kernels.ts has the SIMD versions).
//
//   matmul    C[M,N] (+)= A[M,K] · B[K,N]      backward of x·Wᵀ with respect to x: dX = dY · W
//   matmulBt  C[M,N] (+)= A[M,K] · B[N,K]ᵀ     a Linear layer, W stored [out, in]: Y = X · Wᵀ
//   matmulAt  C[M,N] (+)= A[K,M]ᵀ · B[K,N]     weight gradients: dW = dYᵀ · X
//
// Every operand takes an offset so that a caller can address one time step of a (T, B, ·) buffer
// without allocating a view. acc = true adds to C, acc = false overwrites it.
//
// Each kernel computes C in 2×4 tiles: eight sums held in local variables over the whole k loop,
// fed by 2 values of A and 4 of B per k, so that a load serves several multiply-adds and C is
// written once. Rows and columns that do not fill a tile take the plain loop. Sums are kept in
// float64 (JS numbers) and rounded to C's type once, when stored.
import type { Arr } from './tensor';

/** C[M,N] (+)= A[M,K] · B[K,N] */
export function matmul(C: Arr, cOff: number, A: Arr, aOff: number, B: Arr, bOff: number, M: number, K: number, N: number, acc: boolean): void {
  // A(i, k) = A[aOff + i·K + k], B(k, j) = B[bOff + k·N + j]
  tiles(C, cOff, A, aOff, K, 1, B, bOff, N, 1, M, K, N, acc);
}

/** C[M,N] (+)= A[M,K] · B[N,K]ᵀ */
export function matmulBt(C: Arr, cOff: number, A: Arr, aOff: number, B: Arr, bOff: number, M: number, K: number, N: number, acc: boolean): void {
  // B(k, j) = B[bOff + j·K + k]
  tiles(C, cOff, A, aOff, K, 1, B, bOff, 1, K, M, K, N, acc);
}

/** C[M,N] (+)= A[K,M]ᵀ · B[K,N] */
export function matmulAt(C: Arr, cOff: number, A: Arr, aOff: number, B: Arr, bOff: number, M: number, K: number, N: number, acc: boolean): void {
  // A(i, k) = A[aOff + k·M + i]
  tiles(C, cOff, A, aOff, 1, M, B, bOff, N, 1, M, K, N, acc);
}

/**
 * C[M,N] (+)= A·B with A(i, k) = A[aOff + i·ai + k·ak] and B(k, j) = B[bOff + k·bk + j·bj]:
 * the three kernels above differ only in these strides.
 */
function tiles(
  C: Arr,
  cOff: number,
  A: Arr,
  aOff: number,
  ai: number,
  ak: number,
  B: Arr,
  bOff: number,
  bk: number,
  bj: number,
  M: number,
  K: number,
  N: number,
  acc: boolean,
): void {
  const M2 = M - (M % 2);
  const N4 = N - (N % 4);
  for (let i = 0; i < M2; i += 2) {
    const a0 = aOff + i * ai;
    const a1 = a0 + ai;
    const c0 = cOff + i * N;
    const c1 = c0 + N;
    for (let j = 0; j < N4; j += 4) {
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0;
      let s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0;
      let pa = 0;
      let pb = bOff + j * bj;
      for (let k = 0; k < K; k++) {
        const x0 = A[a0 + pa];
        const x1 = A[a1 + pa];
        const y0 = B[pb];
        const y1 = B[pb + bj];
        const y2 = B[pb + 2 * bj];
        const y3 = B[pb + 3 * bj];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
        pa += ak;
        pb += bk;
      }
      if (acc) {
        C[c0 + j] += s00;
        C[c0 + j + 1] += s01;
        C[c0 + j + 2] += s02;
        C[c0 + j + 3] += s03;
        C[c1 + j] += s10;
        C[c1 + j + 1] += s11;
        C[c1 + j + 2] += s12;
        C[c1 + j + 3] += s13;
      } else {
        C[c0 + j] = s00;
        C[c0 + j + 1] = s01;
        C[c0 + j + 2] = s02;
        C[c0 + j + 3] = s03;
        C[c1 + j] = s10;
        C[c1 + j + 1] = s11;
        C[c1 + j + 2] = s12;
        C[c1 + j + 3] = s13;
      }
    }
    for (let j = N4; j < N; j++) {
      dot(C, c0 + j, A, a0, ak, B, bOff + j * bj, bk, K, acc);
      dot(C, c1 + j, A, a1, ak, B, bOff + j * bj, bk, K, acc);
    }
  }
  for (let i = M2; i < M; i++) {
    for (let j = 0; j < N; j++) dot(C, cOff + i * N + j, A, aOff + i * ai, ak, B, bOff + j * bj, bk, K, acc);
  }
}

/** C[c] (+)= Σ_k A[a + k·ak]·B[b + k·bk] */
function dot(C: Arr, c: number, A: Arr, a: number, ak: number, B: Arr, b: number, bk: number, K: number, acc: boolean): void {
  let s = 0;
  for (let k = 0; k < K; k++) s += A[a + k * ak] * B[b + k * bk];
  C[c] = acc ? C[c] + s : s;
}

/** Every row of C[M,N] = bias1[N] (+ bias2[N]): the start of Y = X·Wᵀ + b. */
export function fillRows(C: Arr, cOff: number, M: number, N: number, bias1: Arr, bias2: Arr | null): void {
  for (let i = 0; i < M; i++) {
    const ci = cOff + i * N;
    for (let j = 0; j < N; j++) C[ci + j] = bias2 ? bias1[j] + bias2[j] : bias1[j];
  }
}

/** Time-major rows to batch-first: dst[b, t, :] = src[t, b, :], rows of W. */
export function timeToBatch(dst: Arr, src: Arr, T: number, B: number, W: number): void {
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) dst.set(src.subarray((t * B + b) * W, (t * B + b + 1) * W), (b * T + t) * W);
  }
}

/** dst[N] (and dst2, unless null) += Σ_i A[i, :] over M rows. */
export function sumRows(dst: Arr, A: Arr, aOff: number, M: number, N: number, dst2: Arr | null): void {
  for (let i = 0; i < M; i++) {
    const ai = aOff + i * N;
    for (let j = 0; j < N; j++) dst[j] += A[ai + j];
    if (dst2) for (let j = 0; j < N; j++) dst2[j] += A[ai + j];
  }
}

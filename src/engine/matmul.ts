// Matrix kernels on flat row-major arrays: the engine's only dense linear algebra.
//
//   matmul    C[M,N] (+)= A[M,K] · B[K,N]      backward of x·Wᵀ with respect to x: dX = dY · W
//   matmulBt  C[M,N] (+)= A[M,K] · B[N,K]ᵀ     a Linear layer, W stored [out, in]: Y = X · Wᵀ
//   matmulAt  C[M,N] (+)= A[K,M]ᵀ · B[K,N]     weight gradients: dW = dYᵀ · X
//
// Every operand takes an offset so that a caller can address one time step of a (T, B, ·) buffer
// without allocating a view. acc = true adds to C, acc = false overwrites it.
// Loop orders keep the innermost loop on contiguous memory: i-k-j for matmul, k-i-j for matmulAt
// (both stream rows of B and C), and a dot product of two rows for matmulBt.
import type { Arr } from './tensor';

/** C[M,N] (+)= A[M,K] · B[K,N] */
export function matmul(
  C: Arr, cOff: number,
  A: Arr, aOff: number,
  B: Arr, bOff: number,
  M: number, K: number, N: number,
  acc: boolean,
): void {
  if (!acc) C.fill(0, cOff, cOff + M * N);
  for (let i = 0; i < M; i++) {
    const ci = cOff + i * N;
    const ai = aOff + i * K;
    for (let k = 0; k < K; k++) {
      const a = A[ai + k];
      const bk = bOff + k * N;
      for (let j = 0; j < N; j++) C[ci + j] += a * B[bk + j];
    }
  }
}

/** C[M,N] (+)= A[M,K] · B[N,K]ᵀ */
export function matmulBt(
  C: Arr, cOff: number,
  A: Arr, aOff: number,
  B: Arr, bOff: number,
  M: number, K: number, N: number,
  acc: boolean,
): void {
  for (let i = 0; i < M; i++) {
    const ci = cOff + i * N;
    const ai = aOff + i * K;
    for (let j = 0; j < N; j++) {
      const bj = bOff + j * K;
      let s = 0;
      for (let k = 0; k < K; k++) s += A[ai + k] * B[bj + k];
      C[ci + j] = acc ? C[ci + j] + s : s;
    }
  }
}

/** C[M,N] (+)= A[K,M]ᵀ · B[K,N] */
export function matmulAt(
  C: Arr, cOff: number,
  A: Arr, aOff: number,
  B: Arr, bOff: number,
  M: number, K: number, N: number,
  acc: boolean,
): void {
  if (!acc) C.fill(0, cOff, cOff + M * N);
  for (let k = 0; k < K; k++) {
    const ak = aOff + k * M;
    const bk = bOff + k * N;
    for (let i = 0; i < M; i++) {
      const a = A[ak + i];
      const ci = cOff + i * N;
      for (let j = 0; j < N; j++) C[ci + j] += a * B[bk + j];
    }
  }
}

/** Every row of C[M,N] = bias1[N] (+ bias2[N]): the start of Y = X·Wᵀ + b. */
export function fillRows(C: Arr, cOff: number, M: number, N: number, bias1: Arr, bias2: Arr | null): void {
  for (let i = 0; i < M; i++) {
    const ci = cOff + i * N;
    for (let j = 0; j < N; j++) C[ci + j] = bias2 ? bias1[j] + bias2[j] : bias1[j];
  }
}

/** dst[N] += Σ_i A[i, :] over M rows: a bias gradient. */
export function sumRows(dst: Arr, A: Arr, aOff: number, M: number, N: number): void {
  for (let i = 0; i < M; i++) {
    const ai = aOff + i * N;
    for (let j = 0; j < N; j++) dst[j] += A[ai + j];
  }
}

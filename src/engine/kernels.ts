// Every numeric kernel the model and its layers call, behind one interface with two implementations:
//
//   jsKernels    plain TypeScript on Float32Array or Float64Array: the readable reference, used for
//                float64 (checks, gradcheck, `grads`) and wherever WebAssembly SIMD is missing
//   WasmKernels  (./wasm/wasm-kernels.ts) the same operations in WebAssembly SIMD on float32 arrays
//                that live in the model's heap (./wasm/heap.ts); ./wasm/assembly/kernels.ts has the
//                source, one function per method here
//
// An Arena hands out the arrays that a kernel set works on: plain arrays for jsKernels, views into
// the heap for WasmKernels. Arrays are flat and row-major; (array, offset) pairs address a part of a
// buffer without making a view. Shapes are in the comments, in elements.
import { gruBackward, gruForward } from './cells/gru';
import { lstmBackward, lstmForward } from './cells/lstm';
import { rnnBackward, rnnForward } from './cells/rnn';
import { crossEntropy, meanSquaredError } from './loss';
import { attentionCore, attentionCoreBackward, type AttentionDims } from './transformer/attention';
import { geluBackward, geluForward } from './transformer/gelu';
import { layerNormBackward, layerNormForward } from './transformer/layer-norm';
import { adamUpdate, allFiniteValues, sumOfSquares, type AdamStep, type AdamTensor } from './grad-ops';
import { fillRows, matmul, matmulAt, matmulBt, sumRows, timeToBatch } from './matmul';
import type { RecurrentCell } from './model-config';
import { zeros, type Arr, type DType } from './tensor';
import { Heap, heapOf } from './wasm/heap';
import { WasmKernels } from './wasm/wasm-kernels';

/**
 * One layer's window, for kernel sets that run a layer's whole time loop themselves (see
 * RecurrentLayer.recur/backward, which this mirrors; no padding). whhX is W_hh packed by packW when
 * `wide`, else W_hhᵀ.
 */
export interface SequenceArgs {
  cell: RecurrentCell;
  relu: boolean;
  timeResidual: boolean;
  wide: boolean;
  T: number;
  B: number;
  H: number;
  a: Arr;
  gh: Arr | null;
  bhh: Arr;
  whh: Arr;
  whhX: Arr;
  hs: Arr;
  cs: Arr | null;
  tc: Arr | null;
  // backward only
  dy: Arr;
  da: Arr;
  dgh: Arr;
  dh: Arr;
  carry: Arr;
  dcA: Arr | null;
  dcB: Arr | null;
}

/**
 * What a weight gradient dW = Aᵀ·B also takes from A[K,M] (the gradient of a layer's
 * pre-activations) as it passes over it: the bias gradients dst (and dst2) += Σ_k A[k, :], and for a
 * one-hot input, its weight gradient G[M,V]: G[:, tok[k]] += A[k, :] (none where tok[k] < 0).
 */
export interface ColumnSums {
  dst: Arr;
  dst2: Arr | null;
  oneHot: { G: Arr; tok: Int32Array; V: number } | null;
}

export interface Kernels {
  readonly kind: 'js' | 'wasm';
  /** Optional: the forward time loop of a layer in one call (else the layer loops over kernels). */
  forwardSequence?(s: SequenceArgs): void;
  /** Optional: the backward time loop (∂L/∂h through time, da/dgh for every step). */
  backwardSequence?(s: SequenceArgs): void;
  /** C[M,N] (+)= A[M,K] · B[K,N] */
  matmul(C: Arr, cOff: number, A: Arr, aOff: number, B: Arr, bOff: number, M: number, K: number, N: number, acc: boolean): void;
  /** C[M,N] (+)= A[M,K] · B[N,K]ᵀ */
  matmulBt(C: Arr, cOff: number, A: Arr, aOff: number, B: Arr, bOff: number, M: number, K: number, N: number, acc: boolean): void;
  /** C[M,N] (+)= A[K,M]ᵀ · B[K,N], and with `sums` A's column sums in the same pass (see ColumnSums). */
  matmulAt(C: Arr, cOff: number, A: Arr, aOff: number, B: Arr, bOff: number, M: number, K: number, N: number, acc: boolean, sums?: ColumnSums): void;
  /** Size of packW's output for W[N,K]. */
  packedSize(N: number, K: number): number;
  /** Wp = W[N,K] laid out for matmulPacked (JS: Wᵀ; wasm: panels of 8 rows, k-major). */
  packW(Wp: Arr, W: Arr, N: number, K: number): void;
  /** C[M,N] (+)= A[M,K] · Wᵀ with W packed by packW: for a weight used many times (N % 8 = 0). */
  matmulPacked(C: Arr, cOff: number, A: Arr, aOff: number, Wp: Arr, M: number, K: number, N: number, acc: boolean): void;
  /** Every row of C[M,N] = bias1 (+ bias2). */
  fillRows(C: Arr, cOff: number, M: number, N: number, bias1: Arr, bias2: Arr | null): void;
  /** a[off … off+n) = 0 (TypedArray.fill is slow on shared memory). */
  zero(a: Arr, off: number, n: number): void;
  /** dst[C,R] = src[R,C]ᵀ */
  transpose(dst: Arr, src: Arr, R: number, C: number): void;
  /** Time-major rows to batch-first: dst[b, t, :] = src[t, b, :], rows of W. */
  timeToBatch(dst: Arr, src: Arr, T: number, B: number, W: number): void;
  /** dst[n] = x[n] + y[n] (dst may alias x or y at the same offset). */
  add(dst: Arr, dOff: number, x: Arr, xOff: number, y: Arr, yOff: number, n: number): void;
  /** One-hot input projection: a[n, :] = bias1 + bias2 (unless null) + W[:, tok[n]] for W[R, V], rows n < N (biases only where tok[n] < 0). */
  oneHotProject(a: Arr, tok: Int32Array, N: number, W: Arr, R: number, V: number, bias1: Arr, bias2: Arr | null): void;
  /** Its gradients: G[:, tok[n]] += d[n, :] for G[R, V], and dBias (and dBias2, unless null) += Σ_n d[n, :]. */
  oneHotGrad(G: Arr, tok: Int32Array, N: number, d: Arr, R: number, V: number, dBias: Arr, dBias2: Arr | null): void;
  rnnForward: typeof rnnForward;
  rnnBackward: typeof rnnBackward;
  lstmForward: typeof lstmForward;
  lstmBackward: typeof lstmBackward;
  gruForward: typeof gruForward;
  gruBackward: typeof gruBackward;
  crossEntropy: typeof crossEntropy;
  meanSquaredError: typeof meanSquaredError;
  // The Transformer's pointwise and row-wise parts (./transformer/*.ts)
  /** y[n] = gelu(x[n]) = x·Φ(x) and dg[n] = gelu'(x[n]) for n values (y may alias x). */
  gelu(n: number, x: Arr, y: Arr, dg: Arr): void;
  /** y[N,H] = LayerNorm(x) with weight w and bias b [H]; keeps x̂ [N,H] and 1/σ [N]. */
  layerNorm(N: number, H: number, x: Arr, w: Arr, b: Arr, y: Arr, xhat: Arr, rstd: Arr): void;
  /** Its backward from dy[N,H]: dw, db accumulate; dx (+)= ∂L/∂x. */
  layerNormBackward(N: number, H: number, dy: Arr, xhat: Arr, rstd: Arr, w: Arr, dw: Arr, db: Arr, dx: Arr, acc: boolean): void;
  /** dx[n] = dy[n]·dg[n] for n values (GELU's backward from the g' that `gelu` kept; dx may alias dy). */
  geluBackward(n: number, dy: Arr, dg: Arr, dx: Arr): void;
  /**
   * Causal attention of every (row, head) pair from qkv [B·T, 3H] (Q | K | V): P [B, heads, T, T] =
   * softmax(Q·Kᵀ/√D) over keys j ≤ t (0 above the diagonal and on rows t ≥ lengths[b]), ctx [B·T, H] = P·V.
   */
  attention(d: AttentionDims, lengths: Int32Array, qkv: Arr, p: Arr, ctx: Arr): void;
  /** Its backward: dqkv [B·T, 3H] (overwritten) from dctx [B·T, H]. */
  attentionBackward(d: AttentionDims, lengths: Int32Array, qkv: Arr, p: Arr, dctx: Arr, dqkv: Arr): void;
  // Whole-array passes of the optimizer and the clipper (./grad-ops.ts has the JS reference)
  /** Σ x[i]² (NaN or Infinity when an element is). */
  sumSquares(x: Arr): number;
  /** True if no element is NaN or ±Infinity. */
  allFinite(x: Arr): boolean;
  /** One Adam step on each tensor's p from its gradient g, updating its moments m and v. */
  adam(tensors: readonly AdamTensor[], h: AdamStep): void;
}

export const jsKernels: Kernels = {
  kind: 'js',
  matmul,
  matmulBt,
  matmulAt(C, cOff, A, aOff, B, bOff, M, K, N, acc, sums) {
    matmulAt(C, cOff, A, aOff, B, bOff, M, K, N, acc);
    if (!sums) return;
    sumRows(sums.dst, A, aOff, K, M, sums.dst2);
    if (sums.oneHot) scatterColumns(sums.oneHot.G, sums.oneHot.tok, K, A, aOff, M, sums.oneHot.V);
  },
  packedSize: (N, K) => N * K,
  packW(Wp, W, N, K) {
    jsKernels.transpose(Wp, W, N, K);
  },
  matmulPacked(C, cOff, A, aOff, Wp, M, K, N, acc) {
    matmul(C, cOff, A, aOff, Wp, 0, M, K, N, acc);
  },
  fillRows,
  zero(a, off, n) {
    a.fill(0, off, off + n);
  },
  transpose(dst, src, R, C) {
    for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) dst[c * R + r] = src[r * C + c];
  },
  timeToBatch,
  add(dst, dOff, x, xOff, y, yOff, n) {
    for (let i = 0; i < n; i++) dst[dOff + i] = x[xOff + i] + y[yOff + i];
  },
  oneHotProject(a, tok, N, W, R, V, bias1, bias2) {
    fillRows(a, 0, N, R, bias1, bias2);
    for (let n = 0; n < N; n++) {
      const t = tok[n];
      if (t < 0) continue;
      const an = n * R;
      for (let j = 0; j < R; j++) a[an + j] += W[j * V + t];
    }
  },
  oneHotGrad(G, tok, N, d, R, V, dBias, dBias2) {
    sumRows(dBias, d, 0, N, R, dBias2);
    scatterColumns(G, tok, N, d, 0, R, V);
  },
  rnnForward,
  rnnBackward,
  lstmForward,
  lstmBackward,
  gruForward,
  gruBackward,
  crossEntropy,
  meanSquaredError,
  gelu(n, x, y, dg) {
    geluForward(n, x, y, dg, 0);
  },
  layerNorm: layerNormForward,
  layerNormBackward,
  geluBackward(n, dy, dg, dx) {
    geluBackward(n, dy, dg, dx, 0);
  },
  attention: attentionCore,
  attentionBackward: attentionCoreBackward,
  sumSquares: (x) => sumOfSquares(x),
  allFinite: allFiniteValues,
  adam: adamUpdate,
};

/** The kernel set that runs on an array: the wasm kernels of the heap it lives in, else the JS ones. */
export function kernelsOf(a: Arr): Kernels {
  const heap = heapOf(a);
  return heap ? WasmKernels.of(heap) : jsKernels;
}

/** Thrown by a heap arena that has run out of memory (the caller retries with plain arrays). */
export class ArenaFull extends Error {}

/** Zeroed arrays for one kernel set, released together. */
export interface Arena {
  readonly k: Kernels;
  readonly dtype: DType;
  f(n: number): Arr;
  i32(n: number): Int32Array;
  u8(n: number): Uint8Array;
  release(): void;
}

function jsArena(dtype: DType): Arena {
  return {
    k: jsKernels,
    dtype,
    f: (n) => zeros(dtype, n),
    i32: (n) => new Int32Array(n),
    u8: (n) => new Uint8Array(n),
    release() {},
  };
}

function heapArena(heap: Heap, k: Kernels): Arena {
  const blocks: ArrayBufferView[] = [];
  const keep = <T extends ArrayBufferView>(a: T | null): T => {
    if (!a) throw new ArenaFull('the wasm heap is full');
    blocks.push(a);
    return a;
  };
  return {
    k,
    dtype: 'float32',
    f: (n) => keep(heap.f32(n)),
    i32: (n) => keep(heap.i32(n)),
    u8: (n) => keep(heap.u8(n)),
    release() {
      for (const b of blocks) heap.releaseArray(b);
      blocks.length = 0;
    },
  };
}

/** Where a model's arrays live and which kernels run on them. */
export class Backend {
  private constructor(
    readonly dtype: DType,
    readonly heap: Heap | null,
    readonly k: Kernels,
  ) {}

  /** float32 models get a wasm heap when WebAssembly SIMD is available; the rest plain arrays. */
  static create(dtype: DType): Backend {
    const heap = dtype === 'float32' ? Heap.create() : null;
    return heap ? new Backend(dtype, heap, WasmKernels.of(heap)) : Backend.js(dtype);
  }

  static js(dtype: DType): Backend {
    return new Backend(dtype, null, jsKernels);
  }

  /** A new arena of this backend's kind. */
  arena(): Arena {
    return this.heap ? heapArena(this.heap, this.k) : jsArena(this.dtype);
  }

  /** Builds something from an arena of this backend, or (when the heap is full) from plain arrays. */
  build<T>(make: (arena: Arena) => T): T {
    const arena = this.arena();
    try {
      return make(arena);
    } catch (e) {
      if (!(e instanceof ArenaFull)) throw e;
      arena.release();
      return make(jsArena(this.dtype));
    }
  }
}

/** G[R,V]: G[:, tok[n]] += d[n, :] for the N rows of d[N,R] (from dOff) whose tok[n] ≥ 0. */
function scatterColumns(G: Arr, tok: Int32Array, N: number, d: Arr, dOff: number, R: number, V: number): void {
  for (let n = 0; n < N; n++) {
    const t = tok[n];
    if (t < 0) continue;
    const dn = dOff + n * R;
    for (let j = 0; j < R; j++) G[j * V + t] += d[dn + j];
  }
}

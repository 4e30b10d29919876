// Causal multi-head self-attention, as nn.MultiheadAttention(H, heads) with a −∞ mask above the
// diagonal, on rows (b, t) of a batch: n = b·T + t. Head h owns columns [h·D, (h+1)·D), D = H/heads.
//
//   forward   [q | k | v] = x·W_inᵀ + b_in                               [N, 3H]  (the caller)
//             per row b, head h:  S = Q·Kᵀ [T, T],  P = softmax(S/√D) over keys j ≤ t,  C = P·V [T, D]
//             out = C·W_outᵀ + b_out                                     [N, H]   (the caller)
//   backward  dP = dC·Vᵀ,  dV = Pᵀ·dC
//             dZ = P ⊙ (dP − Σ_j P·dP) / √D   (the softmax's Jacobian, then the scale)
//             dQ = dZ·K,  dK = dZᵀ·Q
//
// Every product and the softmax go through the Kernels (WebAssembly SIMD for float32 on the heap;
// the JS reference of the softmax is here). Q, K, V and P are kept head-major ([B, heads, T, D] and [B, heads, T, T]) so that each
// (b, h) block is contiguous for the kernels. Padding: a query t ≥ lengths[b] attends to nothing
// (its P row is 0), so it gives nothing forward or back; a valid query never sees a padded key
// (t < lengths[b] and j ≤ t), so padding changes no valid position.
import type { Arena, Kernels } from '../kernels';
import type { Arr } from '../tensor';

export interface AttentionDims {
  B: number;
  T: number;
  heads: number;
  D: number; // per head: H / heads
}

/** What one layer's attention keeps from forward for backward. */
export class AttentionBuffers {
  readonly q: Arr; // [B, heads, T, D]
  readonly k: Arr; // [B, heads, T, D]
  readonly v: Arr; // [B, heads, T, D]
  readonly p: Arr; // [B, heads, T, T] attention weights (0 above the diagonal and on padded queries)

  constructor(d: AttentionDims, arena: Arena) {
    const n = d.B * d.heads * d.T * d.D;
    this.q = arena.f(n);
    this.k = arena.f(n);
    this.v = arena.f(n);
    this.p = arena.f(d.B * d.heads * d.T * d.T);
  }
}

/** Scratch for one (b, h) block at a time, shared by every layer. */
export class AttentionScratch {
  readonly c: Arr; // [T, D] context, or its gradient dC
  readonly dq: Arr; // [T, D]
  readonly dk: Arr; // [T, D]
  readonly dv: Arr; // [T, D]
  readonly dp: Arr; // [T, T] dP, then dZ

  constructor(d: AttentionDims, arena: Arena) {
    this.c = arena.f(d.T * d.D);
    this.dq = arena.f(d.T * d.D);
    this.dk = arena.f(d.T * d.D);
    this.dv = arena.f(d.T * d.D);
    this.dp = arena.f(d.T * d.T);
  }
}

/** Valid positions of row b (T without padding). */
const lengthOf = (lengths: Int32Array | null, b: number, T: number): number => (lengths ? lengths[b] : T);

/** From qkv [N, 3H]: ctx [N, H] (the heads' contexts side by side); keeps Q, K, V, P in buf. */
export function attentionForward(k: Kernels, d: AttentionDims, lengths: Int32Array | null, qkv: Arr, buf: AttentionBuffers, s: AttentionScratch, ctx: Arr): void {
  const { B, T, heads, D } = d;
  const H = heads * D;
  const scale = 1 / Math.sqrt(D);
  for (let b = 0; b < B; b++) {
    const len = lengthOf(lengths, b, T);
    for (let h = 0; h < heads; h++) {
      const blk = (b * heads + h) * T * D; // this (b, h)'s [T, D] block
      const pOff = (b * heads + h) * T * T;
      for (let t = 0; t < T; t++) {
        const src = (b * T + t) * 3 * H + h * D;
        for (let e = 0; e < D; e++) {
          buf.q[blk + t * D + e] = qkv[src + e];
          buf.k[blk + t * D + e] = qkv[src + H + e];
          buf.v[blk + t * D + e] = qkv[src + 2 * H + e];
        }
      }
      k.matmulBt(buf.p, pOff, buf.q, blk, buf.k, blk, T, D, T, false); // S = Q·Kᵀ [T, T]
      k.softmaxCausal(buf.p, pOff, T, len, scale);
      k.matmul(s.c, 0, buf.p, pOff, buf.v, blk, T, T, D, false); // C = P·V [T, D]
      for (let t = 0; t < T; t++) {
        const dst = (b * T + t) * H + h * D;
        for (let e = 0; e < D; e++) ctx[dst + e] = s.c[t * D + e];
      }
    }
  }
}

/** From dctx [N, H]: dqkv [N, 3H] (overwritten). */
export function attentionBackward(k: Kernels, d: AttentionDims, lengths: Int32Array | null, dctx: Arr, buf: AttentionBuffers, s: AttentionScratch, dqkv: Arr): void {
  const { B, T, heads, D } = d;
  const H = heads * D;
  const scale = 1 / Math.sqrt(D);
  for (let b = 0; b < B; b++) {
    const len = lengthOf(lengths, b, T);
    for (let h = 0; h < heads; h++) {
      const blk = (b * heads + h) * T * D;
      const pOff = (b * heads + h) * T * T;
      for (let t = 0; t < T; t++) {
        const src = (b * T + t) * H + h * D;
        for (let e = 0; e < D; e++) s.c[t * D + e] = dctx[src + e];
      }
      k.matmulBt(s.dp, 0, s.c, 0, buf.v, blk, T, D, T, false); // dP = dC·Vᵀ [T, T]
      k.matmulAt(s.dv, 0, buf.p, pOff, s.c, 0, T, T, D, false); // dV = Pᵀ·dC [T, D]
      k.softmaxCausalBackward(buf.p, pOff, s.dp, T, len, scale);
      k.matmul(s.dq, 0, s.dp, 0, buf.k, blk, T, T, D, false); // dQ = dZ·K [T, D]
      k.matmulAt(s.dk, 0, s.dp, 0, buf.q, blk, T, T, D, false); // dK = dZᵀ·Q [T, D]
      for (let t = 0; t < T; t++) {
        const dst = (b * T + t) * 3 * H + h * D;
        for (let e = 0; e < D; e++) {
          dqkv[dst + e] = s.dq[t * D + e];
          dqkv[dst + H + e] = s.dk[t * D + e];
          dqkv[dst + 2 * H + e] = s.dv[t * D + e];
        }
      }
    }
  }
}

/** In place on the scores S [T, T]: P[t, j] = softmax_j≤t(S[t, j]·scale), 0 for j > t and for padded queries t ≥ len. */
export function softmaxCausal(p: Arr, off: number, T: number, len: number, scale: number): void {
  for (let t = 0; t < T; t++) {
    const row = off + t * T;
    if (t >= len) {
      for (let j = 0; j < T; j++) p[row + j] = 0;
      continue;
    }
    let max = -Infinity;
    for (let j = 0; j <= t; j++) max = Math.max(max, p[row + j] * scale);
    let sum = 0;
    for (let j = 0; j <= t; j++) {
      const e = Math.exp(p[row + j] * scale - max);
      p[row + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j <= t; j++) p[row + j] *= inv;
    for (let j = t + 1; j < T; j++) p[row + j] = 0;
  }
}

/** In place on dP [T, T]: dZ[t, j] = P[t, j]·(dP[t, j] − Σ_j' P[t, j']·dP[t, j'])·scale (0 where P is masked). */
export function softmaxCausalBackward(p: Arr, pOff: number, dp: Arr, T: number, len: number, scale: number): void {
  for (let t = 0; t < T; t++) {
    const row = t * T;
    const prow = pOff + t * T;
    if (t >= len) {
      for (let j = 0; j < T; j++) dp[row + j] = 0;
      continue;
    }
    let dot = 0;
    for (let j = 0; j <= t; j++) dot += p[prow + j] * dp[row + j];
    for (let j = 0; j <= t; j++) dp[row + j] = p[prow + j] * (dp[row + j] - dot) * scale;
    for (let j = t + 1; j < T; j++) dp[row + j] = 0;
  }
}

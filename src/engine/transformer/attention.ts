// Causal multi-head self-attention, as nn.MultiheadAttention(H, heads) with a −∞ mask above the
// diagonal, on rows (b, t) of a batch: n = b·T + t. Head h owns columns [h·D, (h+1)·D) of the
// context, D = H/heads, and rows h·D… of each third of in_proj_weight [3H, H] (q, then k, then v).
//
//   forward   Q_h = x·W_q,hᵀ + b_q,h, K_h, V_h likewise                [N, D] each
//             per row b, head h:  S = Q·Kᵀ [T, T],  P = softmax(S/√D) over keys j ≤ t,  C = P·V [T, D]
//             ctx = [C_0 | C_1 | …]                                     [N, H]
//             out = ctx·W_outᵀ + b_out                                   (the caller)
//   backward  dP = dC·Vᵀ,  dV = Pᵀ·dC
//             dZ = P ⊙ (dP − Σ_j P·dP) / √D   (the softmax's Jacobian, then the scale)
//             dQ = dZ·K,  dK = dZᵀ·Q
//             dW_q,h += dQ_hᵀ·x, db_q,h += Σ dQ_h, dx += dQ_h·W_q,h, and so for k and v
//
// Every product and the softmax go through the Kernels (WebAssembly SIMD for float32 on the heap;
// the JS reference of the softmax is here). Q, K, V are head-major, [heads, B, T, D]: each head's
// projection writes its own [N, D] block, and each (b, h) is a contiguous [T, D] block for the
// kernels; P is [B, heads, T, T]. Padding: a query t ≥ lengths[b] attends to nothing (its P row is
// 0), so it gives nothing forward or back; a valid query never sees a padded key (t < lengths[b] and
// j ≤ t), so padding changes no valid position.
import type { Arena, Kernels } from '../kernels';
import type { Param } from '../param';
import type { Arr } from '../tensor';

export interface AttentionDims {
  B: number;
  T: number;
  heads: number;
  D: number; // per head: H / heads
}

/** What one layer's attention keeps from forward for backward. */
export class AttentionBuffers {
  readonly qkv: Arr[]; // Q, K, V: [heads, B, T, D] each
  readonly p: Arr; // [B, heads, T, T] attention weights (0 above the diagonal and on padded queries)

  constructor(d: AttentionDims, arena: Arena) {
    const n = d.B * d.heads * d.T * d.D;
    this.qkv = [arena.f(n), arena.f(n), arena.f(n)];
    this.p = arena.f(d.B * d.heads * d.T * d.T);
  }
}

/** Scratch shared by every layer: one (b, h) block at a time, and dQ, dK, dV whole. */
export class AttentionScratch {
  readonly c: Arr; // [T, D] context, or its gradient dC
  readonly dp: Arr; // [T, T] dP, then dZ
  readonly dqkv: Arr[]; // dQ, dK, dV: [heads, B, T, D] each

  constructor(d: AttentionDims, arena: Arena) {
    const n = d.B * d.heads * d.T * d.D;
    this.c = arena.f(d.T * d.D);
    this.dp = arena.f(d.T * d.T);
    this.dqkv = [arena.f(n), arena.f(n), arena.f(n)];
  }
}

/** The in-projection's weight [3H, H] and bias [3H]. */
export interface InProjection {
  w: Param;
  b: Param;
}

/** Valid positions of row b (T without padding). */
const lengthOf = (lengths: Int32Array | null, b: number, T: number): number => (lengths ? lengths[b] : T);

/** From x [N, H] (norm1's output): ctx [N, H], the heads' contexts side by side; keeps Q, K, V, P in buf. */
export function attentionForward(k: Kernels, d: AttentionDims, lengths: Int32Array | null, x: Arr, inProj: InProjection, buf: AttentionBuffers, s: AttentionScratch, ctx: Arr): void {
  const { B, T, heads, D } = d;
  const H = heads * D;
  const N = B * T;
  const scale = 1 / Math.sqrt(D);
  for (let which = 0; which < 3; which++) {
    for (let h = 0; h < heads; h++) {
      const row = which * H + h * D; // first row of this head's block of W_in [3H, H]
      const dst = buf.qkv[which];
      k.fillRows(dst, h * N * D, N, D, inProj.b.data.subarray(row, row + D), null);
      k.matmulBt(dst, h * N * D, x, 0, inProj.w.data, row * H, N, H, D, true); // [N, D] = x·W_hᵀ + b_h
    }
  }
  const [q, kk, v] = buf.qkv;
  for (let b = 0; b < B; b++) {
    const len = lengthOf(lengths, b, T);
    for (let h = 0; h < heads; h++) {
      const blk = (h * B + b) * T * D; // this (b, h)'s [T, D] block
      const pOff = (b * heads + h) * T * T;
      k.matmulBt(buf.p, pOff, q, blk, kk, blk, T, D, T, false); // S = Q·Kᵀ [T, T]
      k.softmaxCausal(buf.p, pOff, T, len, scale);
      k.matmul(s.c, 0, buf.p, pOff, v, blk, T, T, D, false); // C = P·V [T, D]
      for (let t = 0; t < T; t++) {
        const dst = (b * T + t) * H + h * D;
        for (let e = 0; e < D; e++) ctx[dst + e] = s.c[t * D + e];
      }
    }
  }
}

/** From dctx [N, H]: the in-projection's gradients accumulate, and dx [N, H] = ∂L/∂x (overwritten). */
export function attentionBackward(k: Kernels, d: AttentionDims, lengths: Int32Array | null, dctx: Arr, x: Arr, inProj: InProjection, buf: AttentionBuffers, s: AttentionScratch, dx: Arr): void {
  const { B, T, heads, D } = d;
  const H = heads * D;
  const N = B * T;
  const scale = 1 / Math.sqrt(D);
  const [q, kk, v] = buf.qkv;
  const [dq, dk, dv] = s.dqkv;
  for (let b = 0; b < B; b++) {
    const len = lengthOf(lengths, b, T);
    for (let h = 0; h < heads; h++) {
      const blk = (h * B + b) * T * D;
      const pOff = (b * heads + h) * T * T;
      for (let t = 0; t < T; t++) {
        const src = (b * T + t) * H + h * D;
        for (let e = 0; e < D; e++) s.c[t * D + e] = dctx[src + e];
      }
      k.matmulBt(s.dp, 0, s.c, 0, v, blk, T, D, T, false); // dP = dC·Vᵀ [T, T]
      k.matmulAt(dv, blk, buf.p, pOff, s.c, 0, T, T, D, false); // dV = Pᵀ·dC [T, D]
      k.softmaxCausalBackward(buf.p, pOff, s.dp, T, len, scale);
      k.matmul(dq, blk, s.dp, 0, kk, blk, T, T, D, false); // dQ = dZ·K [T, D]
      k.matmulAt(dk, blk, s.dp, 0, q, blk, T, T, D, false); // dK = dZᵀ·Q [T, D]
    }
  }
  for (let which = 0; which < 3; which++) {
    for (let h = 0; h < heads; h++) {
      const row = which * H + h * D;
      const g = s.dqkv[which];
      const dBias = { dst: inProj.b.grad.subarray(row, row + D), dst2: null, oneHot: null };
      k.matmulAt(inProj.w.grad, row * H, g, h * N * D, x, 0, D, N, H, true, dBias); // dW_h += dᵀ·x, db_h += Σ d
      k.matmul(dx, 0, g, h * N * D, inProj.w.data, row * H, N, D, H, which > 0 || h > 0); // dx (+)= d·W_h
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

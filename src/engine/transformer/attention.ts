// Causal multi-head self-attention, as nn.MultiheadAttention(H, heads) with a −∞ mask above the
// diagonal, on rows (b, t) of a batch: n = b·T + t. Head h owns columns [h·D, (h+1)·D) of the
// context, D = H/heads, and rows h·D… of each third of in_proj_weight [3H, H] (q, then k, then v).
//
//   forward   QKV = x·W_inᵀ + b_in                                      [N, 3H]: Q | K | V by row
//             per row b, head h:  S = Q_h·K_hᵀ [T, T],  P = softmax(S/√D) over keys j ≤ t,  C = P·V_h [T, D]
//             ctx = [C_0 | C_1 | …]                                     [N, H]
//             out = ctx·W_outᵀ + b_out                                   (the caller)
//   backward  dP = dC·Vᵀ,  dV = Pᵀ·dC
//             dZ = P ⊙ (dP − Σ_j P·dP) / √D   (the softmax's Jacobian, then the scale)
//             dQ = dZ·K,  dK = dZᵀ·Q                                    dQKV [N, 3H]
//             dW_in += dQKVᵀ·x, db_in += Σ dQKV, dx = dQKV·W_in
//
// The projections are one product each way over all heads. The per-(b, h) part (scores, softmax,
// weighted sum and their backward) is one kernel call, `attention` / `attentionBackward`: the wasm
// kernels compute only the causal half, read Q, K, V in place (rows 3H apart) and write the context
// straight into ctx, and share the (b, h) pairs between threads; the JS references are below. P is
// [B, heads, T, T], kept for backward and the probe. Padding: a query t ≥ lengths[b] attends to
// nothing (its P row is 0), so it gives nothing forward or back; a valid query never sees a padded
// key (t < lengths[b] and j ≤ t), so padding changes no valid position.
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
  readonly qkv: Arr; // [N, 3H]: Q | K | V of every row
  readonly p: Arr; // [B, heads, T, T] attention weights (0 above the diagonal and on padded queries)

  constructor(d: AttentionDims, arena: Arena) {
    const N = d.B * d.T;
    this.qkv = arena.f(N * 3 * d.heads * d.D);
    this.p = arena.f(d.B * d.heads * d.T * d.T);
  }
}

/** Scratch shared by every layer: dQ, dK, dV. */
export class AttentionScratch {
  readonly dqkv: Arr; // [N, 3H]

  constructor(d: AttentionDims, arena: Arena) {
    this.dqkv = arena.f(d.B * d.T * 3 * d.heads * d.D);
  }
}

/** The in-projection's weight [3H, H] and bias [3H]. */
export interface InProjection {
  w: Param;
  b: Param;
}

/** From x [N, H] (norm1's output): ctx [N, H], the heads' contexts side by side; keeps QKV, P in buf. */
export function attentionForward(k: Kernels, d: AttentionDims, lengths: Int32Array, x: Arr, inProj: InProjection, buf: AttentionBuffers, ctx: Arr): void {
  const { B, T, heads, D } = d;
  const H = heads * D;
  const N = B * T;
  k.fillRows(buf.qkv, 0, N, 3 * H, inProj.b.data, null);
  k.matmulBt(buf.qkv, 0, x, 0, inProj.w.data, 0, N, H, 3 * H, true); // [N, 3H] = x·W_inᵀ + b_in
  k.attention(d, lengths, buf.qkv, buf.p, ctx);
}

/** From dctx [N, H]: the in-projection's gradients accumulate, and dx [N, H] = ∂L/∂x (overwritten). */
export function attentionBackward(
  k: Kernels,
  d: AttentionDims,
  lengths: Int32Array,
  dctx: Arr,
  x: Arr,
  inProj: InProjection,
  buf: AttentionBuffers,
  s: AttentionScratch,
  dx: Arr,
): void {
  const { B, T, heads, D } = d;
  const H = heads * D;
  const N = B * T;
  k.attentionBackward(d, lengths, buf.qkv, buf.p, dctx, s.dqkv);
  const dBias = { dst: inProj.b.grad, dst2: null, oneHot: null };
  k.matmulAt(inProj.w.grad, 0, s.dqkv, 0, x, 0, 3 * H, N, H, true, dBias); // dW_in += dQKVᵀ·x, db_in += Σ dQKV
  k.matmul(dx, 0, s.dqkv, 0, inProj.w.data, 0, N, 3 * H, H, false); // dx = dQKV·W_in
}

/**
 * The JS reference of the per-(b, h) part: P[b, h] = causal softmax(Q_h·K_hᵀ/√D) (rows t ≥ lengths[b]: 0)
 * and ctx[:, h·D…] = P·V_h, from qkv [N, 3H].
 */
export function attentionCore(d: AttentionDims, lengths: Int32Array, qkv: Arr, p: Arr, ctx: Arr): void {
  const { B, T, heads, D } = d;
  const H = heads * D;
  const scale = 1 / Math.sqrt(D);
  for (let b = 0; b < B; b++) {
    const len = lengths[b];
    for (let h = 0; h < heads; h++) {
      const pOff = (b * heads + h) * T * T;
      for (let t = 0; t < T; t++) {
        const row = pOff + t * T;
        const c = (b * T + t) * H + h * D;
        for (let j = 0; j < T; j++) p[row + j] = 0;
        for (let e = 0; e < D; e++) ctx[c + e] = 0;
        if (t >= len) continue;
        const q = (b * T + t) * 3 * H + h * D;
        let max = -Infinity;
        for (let j = 0; j <= t; j++) {
          const kj = (b * T + j) * 3 * H + H + h * D;
          let s = 0;
          for (let e = 0; e < D; e++) s += qkv[q + e] * qkv[kj + e];
          p[row + j] = s * scale;
          max = Math.max(max, s * scale);
        }
        let sum = 0;
        for (let j = 0; j <= t; j++) {
          const e = Math.exp(p[row + j] - max);
          p[row + j] = e;
          sum += e;
        }
        for (let j = 0; j <= t; j++) {
          const w = p[row + j] / sum;
          p[row + j] = w;
          const vj = (b * T + j) * 3 * H + 2 * H + h * D;
          for (let e = 0; e < D; e++) ctx[c + e] += w * qkv[vj + e];
        }
      }
    }
  }
}

/** The JS reference of its backward: dqkv [N, 3H] (overwritten) from dctx [N, H]. */
export function attentionCoreBackward(d: AttentionDims, lengths: Int32Array, qkv: Arr, p: Arr, dctx: Arr, dqkv: Arr): void {
  const { B, T, heads, D } = d;
  const H = heads * D;
  const scale = 1 / Math.sqrt(D);
  const dz = new Float64Array(T);
  dqkv.fill(0, 0, B * T * 3 * H);
  for (let b = 0; b < B; b++) {
    const len = lengths[b];
    for (let h = 0; h < heads; h++) {
      const pOff = (b * heads + h) * T * T;
      for (let t = 0; t < len; t++) {
        const row = pOff + t * T;
        const c = (b * T + t) * H + h * D;
        const q = (b * T + t) * 3 * H + h * D;
        let dot = 0;
        for (let j = 0; j <= t; j++) {
          const vj = (b * T + j) * 3 * H + 2 * H + h * D;
          let s = 0;
          for (let e = 0; e < D; e++) s += dctx[c + e] * qkv[vj + e]; // dP[t, j]
          dz[j] = s;
          dot += p[row + j] * s;
        }
        for (let j = 0; j <= t; j++) {
          const z = p[row + j] * (dz[j] - dot) * scale;
          const kj = (b * T + j) * 3 * H + H + h * D;
          for (let e = 0; e < D; e++) {
            dqkv[q + e] += z * qkv[kj + e]; // dQ_t += dZ·K_j
            dqkv[kj + e] += z * qkv[q + e]; // dK_j += dZ·Q_t
            dqkv[kj + H + e] += p[row + j] * dctx[c + e]; // dV_j += P·dC_t
          }
        }
      }
    }
  }
}

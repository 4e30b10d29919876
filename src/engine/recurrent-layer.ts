// One recurrent layer over a whole (T, B) window, forward and backward through time.
// Buffers are time-major, (T, B, ·), so the rows of one time step are contiguous.
//
//   forward   a = X·W_ihᵀ + b for all T·B rows in one product           the parallel part
//             for t: a[t] += h⟨t−1⟩·W_hhᵀ; cell; residual; padding       the sequential part
//   backward  for t = T−1..0: ∂L/∂h⟨t⟩ → da[t], and ∂L/∂h⟨t−1⟩ += da[t]·W_hh   sequential
//             then dW_ih, dW_hh, the biases and ∂L/∂X as whole-window products   parallel
//
// Residuals (DESIGN.md): across time, h⟨t⟩ = h̃⟨t⟩ + h⟨t−1⟩ where h̃ is the cell's output (the
// sum is both the output and the carried state; an LSTM's c is not summed). Across layers, a
// layer k ≥ 1 outputs y = h + x. Padding (steps t ≥ lengths[b]): the state is carried through
// unchanged and the step contributes no gradient.
import { gruBackward, gruForward } from './cells/gru';
import { lstmBackward, lstmForward } from './cells/lstm';
import { rnnBackward, rnnForward } from './cells/rnn';
import { fillRows, matmul, matmulAt, matmulBt, sumRows } from './matmul';
import { gatesOf, type CellKind } from './model-config';
import type { Param } from './param';
import { zeros, type Arr, type DType } from './tensor';

export interface LayerWeights {
  wih: Param; // [G·H, in]
  whh: Param; // [G·H, H]
  bih: Param; // [G·H]
  bhh: Param; // [G·H]
}

/** The window being processed. valid[t·B + b] = 1 for a real step, 0 for padding; null = no padding. */
export interface Window {
  B: number;
  T: number;
  valid: Uint8Array | null;
}

/** What a layer reads: dense rows X [T·B, in] (at offset off), or token ids [T·B] taken as one-hot columns (−1 = none). */
export type LayerInput = { kind: 'dense'; x: Arr; off: number } | { kind: 'one-hot'; tok: Int32Array };

/** Everything one layer keeps for one (B, T) shape, allocated once and reused across calls. */
export class LayerBuffers {
  readonly a: Arr; // [T, B, G·H] pre-activations, then post-activations (kept for backward)
  readonly gh: Arr | null; // GRU: [T, B, 3H] W_hh·h⟨t−1⟩ + b_hh (its n part is needed in backward)
  readonly hs: Arr; // [T+1, B, H] hs[0] = initial state, hs[t+1] = h⟨t⟩
  readonly cs: Arr | null; // LSTM: [T+1, B, H] cell states, like hs
  readonly tc: Arr | null; // LSTM: [T, B, H] tanh(c⟨t⟩)
  readonly y: Arr; // layer output [T, B, H] at offset yOff: hs itself, or h + x with a layer residual
  readonly yOff: number;
  readonly dy: Arr; // [T, B, H] ∂L/∂y
  readonly da: Arr; // [T, B, G·H] ∂L/∂(input-side pre-activations)
  readonly dgh: Arr; // [T, B, G·H] ∂L/∂(W_hh·h + b_hh); the same array as da for rnn/lstm
  readonly dh: Arr; // [B, H] ∂L/∂h⟨t⟩ at the current step
  readonly carryH: Arr; // [B, H] ∂L/∂h⟨t−1⟩ being accumulated
  dcIn: Arr | null; // LSTM [B, H] ∂L/∂c⟨t⟩ from step t+1 ...
  dcOut: Arr | null; // ... and ∂L/∂c⟨t−1⟩ (swapped each step)

  constructor(cell: CellKind, B: number, T: number, H: number, dtype: DType, ownOutput: boolean) {
    const GH = gatesOf(cell) * H;
    const lstm = cell === 'lstm';
    this.a = zeros(dtype, T * B * GH);
    this.gh = cell === 'gru' ? zeros(dtype, T * B * GH) : null;
    this.hs = zeros(dtype, (T + 1) * B * H);
    this.cs = lstm ? zeros(dtype, (T + 1) * B * H) : null;
    this.tc = lstm ? zeros(dtype, T * B * H) : null;
    this.y = ownOutput ? zeros(dtype, T * B * H) : this.hs;
    this.yOff = ownOutput ? 0 : B * H;
    this.dy = zeros(dtype, T * B * H);
    this.da = zeros(dtype, T * B * GH);
    this.dgh = cell === 'gru' ? zeros(dtype, T * B * GH) : this.da;
    this.dh = zeros(dtype, B * H);
    this.carryH = zeros(dtype, B * H);
    this.dcIn = lstm ? zeros(dtype, B * H) : null;
    this.dcOut = lstm ? zeros(dtype, B * H) : null;
  }
}

export class RecurrentLayer {
  readonly G: number;

  constructor(
    readonly cell: CellKind,
    readonly relu: boolean, // rnn only
    readonly H: number,
    readonly inSize: number,
    readonly timeResidual: boolean,
    readonly layerResidual: boolean, // y = h + x (needs inSize = H)
    readonly w: LayerWeights,
  ) {
    this.G = gatesOf(cell);
  }

  buffers(B: number, T: number, dtype: DType): LayerBuffers {
    return new LayerBuffers(this.cell, B, T, this.H, dtype, this.layerResidual);
  }

  /** a = X·W_ihᵀ + b_ih (+ b_hh for rnn/lstm, whose two biases simply add) for every step at once. */
  project(buf: LayerBuffers, win: Window, input: LayerInput): void {
    const N = win.T * win.B;
    const GH = this.G * this.H;
    const { a } = buf;
    fillRows(a, 0, N, GH, this.w.bih.data, this.cell === 'gru' ? null : this.w.bhh.data);
    if (input.kind === 'dense') {
      matmulBt(a, 0, input.x, input.off, this.w.wih.data, 0, N, this.inSize, GH, true);
      return;
    }
    // One-hot x: W_ih·x is column `tok` of W_ih [G·H, V].
    const wih = this.w.wih.data;
    const V = this.inSize;
    for (let n = 0; n < N; n++) {
      const tok = input.tok[n];
      if (tok < 0) continue;
      const an = n * GH;
      for (let j = 0; j < GH; j++) a[an + j] += wih[j * V + tok];
    }
  }

  /** The recurrence, step by step; then the layer output (y = h + x with a layer residual). */
  recur(buf: LayerBuffers, win: Window, input: LayerInput): void {
    const { B, T, valid } = win;
    const H = this.H;
    const GH = this.G * H;
    const BH = B * H;
    const { a, gh, hs, cs, tc } = buf;
    const whh = this.w.whh.data;
    for (let t = 0; t < T; t++) {
      const aOff = t * B * GH; // a[t], gh[t]: [B, G·H]
      const prev = t * BH; // hs[t] = h⟨t−1⟩, cs[t] = c⟨t−1⟩
      const cur = prev + BH; // hs[t+1] = h⟨t⟩
      switch (this.cell) {
        case 'rnn':
          matmulBt(a, aOff, hs, prev, whh, 0, B, H, GH, true);
          rnnForward(BH, this.relu, a, aOff, hs, cur);
          break;
        case 'lstm':
          matmulBt(a, aOff, hs, prev, whh, 0, B, H, GH, true);
          lstmForward(B, H, a, aOff, cs!, prev, cs!, cur, tc!, prev, hs, cur);
          break;
        case 'gru':
          fillRows(gh!, aOff, B, GH, this.w.bhh.data, null);
          matmulBt(gh!, aOff, hs, prev, whh, 0, B, H, GH, true);
          gruForward(B, H, a, aOff, gh!, aOff, hs, prev, hs, cur);
          break;
      }
      if (this.timeResidual) for (let i = 0; i < BH; i++) hs[cur + i] += hs[prev + i];
      if (valid) {
        for (let b = 0; b < B; b++) {
          if (valid[t * B + b]) continue;
          hs.copyWithin(cur + b * H, prev + b * H, prev + b * H + H);
          if (cs) cs.copyWithin(cur + b * H, prev + b * H, prev + b * H + H);
        }
      }
    }
    if (this.layerResidual) {
      if (input.kind !== 'dense') throw new Error('a layer residual needs a dense input');
      const { y } = buf;
      const { x, off } = input;
      for (let i = 0; i < T * BH; i++) y[i] = hs[BH + i] + x[off + i];
    }
  }

  /**
   * Backward through time from buf.dy (∂L/∂y, filled by the caller). Adds into the four weight
   * gradients; writes ∂L/∂x into dx [T·B, in] unless dx is null (it includes the layer residual's
   * identity path). gradNorm, if given, receives ‖∂L/∂h⟨t⟩‖ of batch row 0 for each t.
   */
  backward(buf: LayerBuffers, win: Window, input: LayerInput, dx: Arr | null, gradNorm: number[] | null): void {
    const { B, T, valid } = win;
    const H = this.H;
    const GH = this.G * H;
    const BH = B * H;
    const { a, gh, hs, cs, tc, dy, da, dgh, dh, carryH } = buf;
    const whh = this.w.whh.data;
    carryH.fill(0);
    buf.dcIn?.fill(0);
    for (let t = T - 1; t >= 0; t--) {
      const aOff = t * B * GH;
      const prev = t * BH;
      // ∂L/∂h⟨t⟩: through this step's output, plus what step t+1 sent back.
      for (let i = 0; i < BH; i++) dh[i] = dy[prev + i] + carryH[i];
      if (gradNorm) gradNorm[t] = norm(dh, 0, H);
      // ∂L/∂h⟨t−1⟩ starts with the paths that skip W_hh: the time residual's identity ...
      if (this.timeResidual) carryH.set(dh);
      else carryH.fill(0);
      // ... (and GRU's z ⊙ dh, added by the cell).
      switch (this.cell) {
        case 'rnn':
          rnnBackward(BH, this.relu, a, aOff, dh, 0, da, aOff);
          break;
        case 'lstm':
          lstmBackward(B, H, a, aOff, cs!, prev, tc!, prev, dh, buf.dcIn!, da, aOff, buf.dcOut!);
          break;
        case 'gru':
          gruBackward(B, H, a, aOff, gh!, aOff, hs, prev, dh, da, aOff, dgh, aOff, carryH);
          break;
      }
      if (valid) {
        // A padding step is the identity on the state: gradients pass straight through it and it
        // adds nothing to the weights. (With trailing padding ∂L/∂h⟨t⟩ is 0 there anyway; this
        // keeps the step right without relying on that.)
        for (let b = 0; b < B; b++) {
          if (valid[t * B + b]) continue;
          da.fill(0, aOff + b * GH, aOff + b * GH + GH);
          dgh.fill(0, aOff + b * GH, aOff + b * GH + GH);
          for (let j = 0; j < H; j++) carryH[b * H + j] = dh[b * H + j];
          if (buf.dcOut) for (let j = 0; j < H; j++) buf.dcOut[b * H + j] = buf.dcIn![b * H + j];
        }
      }
      matmul(carryH, 0, dgh, aOff, whh, 0, B, GH, H, true); // ∂L/∂h⟨t−1⟩ += dgh[t]·W_hh
      const dc = buf.dcIn;
      buf.dcIn = buf.dcOut;
      buf.dcOut = dc;
    }

    // Weight gradients: one product over the whole window each.
    const N = T * B;
    matmulAt(this.w.whh.grad, 0, dgh, 0, hs, 0, GH, N, H, true); // dW_hh += Σ_t dgh[t]ᵀ·h⟨t−1⟩
    sumRows(this.w.bih.grad, da, 0, N, GH);
    sumRows(this.w.bhh.grad, dgh, 0, N, GH);
    if (input.kind === 'one-hot') {
      const g = this.w.wih.grad;
      const V = this.inSize;
      for (let n = 0; n < N; n++) {
        const tok = input.tok[n];
        if (tok < 0) continue;
        for (let j = 0; j < GH; j++) g[j * V + tok] += da[n * GH + j];
      }
      return;
    }
    matmulAt(this.w.wih.grad, 0, da, 0, input.x, input.off, GH, N, this.inSize, true); // dW_ih += daᵀ·X
    if (!dx) return;
    matmul(dx, 0, da, 0, this.w.wih.data, 0, N, GH, this.inSize, false); // ∂L/∂X = da·W_ih
    if (this.layerResidual) for (let i = 0; i < N * H; i++) dx[i] += dy[i];
  }
}

function norm(v: Arr, off: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += v[off + i] * v[off + i];
  return Math.sqrt(s);
}

// One recurrent layer over a whole (T, B) window, forward and backward through time.
// Buffers are time-major, (T, B, ·), so the rows of one time step are contiguous.
//
//   forward   a = X·W_ihᵀ + b for all T·B rows in one product           the parallel part
//             for t: a[t] += h⟨t−1⟩·W_hhᵀ; cell; residual; padding       the sequential part
//   backward  for t = T−1..0: ∂L/∂h⟨t⟩ → da[t], and ∂L/∂h⟨t−1⟩ += da[t]·W_hh   sequential
//             then dW_ih, dW_hh, the biases and ∂L/∂X as whole-window products   parallel
//
// recur() and backward() here are the one JS reference of the time loops. The wasm kernel set runs
// the same loops in one call each, seq_forward and seq_backward (./wasm/assembly/kernels.ts), when a
// window has no padding and the residual across time is the plain sum (Kernels.forwardSequence).
//
// Residuals (docs/model.md): across time, h⟨t⟩ = h̃⟨t⟩ + h⟨t−1⟩ where h̃ is the cell's output (the
// sum is both the output and the carried state; an LSTM's c is not summed); or, leaky (with a
// `keep` λ in (0, 1)), h⟨t⟩ = λ·h⟨t−1⟩ + (1 − λ)·h̃⟨t⟩, a moving average that stays bounded. Across
// layers, a layer k ≥ 1 outputs y = h + x. Padding (steps t ≥ lengths[b]): the state is carried
// through unchanged and the step contributes no gradient.
//
// The kernels' whole-sequence loops (forwardSequence/backwardSequence) know the plain sum only: a
// leaky time residual runs the per-step loop below, with the per-step kernels.
import type { Arena, Kernels, SequenceArgs } from './kernels';
import { gatesOf, type RecurrentCell } from './model-config';
import type { Param } from './param';
import type { Arr } from './tensor';

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
  readonly k: Kernels; // the kernels that run on these arrays
  readonly a: Arr; // [T, B, G·H] pre-activations, then post-activations (kept for backward)
  readonly gh: Arr | null; // GRU: [T, B, 3H] W_hh·h⟨t−1⟩ + b_hh (its n part is needed in backward)
  readonly hs: Arr; // [T+1, B, H] hs[0] = initial state, hs[t+1] = h⟨t⟩
  readonly cs: Arr | null; // LSTM: [T+1, B, H] cell states, like hs
  readonly tc: Arr | null; // LSTM: [T, B, H] tanh(c⟨t⟩)
  readonly whhX: Arr; // W_hh prepared for this call's products (see RecurrentLayer.recur)
  readonly y: Arr; // layer output [T, B, H] at offset yOff: hs itself, or h + x with a layer residual
  readonly yOff: number;
  readonly dy: Arr; // [T, B, H] ∂L/∂y
  readonly da: Arr; // [T, B, G·H] ∂L/∂(input-side pre-activations)
  readonly dgh: Arr; // [T, B, G·H] ∂L/∂(W_hh·h + b_hh); the same array as da for rnn/lstm
  readonly dh: Arr; // [B, H] ∂L/∂h⟨t⟩ at the current step
  readonly carryH: Arr; // [B, H] ∂L/∂h⟨t−1⟩ being accumulated
  readonly dhCell: Arr | null; // leaky time residual: [B, H] ∂L/∂h̃⟨t⟩ = (1 − λ)·∂L/∂h⟨t⟩
  dcIn: Arr | null; // LSTM [B, H] ∂L/∂c⟨t⟩ from step t+1 ...
  dcOut: Arr | null; // ... and ∂L/∂c⟨t−1⟩ (swapped each step)

  constructor(cell: RecurrentCell, B: number, T: number, H: number, arena: Arena, ownOutput: boolean, leaky = false) {
    const GH = gatesOf(cell) * H;
    const lstm = cell === 'lstm';
    const f = (n: number) => arena.f(n);
    this.k = arena.k;
    this.a = f(T * B * GH);
    this.gh = cell === 'gru' ? f(T * B * GH) : null;
    this.hs = f((T + 1) * B * H);
    this.cs = lstm ? f((T + 1) * B * H) : null;
    this.tc = lstm ? f(T * B * H) : null;
    this.whhX = f(Math.max(arena.k.packedSize(GH, H), H * GH));
    this.y = ownOutput ? f(T * B * H) : this.hs;
    this.yOff = ownOutput ? 0 : B * H;
    this.dy = f(T * B * H);
    this.da = f(T * B * GH);
    this.dgh = cell === 'gru' ? f(T * B * GH) : this.da;
    this.dh = f(B * H);
    this.carryH = f(B * H);
    this.dhCell = leaky ? f(B * H) : null;
    this.dcIn = lstm ? f(B * H) : null;
    this.dcOut = lstm ? f(B * H) : null;
  }
}

export class RecurrentLayer {
  readonly G: number;

  constructor(
    readonly cell: RecurrentCell,
    readonly relu: boolean, // rnn only
    readonly H: number,
    readonly inSize: number,
    readonly timeResidual: boolean,
    readonly layerResidual: boolean, // y = h + x (needs inSize = H)
    readonly w: LayerWeights,
    /** With timeResidual: λ of the leaky form h⟨t⟩ = λ·h⟨t−1⟩ + (1 − λ)·h̃⟨t⟩; null = the plain sum. */
    readonly keep: number | null = null,
  ) {
    this.G = gatesOf(cell);
    if (keep !== null && !(keep > 0 && keep < 1)) throw new Error(`a leaky time residual keeps a fraction in (0, 1) of the state, got ${keep}`);
  }

  /** A leaky time residual (which the kernels' sequence loops do not compute). */
  private get leaky(): boolean {
    return this.timeResidual && this.keep !== null;
  }

  buffers(B: number, T: number, arena: Arena): LayerBuffers {
    return new LayerBuffers(this.cell, B, T, this.H, arena, this.layerResidual, this.leaky);
  }

  /** Whether the recurrent products of B rows run as A·B tiles (else as dot products). */
  private wide(B: number): boolean {
    return B >= 4 && (this.G * this.H) % 8 === 0;
  }

  /** a = X·W_ihᵀ + b_ih (+ b_hh for rnn/lstm, whose two biases simply add) for every step at once. */
  project(buf: LayerBuffers, win: Window, input: LayerInput): void {
    const N = win.T * win.B;
    const GH = this.G * this.H;
    const { a, k } = buf;
    const { wih, bih, bhh } = this.w;
    const bhhHere = this.cell === 'gru' ? null : bhh.data;
    if (input.kind === 'one-hot') {
      k.oneHotProject(a, input.tok, N, wih.data, GH, this.inSize, bih.data, bhhHere); // W_ih·x is column `tok` of W_ih [G·H, V]
      return;
    }
    k.fillRows(a, 0, N, GH, bih.data, bhhHere);
    k.matmulBt(a, 0, input.x, input.off, wih.data, 0, N, this.inSize, GH, true);
  }

  /**
   * The recurrence, step by step; then the layer output (y = h + x with a layer residual).
   *
   * The step's product h⟨t−1⟩·W_hhᵀ, and backward's dgh[t]·W_hh, run in whichever form suits the
   * kernels: with B ≥ 4 rows as A·B products (broadcasts of A against rows of B, W_hh packed for
   * the forward product), with fewer as dot products of contiguous rows (W_hhᵀ for the backward
   * one). That copy of W_hh, whhX, is made once per call here: the weights do not change within a step.
   */
  recur(buf: LayerBuffers, win: Window, input: LayerInput): void {
    const { B, T, valid } = win;
    const H = this.H;
    const GH = this.G * H;
    const BH = B * H;
    const { a, gh, hs, cs, tc, k, whhX } = buf;
    const whh = this.w.whh.data;
    const wide = this.wide(B);
    if (wide) k.packW(whhX, whh, GH, H);
    else k.transpose(whhX, whh, GH, H); // W_hhᵀ for backward
    if (!valid && !this.leaky && k.forwardSequence) {
      k.forwardSequence(this.sequence(buf, win));
      this.layerOutput(buf, win, input);
      return;
    }
    // C[B, G·H] += h⟨t−1⟩·W_hhᵀ, h⟨t−1⟩ at hs[prev]
    const recurrent = (C: Arr, cOff: number, prev: number): void => {
      if (wide) k.matmulPacked(C, cOff, hs, prev, whhX, B, H, GH, true);
      else k.matmulBt(C, cOff, hs, prev, whh, 0, B, H, GH, true);
    };
    for (let t = 0; t < T; t++) {
      const aOff = t * B * GH; // a[t], gh[t]: [B, G·H]
      const prev = t * BH; // hs[t] = h⟨t−1⟩, cs[t] = c⟨t−1⟩
      const cur = prev + BH; // hs[t+1] = h⟨t⟩
      switch (this.cell) {
        case 'rnn':
          recurrent(a, aOff, prev);
          k.rnnForward(BH, this.relu, a, aOff, hs, cur);
          break;
        case 'lstm':
          recurrent(a, aOff, prev);
          k.lstmForward(B, H, a, aOff, cs!, prev, cs!, cur, tc!, prev, hs, cur);
          break;
        case 'gru':
          k.fillRows(gh!, aOff, B, GH, this.w.bhh.data, null);
          recurrent(gh!, aOff, prev);
          k.gruForward(B, H, a, aOff, gh!, aOff, hs, prev, hs, cur);
          break;
      }
      if (this.leaky) leakyMix(hs, cur, prev, BH, this.keep!);
      else if (this.timeResidual) k.add(hs, cur, hs, cur, hs, prev, BH);
      if (valid) {
        for (let b = 0; b < B; b++) {
          if (valid[t * B + b]) continue;
          hs.copyWithin(cur + b * H, prev + b * H, prev + b * H + H);
          if (cs) cs.copyWithin(cur + b * H, prev + b * H, prev + b * H + H);
        }
      }
    }
    this.layerOutput(buf, win, input);
  }

  /** y = h + x with a layer residual (else y is hs itself). */
  private layerOutput(buf: LayerBuffers, win: Window, input: LayerInput): void {
    if (!this.layerResidual) return;
    if (input.kind !== 'dense') throw new Error('a layer residual needs a dense input');
    const BH = win.B * this.H;
    buf.k.add(buf.y, 0, buf.hs, BH, input.x, input.off, win.T * BH);
  }

  /** This window as the kernels' forwardSequence/backwardSequence see it. */
  private sequence(buf: LayerBuffers, win: Window): SequenceArgs {
    return {
      cell: this.cell,
      relu: this.relu,
      timeResidual: this.timeResidual,
      wide: this.wide(win.B),
      T: win.T,
      B: win.B,
      H: this.H,
      a: buf.a,
      gh: buf.gh,
      bhh: this.w.bhh.data,
      whh: this.w.whh.data,
      whhX: buf.whhX,
      hs: buf.hs,
      cs: buf.cs,
      tc: buf.tc,
      dy: buf.dy,
      da: buf.da,
      dgh: buf.dgh,
      dh: buf.dh,
      carry: buf.carryH,
      dcA: buf.dcIn,
      dcB: buf.dcOut,
    };
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
    const { a, gh, hs, cs, tc, dy, da, dgh, dh, carryH, k, whhX } = buf;
    const whh = this.w.whh.data; // and whhX = W_hhᵀ from recur(), unless wide
    if (!valid && !gradNorm && !this.leaky && k.backwardSequence) {
      k.backwardSequence(this.sequence(buf, win));
      this.weightGradients(buf, win, input, dx);
      return;
    }
    k.zero(carryH, 0, BH);
    if (buf.dcIn) k.zero(buf.dcIn, 0, BH);
    for (let t = T - 1; t >= 0; t--) {
      const aOff = t * B * GH;
      const prev = t * BH;
      // ∂L/∂h⟨t⟩: through this step's output, plus what step t+1 sent back.
      k.add(dh, 0, dy, prev, carryH, 0, BH);
      if (gradNorm) gradNorm[t] = norm(dh, 0, H);
      // ∂L/∂h⟨t−1⟩ starts with the paths that skip W_hh: the time residual's identity (λ·dh when
      // leaky, and then the cell's output gets (1 − λ)·dh) ...
      let dhc = dh; // ∂L/∂h̃⟨t⟩, what the cell's backward reads
      if (this.leaky) {
        dhc = buf.dhCell!;
        leakySplit(carryH, dhc, dh, BH, this.keep!);
      } else if (this.timeResidual) carryH.set(dh);
      else k.zero(carryH, 0, BH);
      // ... (and GRU's z ⊙ dh, added by the cell).
      switch (this.cell) {
        case 'rnn':
          k.rnnBackward(BH, this.relu, a, aOff, dhc, 0, da, aOff);
          break;
        case 'lstm':
          k.lstmBackward(B, H, a, aOff, cs!, prev, tc!, prev, dhc, buf.dcIn!, da, aOff, buf.dcOut!);
          break;
        case 'gru':
          k.gruBackward(B, H, a, aOff, gh!, aOff, hs, prev, dhc, da, aOff, dgh, aOff, carryH);
          break;
      }
      if (valid) {
        // A padding step is the identity on the state: gradients pass straight through it and it
        // adds nothing to the weights. (With trailing padding ∂L/∂h⟨t⟩ is 0 there anyway; this
        // keeps the step right without relying on that.)
        for (let b = 0; b < B; b++) {
          if (valid[t * B + b]) continue;
          k.zero(da, aOff + b * GH, GH);
          k.zero(dgh, aOff + b * GH, GH);
          for (let j = 0; j < H; j++) carryH[b * H + j] = dh[b * H + j];
          if (buf.dcOut) for (let j = 0; j < H; j++) buf.dcOut[b * H + j] = buf.dcIn![b * H + j];
        }
      }
      // ∂L/∂h⟨t−1⟩ += dgh[t]·W_hh
      if (this.wide(B)) k.matmul(carryH, 0, dgh, aOff, whh, 0, B, GH, H, true);
      else k.matmulBt(carryH, 0, dgh, aOff, whhX, 0, B, GH, H, true);
      const dc = buf.dcIn;
      buf.dcIn = buf.dcOut;
      buf.dcOut = dc;
    }

    this.weightGradients(buf, win, input, dx);
  }

  /** Weight gradients (one product over the whole window each) and ∂L/∂x, after the time loop. */
  private weightGradients(buf: LayerBuffers, win: Window, input: LayerInput, dx: Arr | null): void {
    const { k, da, dgh, hs, dy } = buf;
    const H = this.H;
    const GH = this.G * H;
    const N = win.T * win.B;
    // The bias gradients are column sums, taken as the products pass over da and dgh: b_hh's of dgh,
    // which for rnn/lstm is da itself, and then b_ih's sum, and a one-hot input's dW_ih, come with it.
    const { bih, bhh, wih } = this.w;
    const same = dgh === da;
    const oneHot = input.kind === 'one-hot' ? { G: wih.grad, tok: input.tok, V: this.inSize } : null;
    const hhSums = { dst: bhh.grad, dst2: same ? bih.grad : null, oneHot: same ? oneHot : null };
    k.matmulAt(this.w.whh.grad, 0, dgh, 0, hs, 0, GH, N, H, true, hhSums); // dW_hh += Σ_t dgh[t]ᵀ·h⟨t−1⟩
    if (input.kind === 'one-hot') {
      if (!same) k.oneHotGrad(wih.grad, input.tok, N, da, GH, this.inSize, bih.grad, null); // dW_ih[:, tok] += da rows
      return;
    }
    const ihSums = same ? undefined : { dst: bih.grad, dst2: null, oneHot: null };
    k.matmulAt(wih.grad, 0, da, 0, input.x, input.off, GH, N, this.inSize, true, ihSums); // dW_ih += daᵀ·X
    if (!dx) return;
    k.matmul(dx, 0, da, 0, this.w.wih.data, 0, N, GH, this.inSize, false); // ∂L/∂X = da·W_ih
    if (this.layerResidual) k.add(dx, 0, dx, 0, dy, 0, N * H);
  }
}

/** The leaky time residual's forward, in place: hs[cur + i] = λ·hs[prev + i] + (1 − λ)·hs[cur + i]. */
function leakyMix(hs: Arr, cur: number, prev: number, n: number, keep: number): void {
  const mix = 1 - keep;
  for (let i = 0; i < n; i++) hs[cur + i] = keep * hs[prev + i] + mix * hs[cur + i];
}

/** Its backward: ∂L/∂h⟨t−1⟩ starts at λ·dh, and the cell's output gets (1 − λ)·dh. */
function leakySplit(carry: Arr, dhCell: Arr, dh: Arr, n: number, keep: number): void {
  const mix = 1 - keep;
  for (let i = 0; i < n; i++) {
    carry[i] = keep * dh[i];
    dhCell[i] = mix * dh[i];
  }
}

function norm(v: Arr, off: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += v[off + i] * v[off + i];
  return Math.sqrt(s);
}

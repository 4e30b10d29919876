// LSTM cell, exactly PyTorch's nn.LSTM (gate order i, f, g, o):
//   [i f g o] = W_ih x + b_ih + W_hh h + b_hh        (each block H wide; row b of `a` is [4H])
//   i, f, o = σ(·),  g = tanh(·)
//   c' = f ⊙ c + i ⊙ g
//   h' = o ⊙ tanh(c')
// The layer has already summed the pre-activations into `a`; the cell is pointwise.
import type { Arr } from '../tensor';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * One step, B rows. a[B,4H]: pre-activations → post-activations i, f, g, o in place (kept for backward).
 * Reads cPrev[B,H]; writes c[B,H], tc[B,H] = tanh(c) (kept for backward) and h[B,H] = h̃.
 */
export function lstmForward(
  B: number,
  H: number,
  a: Arr,
  aOff: number,
  cPrev: Arr,
  cPrevOff: number,
  c: Arr,
  cOff: number,
  tc: Arr,
  tcOff: number,
  h: Arr,
  hOff: number,
): void {
  for (let b = 0; b < B; b++) {
    const ab = aOff + b * 4 * H;
    const hb = b * H;
    for (let j = 0; j < H; j++) {
      const i = sigmoid(a[ab + j]);
      const f = sigmoid(a[ab + H + j]);
      const g = Math.tanh(a[ab + 2 * H + j]);
      const o = sigmoid(a[ab + 3 * H + j]);
      a[ab + j] = i;
      a[ab + H + j] = f;
      a[ab + 2 * H + j] = g;
      a[ab + 3 * H + j] = o;
      const cc = f * cPrev[cPrevOff + hb + j] + i * g;
      const t = Math.tanh(cc);
      c[cOff + hb + j] = cc;
      tc[tcOff + hb + j] = t;
      h[hOff + hb + j] = o * t;
    }
  }
}

/**
 * Backward of one step. dh[B,H] = ∂L/∂h̃, dcNext[B,H] = ∂L/∂c' arriving from step t+1.
 * Writes da[B,4H] = ∂L/∂pre-activations and dcPrev[B,H] = ∂L/∂c (to step t−1).
 */
export function lstmBackward(
  B: number,
  H: number,
  a: Arr,
  aOff: number,
  cPrev: Arr,
  cPrevOff: number,
  tc: Arr,
  tcOff: number,
  dh: Arr,
  dcNext: Arr,
  da: Arr,
  daOff: number,
  dcPrev: Arr,
): void {
  for (let b = 0; b < B; b++) {
    const ab = aOff + b * 4 * H;
    const db = daOff + b * 4 * H;
    const hb = b * H;
    for (let j = 0; j < H; j++) {
      const i = a[ab + j];
      const f = a[ab + H + j];
      const g = a[ab + 2 * H + j];
      const o = a[ab + 3 * H + j];
      const t = tc[tcOff + hb + j];
      const d = dh[hb + j];
      const dc = dcNext[hb + j] + d * o * (1 - t * t);
      da[db + j] = dc * g * i * (1 - i); // ∂/∂i_pre
      da[db + H + j] = dc * cPrev[cPrevOff + hb + j] * f * (1 - f); // ∂/∂f_pre
      da[db + 2 * H + j] = dc * i * (1 - g * g); // ∂/∂g_pre
      da[db + 3 * H + j] = d * t * o * (1 - o); // ∂/∂o_pre
      dcPrev[hb + j] = dc * f;
    }
  }
}

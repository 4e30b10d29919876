// GRU cell, exactly PyTorch's nn.GRU (gate order r, z, n):
//   [xr xz xn] = W_ih x + b_ih        (`a`,  row b is [3H])
//   [hr hz hn] = W_hh h + b_hh        (`gh`, row b is [3H])
//   r = σ(xr + hr),  z = σ(xz + hz)
//   n = tanh(xn + r ⊙ hn)             (r gates the recurrent part only, bias included)
//   h' = (1 − z) ⊙ n + z ⊙ h
// Unlike rnn/lstm, the two projections cannot be summed before the cell, so the layer keeps gh.
import type { Arr } from '../tensor';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * One step, B rows. a[B,3H]: input projections → r, z, n in place (kept for backward).
 * Reads gh[B,3H] and hPrev[B,H]; writes h[B,H] = h̃.
 */
export function gruForward(B: number, H: number, a: Arr, aOff: number, gh: Arr, ghOff: number, hPrev: Arr, hPrevOff: number, h: Arr, hOff: number): void {
  for (let b = 0; b < B; b++) {
    const ab = aOff + b * 3 * H;
    const gb = ghOff + b * 3 * H;
    const hb = b * H;
    for (let j = 0; j < H; j++) {
      const r = sigmoid(a[ab + j] + gh[gb + j]);
      const z = sigmoid(a[ab + H + j] + gh[gb + H + j]);
      const n = Math.tanh(a[ab + 2 * H + j] + r * gh[gb + 2 * H + j]);
      a[ab + j] = r;
      a[ab + H + j] = z;
      a[ab + 2 * H + j] = n;
      h[hOff + hb + j] = (1 - z) * n + z * hPrev[hPrevOff + hb + j];
    }
  }
}

/**
 * Backward of one step. dh[B,H] = ∂L/∂h̃.
 * Writes da[B,3H] = ∂L/∂(W_ih x + b_ih), dgh[B,3H] = ∂L/∂(W_hh h + b_hh),
 * and adds the direct path z ⊙ dh into dhPrev[B,H] (the W_hh path is the layer's matmul).
 */
export function gruBackward(
  B: number,
  H: number,
  a: Arr,
  aOff: number,
  gh: Arr,
  ghOff: number,
  hPrev: Arr,
  hPrevOff: number,
  dh: Arr,
  da: Arr,
  daOff: number,
  dgh: Arr,
  dghOff: number,
  dhPrev: Arr,
): void {
  for (let b = 0; b < B; b++) {
    const ab = aOff + b * 3 * H;
    const gb = ghOff + b * 3 * H;
    const db = daOff + b * 3 * H;
    const dgb = dghOff + b * 3 * H;
    const hb = b * H;
    for (let j = 0; j < H; j++) {
      const r = a[ab + j];
      const z = a[ab + H + j];
      const n = a[ab + 2 * H + j];
      const d = dh[hb + j];
      const dnPre = d * (1 - z) * (1 - n * n);
      const drPre = dnPre * gh[gb + 2 * H + j] * r * (1 - r);
      const dzPre = d * (hPrev[hPrevOff + hb + j] - n) * z * (1 - z);
      da[db + j] = drPre;
      da[db + H + j] = dzPre;
      da[db + 2 * H + j] = dnPre;
      dgh[dgb + j] = drPre;
      dgh[dgb + H + j] = dzPre;
      dgh[dgb + 2 * H + j] = dnPre * r;
      dhPrev[hb + j] += d * z;
    }
  }
}

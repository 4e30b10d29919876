// Vanilla RNN cell, exactly PyTorch's nn.RNN:
//   h' = act(W_ih x + b_ih + W_hh h + b_hh),  act = tanh | relu
// The layer has already summed the pre-activation into `a` (input projection + biases + W_hh h),
// so the cell is pointwise. One step, all rows: n = B·H elements.
import type { Arr } from '../tensor';

/** a[n]: pre-activation → h̃ = act(a) in place (kept for backward); h[n] = h̃. */
export function rnnForward(n: number, relu: boolean, a: Arr, aOff: number, h: Arr, hOff: number): void {
  for (let i = 0; i < n; i++) {
    const x = a[aOff + i];
    const y = relu ? (x > 0 ? x : 0) : Math.tanh(x);
    a[aOff + i] = y;
    h[hOff + i] = y;
  }
}

/** dh[n] = ∂L/∂h̃ → da[n] = ∂L/∂pre-activation. `a` holds h̃; relu'(0) = 0 as in PyTorch. */
export function rnnBackward(n: number, relu: boolean, a: Arr, aOff: number, dh: Arr, dhOff: number, da: Arr, daOff: number): void {
  for (let i = 0; i < n; i++) {
    const y = a[aOff + i];
    const d = dh[dhOff + i];
    da[daOff + i] = relu ? (y > 0 ? d : 0) : d * (1 - y * y);
  }
}

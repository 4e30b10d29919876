// The optimizer's and the clipper's whole-array passes, in plain TypeScript: the readable reference
// for the kernels `sumSquares`, `allFinite` and `adam` (../engine/kernels.ts), which the wasm kernel
// set runs as sum_squares, all_finite and adam (./wasm/assembly/kernels.ts) on float32 arrays in its
// heap. These compute in float64 whatever the arrays hold.
import type { Arr } from './tensor';

/** Adam's per-step constants: PyTorch's lr/bc1 and √bc2, and the hyper-parameters. */
export interface AdamStep {
  stepSize: number;
  bc2Sqrt: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/** Σ (scale·a[i])² */
export function sumOfSquares(a: Arr, scale = 1): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] * scale;
    s += x * x;
  }
  return s;
}

/** True if no element is NaN or ±Infinity. */
export function allFiniteValues(a: Arr): boolean {
  // x - x is 0 for finite x and NaN for NaN/±Infinity: one comparison per element.
  for (let i = 0; i < a.length; i++) if (a[i] - a[i] !== 0) return false;
  return true;
}

/** A tensor for Adam: the values p, their gradient g and the moments m, v (all of p's length). */
export interface AdamTensor {
  p: Arr;
  g: Arr;
  m: Arr;
  v: Arr;
}

/** PyTorch's Adam: m.lerp_(g, 1-β1); v = β2·v + (1-β2)·g²; p -= (lr/bc1) · m / (√v/√bc2 + eps). */
export function adamUpdate(tensors: readonly AdamTensor[], h: AdamStep): void {
  const { stepSize, bc2Sqrt, beta1, beta2, eps } = h;
  for (const { p, g, m, v } of tensors) {
    for (let i = 0; i < p.length; i++) {
      const gi = g[i];
      m[i] = m[i] + (1 - beta1) * (gi - m[i]);
      v[i] = v[i] * beta2 + (1 - beta2) * gi * gi;
      p[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / bc2Sqrt + eps);
    }
  }
}

// Gradient clipping as torch.nn.utils.clip_grad_norm_ / clip_grad_value_, plus the checks the
// trainer needs: the pre-clip global norm (the UI plots it) and a NaN/Inf test (divergence).
import type { Param } from './param';
import { sumOfSquares } from './grad-ops';
import { kernelsOf } from './kernels';

export type ClipSpec = { norm: number } | { value: number };

export interface ClipResult {
  /** Global L2 norm of all gradients before clipping; NaN or Infinity if any gradient is. */
  norm: number;
  /** Whether any gradient was changed. */
  clipped: boolean;
}

/** Global L2 norm of every param's gradient, as if they were one vector. */
export function gradNorm(params: readonly Param[]): number {
  let sumSq = 0;
  for (const p of params) sumSq += kernelsOf(p.grad).sumSquares(p.grad);
  if (sumSq !== Infinity || !allFinite(params)) return Math.sqrt(sumSq);
  // Finite float64 gradients above ~1e154 overflow when squared: rescale by the largest |g|.
  let max = 0;
  for (const p of params) for (let i = 0; i < p.grad.length; i++) max = Math.max(max, Math.abs(p.grad[i]));
  let scaled = 0;
  for (const p of params) scaled += sumOfSquares(p.grad, 1 / max);
  return max * Math.sqrt(scaled);
}

/**
 * Clips in place and returns the pre-clip norm. Norm clipping leaves gradients alone when the norm
 * is NaN/Infinity (PyTorch would turn them all into NaN or 0); the trainer should call that step
 * diverged. Value clipping clamps ±Infinity to ±v, as clip_grad_value_ does; NaN stays NaN.
 */
export function clipGradients(params: readonly Param[], clip: ClipSpec | undefined): ClipResult {
  const norm = gradNorm(params);
  if (clip === undefined) return { norm, clipped: false };
  if ('norm' in clip) return { norm, clipped: clipNorm(params, clip.norm, norm) };
  return { norm, clipped: clipValue(params, clip.value) };
}

/** True if no gradient holds NaN or ±Infinity. */
export function allFinite(params: readonly Param[]): boolean {
  return params.every((p) => kernelsOf(p.grad).allFinite(p.grad));
}

// clip_grad_norm_: coef = max_norm / (norm + 1e-6), applied when coef < 1 (PyTorch multiplies by
// clamp(coef, max=1), so "norm > max_norm" up to that 1e-6).
function clipNorm(params: readonly Param[], maxNorm: number, norm: number): boolean {
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) throw new Error(`clip norm must be a finite number > 0, got ${maxNorm}`);
  const coef = maxNorm / (norm + 1e-6);
  if (!Number.isFinite(norm) || coef >= 1) return false;
  for (const p of params) {
    const g = p.grad;
    for (let i = 0; i < g.length; i++) g[i] *= coef;
  }
  return true;
}

// clip_grad_value_: clamp every element to [-v, v].
function clipValue(params: readonly Param[], v: number): boolean {
  if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`clip value must be a finite number >= 0, got ${v}`);
  let clipped = false;
  for (const p of params) {
    const g = p.grad;
    for (let i = 0; i < g.length; i++) {
      if (g[i] > v) {
        g[i] = v;
        clipped = true;
      } else if (g[i] < -v) {
        g[i] = -v;
        clipped = true;
      }
    }
  }
  return clipped;
}

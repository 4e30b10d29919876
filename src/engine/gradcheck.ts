// Finite-difference gradient check in float64: every parameter's analytic gradient (Model.step)
// against a numerical derivative of the loss.
//
// The numerical derivative is the fourth-order central difference
//   f'(w) ≈ (8(f(w+h) − f(w−h)) − (f(w+2h) − f(w−2h))) / 12h
// with h = 1e-3 (truncation error ~h⁴, rounding noise ~1e-13 absolute). A ReLU net uses
// h = 1e-5 instead: a step that moves a pre-activation across 0 measures the kink, not the slope,
// and a smaller step makes that rare (it shows as one element with a large error; `worst` names it).
//
// Relative error per element: |analytic − numeric| / max(|analytic|, |numeric|, tiny). The numeric
// derivative carries rounding noise of roughly 1e-16·|loss|/h, so by default
// tiny = 1e-9·max(1, |loss|)/h (1e-6 for h = 1e-3 and a loss near 1): gradients smaller than that
// are compared absolutely, and noise alone stays near 1e-7 instead of swamping tiny gradients.
//
// Elements: all of them when a tensor has at most `maxPerTensor` (default 64); otherwise a
// deterministic sample of maxPerTensor distinct indices drawn by Rng(seed + tensor's position)
// (seed default 1), the same on every run.
import type { Batch } from './batch';
import { createModel } from './create-model';
import type { ModelConfig } from './model-config';
import type { Param } from './param';
import { SHARED_NAMES } from './param-names';
import type { State } from './sequence-model';
import { Rng } from './rng';

export interface GradcheckOptions {
  /** Fills the parameters (default: every value U(−1/√H, 1/√H) from Rng(seed), the embedding U(−1, 1)). */
  init?: (params: Param[]) => void;
  initialState?: State;
  maxPerTensor?: number;
  h?: number; // default 1e-3, or 1e-5 for a ReLU net
  seed?: number;
  tiny?: number; // floor of the relative error's denominator (default 1e-9·max(1, |loss|)/h)
}

export interface GradcheckRow {
  name: string;
  shape: number[];
  checked: number; // elements compared
  total: number;
  /** max over checked elements of |analytic − numeric| / max(|analytic|, |numeric|, tiny) */
  maxRelError: number;
  maxAbsError: number;
  worst: { index: number; analytic: number; numeric: number }; // the element with maxRelError
}

export function gradcheck(config: ModelConfig, batch: Batch, opts: GradcheckOptions = {}): GradcheckRow[] {
  const h = opts.h ?? (config.cell === 'rnn' && config.activation === 'relu' ? 1e-5 : 1e-3);
  const seed = opts.seed ?? 1;
  const maxPer = opts.maxPerTensor ?? 64;
  const model = createModel({ ...config, dtype: 'float64' });
  (opts.init ?? ((ps: Param[]) => defaultInit(ps, config.hiddenSize, seed)))(model.params);
  const lossAt = () => model.step(batch, { backward: false, initialState: opts.initialState }).loss;

  const loss = model.step(batch, { initialState: opts.initialState }).loss;
  const tiny = opts.tiny ?? (1e-9 * Math.max(1, Math.abs(loss))) / h;
  const analytic = model.params.map((p) => Float64Array.from(p.grad));

  return model.params.map((p, pi) => {
    const row: GradcheckRow = {
      name: p.name,
      shape: p.shape,
      checked: 0,
      total: p.data.length,
      maxRelError: 0,
      maxAbsError: 0,
      worst: { index: -1, analytic: 0, numeric: 0 },
    };
    for (const i of elementsToCheck(p.data.length, maxPer, seed + pi)) {
      const w = p.data[i];
      const f = (d: number) => {
        p.data[i] = w + d;
        return lossAt();
      };
      // Differences first: equal losses (an unused weight) give exactly 0, not rounding noise.
      const numeric = (8 * (f(h) - f(-h)) - (f(2 * h) - f(-2 * h))) / (12 * h);
      p.data[i] = w;
      const a = analytic[pi][i];
      const abs = Math.abs(a - numeric);
      const rel = abs / Math.max(Math.abs(a), Math.abs(numeric), tiny);
      row.checked++;
      row.maxAbsError = Math.max(row.maxAbsError, abs);
      if (rel >= row.maxRelError) {
        row.maxRelError = rel;
        row.worst = { index: i, analytic: a, numeric };
      }
    }
    return row;
  });
}

/** All indices of a tensor of n elements, or `max` distinct ones drawn by Rng(seed), ascending. */
export function elementsToCheck(n: number, max: number, seed: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const rng = new Rng(seed);
  const picked = new Set<number>();
  while (picked.size < max) picked.add(rng.int(n));
  return [...picked].sort((a, b) => a - b);
}

function defaultInit(params: Param[], H: number, seed: number): void {
  const rng = new Rng(seed);
  const k = 1 / Math.sqrt(H);
  for (const p of params) {
    const s = p.name === SHARED_NAMES.embedding ? 1 : k;
    for (let i = 0; i < p.data.length; i++) p.data[i] = rng.uniform(-s, s);
  }
}

// Losses over the head outputs and their gradients, mean-reduced exactly like PyTorch
// (reduction="mean"). Rows are positions, N of them with O values each: N = B·T (at=every) or
// B (at=last), batch-first like the targets.
import type { Arr } from './tensor';

export interface LossValue {
  loss: number; // mean; 0 when nothing is scored
  scored: number; // rows (cross-entropy) or elements (mse) in the mean
  correct: number; // cross-entropy: argmax hits among the scored rows; mse: 0
}

/**
 * How many of N rows cross-entropy scores: rows in use (use null: all) whose target is ≥ 0. A target
 * ≥ O is an error naming its position.
 */
export function scoredRows(targets: Int32Array, use: Uint8Array | null, N: number, O: number): number {
  let scored = 0;
  for (let n = 0; n < N; n++) {
    if (use && !use[n]) continue;
    const y = targets[n];
    if (y >= O) throw new Error(`target class ${y} at position ${n} is out of range: the model has ${O} classes`);
    if (y >= 0) scored++;
  }
  return scored;
}

/**
 * Softmax cross-entropy, mean over scored rows. Row n is scored when use[n] ≠ 0 (use = null: all rows)
 * and targets[n] ≥ 0 (−1 is PyTorch's ignore_index). Writes ∂loss/∂logits into dlogits (0 on
 * unscored rows) unless it is null.
 */
export function crossEntropy(
  logits: Arr, // [N, O]
  targets: Int32Array, // [N]
  use: Uint8Array | null, // [N]
  N: number,
  O: number,
  dlogits: Arr | null, // [N, O]
): LossValue {
  const scored = scoredRows(targets, use, N, O);
  const inv = scored > 0 ? 1 / scored : 0;
  let sum = 0;
  let correct = 0;
  for (let n = 0; n < N; n++) {
    const off = n * O;
    const y = targets[n];
    if ((use && !use[n]) || y < 0) {
      dlogits?.fill(0, off, off + O);
      continue;
    }
    let best = 0; // argmax, first on ties
    for (let o = 1; o < O; o++) if (logits[off + o] > logits[off + best]) best = o;
    const max = logits[off + best];
    let z = 0;
    for (let o = 0; o < O; o++) z += Math.exp(logits[off + o] - max);
    sum += max + Math.log(z) - logits[off + y]; // −log softmax(logits)[y]
    if (best === y) correct++;
    if (dlogits) {
      // ∂/∂logits = (softmax − onehot(y)) / scored
      for (let o = 0; o < O; o++) dlogits[off + o] = (Math.exp(logits[off + o] - max) / z) * inv;
      dlogits[off + y] -= inv;
    }
  }
  return { loss: scored > 0 ? sum / scored : 0, scored, correct };
}

/**
 * Mean squared error over scored elements: the O values of every row n with use[n] ≠ 0 (use = null: all rows).
 * Writes ∂loss/∂out into dout (0 on unscored rows) unless it is null.
 */
export function meanSquaredError(
  out: Arr, // [N, O]
  targets: Arr, // [N, O]
  use: Uint8Array | null, // [N]
  N: number,
  O: number,
  dout: Arr | null, // [N, O]
): LossValue {
  let rows = 0;
  for (let n = 0; n < N; n++) if (!use || use[n]) rows++;
  const scored = rows * O;
  const k = scored > 0 ? 2 / scored : 0;
  let sum = 0;
  for (let n = 0; n < N; n++) {
    const off = n * O;
    if (use && !use[n]) {
      dout?.fill(0, off, off + O);
      continue;
    }
    for (let o = 0; o < O; o++) {
      const d = out[off + o] - targets[off + o];
      sum += d * d;
      if (dout) dout[off + o] = d * k;
    }
  }
  return { loss: scored > 0 ? sum / scored : 0, scored, correct: 0 };
}

// Batches from stream windows: token ids (char-lm, word-lm) or rows of reals (series).
// Input at step t is item p = starts[b] + t, the target is item p + 1; padded steps are not scored.
import type { Batch } from '../engine/batch';
import { zeros, type DType } from '../engine/tensor';
import type { StreamWindow } from './stream';

/** tokens [B*T] and targetIds [B*T] (-1 on padding). */
export function tokenWindowBatch(ids: ArrayLike<number>, w: StreamWindow): Batch {
  const { B, T } = w;
  const tokens = new Int32Array(B * T);
  const targetIds = new Int32Array(B * T).fill(-1);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < w.valid[b]; t++) {
      const p = w.starts[b] + t;
      tokens[b * T + t] = ids[p];
      targetIds[b * T + t] = ids[p + 1];
    }
  }
  return { B, T, tokens, targetIds };
}

/** reals [B*T*C] and targetReals [B*T*C] from rows of C values; a mask when some steps are padding. */
export function realWindowBatch(rows: ArrayLike<number>, C: number, w: StreamWindow, dtype: DType): Batch {
  const { B, T } = w;
  const reals = zeros(dtype, B * T * C);
  const targetReals = zeros(dtype, B * T * C);
  const padded = w.valid.some((v) => v < T);
  const mask = padded ? new Uint8Array(B * T) : undefined;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < w.valid[b]; t++) {
      const p = w.starts[b] + t;
      const at = (b * T + t) * C;
      for (let c = 0; c < C; c++) {
        reals[at + c] = rows[p * C + c];
        targetReals[at + c] = rows[(p + 1) * C + c];
      }
      if (mask) mask[b * T + t] = 1;
    }
  }
  return mask ? { B, T, reals, targetReals, mask } : { B, T, reals, targetReals };
}

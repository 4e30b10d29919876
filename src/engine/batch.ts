import type { Arr } from './tensor';

/**
 * One mini-batch, row-major with batch first (b, t).
 * - inputs: tokens [B*T] (Int32Array of ids) or reals [B*T*I].
 * - lengths (optional): valid steps per sequence; steps t >= lengths[b] are padding and must change
 *   no loss, output or gradient. With at="last" the head reads step lengths[b]-1.
 * - targets: at="every": class ids [B*T] (-1 = position not scored) or reals [B*T*O];
 *            at="last":  class ids [B]                                or reals [B*O].
 * - mask (optional, mse + at="every" only): [B*T], 1 = scored, 0 = not.
 */
export interface Batch {
  B: number;
  T: number;
  tokens?: Int32Array;
  reals?: Arr;
  lengths?: Int32Array;
  targetIds?: Int32Array;
  targetReals?: Arr;
  mask?: Uint8Array;
}

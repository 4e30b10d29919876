// Truncated BPTT inside fixed-length sequences: cut a batch [B, T] into windows [B, w] along time.
// Only for heads scored at every step (targets are per step); the state is carried by the caller.
import type { Batch } from '../engine/batch';
import type { Arr } from '../engine/tensor';

export function timeWindows(batch: Batch, w: number): Batch[] {
  const out: Batch[] = [];
  for (let t0 = 0; t0 < batch.T; t0 += w) out.push(sliceTime(batch, t0, Math.min(batch.T, t0 + w)));
  return out;
}

function sliceTime(b: Batch, t0: number, t1: number): Batch {
  const T = t1 - t0;
  const rows = <A extends Arr | Int32Array | Uint8Array>(src: A | undefined, per: number): A | undefined => {
    if (!src) return undefined;
    const dst = new (src.constructor as new (n: number) => A)(b.B * T * per);
    for (let r = 0; r < b.B; r++) dst.set(src.subarray((r * b.T + t0) * per, (r * b.T + t1) * per), r * T * per);
    return dst;
  };
  const inPer = b.reals ? b.reals.length / (b.B * b.T) : 1;
  const outPer = b.targetReals ? b.targetReals.length / (b.B * b.T) : 1;
  return {
    B: b.B,
    T,
    tokens: rows(b.tokens, 1),
    reals: rows(b.reals, inPer),
    lengths: b.lengths?.map((n) => Math.max(0, Math.min(T, n - t0))),
    targetIds: rows(b.targetIds, 1),
    targetReals: rows(b.targetReals, outPer),
    mask: rows(b.mask, 1),
  };
}

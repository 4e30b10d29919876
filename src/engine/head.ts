// The linear head and its loss, for every model family: logits = x·Wᵀ + b over the top features
// (every position with at=every; the last valid step of each sequence with at=last), then
// cross-entropy or MSE over the scored rows (masked where the batch pads or masks), and backward the
// head's gradients and ∂L/∂x.
//
// The families lay their top features out differently: the recurrent layers time-major (row t·B + b),
// the Transformer batch-first (row b·T + t). `outputs` is always batch-first.
import type { Batch } from './batch';
import type { ColumnSums, Kernels } from './kernels';
import type { LossValue } from './loss';
import type { ModelConfig } from './model-config';
import type { Param } from './param';
import type { Arr } from './tensor';

/** What a family's workspace holds for its head. */
export interface HeadBuffers {
  readonly k: Kernels;
  readonly logits: Arr; // [N, O], rows as the features (N = B·T at every, B at last)
  readonly dLogits: Arr;
  readonly outputs: Arr; // [B·T·O] or [B·O], batch-first
  readonly last: Arr | null; // [B, H] at=last: each sequence's last valid row of features
  readonly dLast: Arr | null;
  readonly use: Uint8Array;
  readonly targetIds: Int32Array | null;
  readonly targetReals: Arr | null;
}

/** The top features the head reads, and where ∂L/∂features goes. */
export interface HeadInput {
  readonly x: Arr; // [N, H] from xOff
  readonly xOff: number;
  readonly dx: Arr; // [N, H] from 0, overwritten
  readonly timeMajor: boolean;
}

type HeadConfig = Pick<ModelConfig, 'at' | 'loss' | 'outputSize' | 'hiddenSize'>;

/** Row of sequence b's last valid step. */
function lastRow(batch: Batch, b: number, timeMajor: boolean): number {
  const t = batch.lengths ? batch.lengths[b] - 1 : batch.T - 1;
  return timeMajor ? t * batch.B + b : b * batch.T + t;
}

export function headForward(cfg: HeadConfig, ws: HeadBuffers, w: Param, bias: Param, batch: Batch, input: HeadInput): void {
  const { B, T } = batch;
  const { hiddenSize: H, outputSize: O } = cfg;
  const { k, logits, outputs } = ws;
  const { x, xOff } = input;
  if (cfg.at === 'every') {
    const N = T * B;
    k.fillRows(logits, 0, N, O, bias.data, null);
    k.matmulBt(logits, 0, x, xOff, w.data, 0, N, H, O, true); // logits[N, O] = X·Wᵀ + b
    if (input.timeMajor) k.timeToBatch(outputs, logits, T, B, O);
    else outputs.set(logits);
    return;
  }
  const last = ws.last!;
  for (let b = 0; b < B; b++) {
    const src = xOff + lastRow(batch, b, input.timeMajor) * H;
    for (let j = 0; j < H; j++) last[b * H + j] = x[src + j];
  }
  k.fillRows(logits, 0, B, O, bias.data, null);
  k.matmulBt(logits, 0, last, 0, w.data, 0, B, H, O, true); // logits[B, O] = last·Wᵀ + b
  outputs.set(logits);
}

export function headLoss(cfg: HeadConfig, ws: HeadBuffers, batch: Batch, backward: boolean): LossValue {
  const { B, T } = batch;
  const O = cfg.outputSize;
  const every = cfg.at === 'every';
  const N = every ? B * T : B;
  const use = every && (batch.lengths || batch.mask) ? ws.use : null;
  const d = backward ? ws.dLogits : null;
  return cfg.loss === 'cross-entropy'
    ? ws.k.crossEntropy(ws.logits, ws.targetIds!, use, N, O, d)
    : ws.k.meanSquaredError(ws.logits, ws.targetReals!, use, N, O, d);
}

/** From ws.dLogits: dW, db (accumulated) and input.dx = ∂L/∂features (overwritten). */
export function headBackward(cfg: HeadConfig, ws: HeadBuffers, w: Param, bias: Param, batch: Batch, input: HeadInput): void {
  const { B, T } = batch;
  const { hiddenSize: H, outputSize: O } = cfg;
  const { k, dLogits } = ws;
  const { x, xOff, dx } = input;
  const sums: ColumnSums = { dst: bias.grad, dst2: null, oneHot: null };
  if (cfg.at === 'every') {
    const N = T * B;
    k.matmulAt(w.grad, 0, dLogits, 0, x, xOff, O, N, H, true, sums); // dW = dLogitsᵀ·X, db = Σ dLogits
    k.matmul(dx, 0, dLogits, 0, w.data, 0, N, O, H, false); // dX = dLogits·W
    return;
  }
  const dLast = ws.dLast!;
  k.matmulAt(w.grad, 0, dLogits, 0, ws.last!, 0, O, B, H, true, sums);
  k.matmul(dLast, 0, dLogits, 0, w.data, 0, B, O, H, false);
  k.zero(dx, 0, B * T * H);
  for (let b = 0; b < B; b++) {
    const dst = lastRow(batch, b, input.timeMajor) * H;
    for (let j = 0; j < H; j++) dx[dst + j] = dLast[b * H + j];
  }
}

// The loss over a head's logits, for every model family: cross-entropy or MSE over the scored rows
// (every position with at=every, masked where the batch pads or masks; one row per sequence with
// at=last), writing ∂L/∂logits when backward is asked for.
import type { Batch } from './batch';
import type { Kernels } from './kernels';
import type { LossValue } from './loss';
import type { ModelConfig } from './model-config';
import type { Arr } from './tensor';

/** What a family's workspace holds for its head: logits and their gradient, targets, the scored-row mask. */
export interface HeadBuffers {
  readonly k: Kernels;
  readonly logits: Arr;
  readonly dLogits: Arr;
  readonly use: Uint8Array;
  readonly targetIds: Int32Array | null;
  readonly targetReals: Arr | null;
}

export function headLoss(cfg: Pick<ModelConfig, 'at' | 'loss' | 'outputSize'>, ws: HeadBuffers, batch: Batch, backward: boolean): LossValue {
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

// Placeholder until the Transformer family lands: the seam (../sequence-model.ts) is in place.
import type { TransformerConfig } from '../model-config';
import type { SequenceModel } from '../sequence-model';

export class TransformerModel {
  constructor(cfg: TransformerConfig) {
    throw new Error(`model config: the transformer family is not built yet (H = ${cfg.hiddenSize})`);
  }
}
export type { SequenceModel };

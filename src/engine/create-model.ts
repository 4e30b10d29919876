// Builds the model of a config's family: the one place that knows which families exist.
import type { ModelConfig } from './model-config';
import { Model } from './model';
import type { SequenceModel } from './sequence-model';
import { TransformerModel } from './transformer/transformer-model';

export function createModel(cfg: ModelConfig): SequenceModel {
  return cfg.cell === 'transformer' ? new TransformerModel(cfg) : new Model(cfg);
}

// Builds the model of a config's family: the one place that knows which families exist.
import type { ModelConfig } from './model-config';
import { Model, recurrentParamShapes } from './model';
import type { SequenceModel } from './sequence-model';
import { TransformerModel } from './transformer/transformer-model';
import { transformerParamShapes } from './transformer/transformer-params';

export function createModel(cfg: ModelConfig): SequenceModel {
  return cfg.cell === 'transformer' ? new TransformerModel(cfg) : new Model(cfg);
}

/** Every parameter's name and shape in state_dict order, without allocating the model. */
function paramShapesOf(cfg: ModelConfig): [string, number[]][] {
  return cfg.cell === 'transformer' ? transformerParamShapes(cfg) : recurrentParamShapes(cfg);
}

export function parameterCountOf(cfg: ModelConfig): number {
  return paramShapesOf(cfg).reduce((n, [, shape]) => n + shape.reduce((a, b) => a * b, 1), 0);
}

// Builds the model of a config's family: the one place that knows which families exist.
import type { ModelConfig } from './model-config';
import { Model, recurrentParamShapes } from './model';
import type { SequenceModel } from './sequence-model';
import { TransformerModel } from './transformer/transformer-model';

export function createModel(cfg: ModelConfig): SequenceModel {
  return cfg.cell === 'transformer' ? new TransformerModel(cfg) : new Model(cfg);
}

/** Every parameter's name and shape in state_dict order, without allocating the model. */
export function paramShapesOf(cfg: ModelConfig): [string, number[]][] {
  if (cfg.cell !== 'transformer') return recurrentParamShapes(cfg);
  // until the transformer family lands its own table (transformer-params.ts)
  const { hiddenSize: H, ffn: F, layers: L, input, outputSize: O, context } = cfg;
  const out: [string, number[]][] = input.kind === 'tokens' ? [['embedding.weight', [input.vocabSize, H]]] : [['input.weight', [H, input.size]], ['input.bias', [H]]];
  out.push(['position.weight', [context, H]]);
  for (let k = 0; k < L; k++) {
    const p = `encoder.layers.${k}.`;
    out.push([`${p}self_attn.in_proj_weight`, [3 * H, H]], [`${p}self_attn.in_proj_bias`, [3 * H]], [`${p}self_attn.out_proj.weight`, [H, H]], [`${p}self_attn.out_proj.bias`, [H]]);
    out.push([`${p}linear1.weight`, [F, H]], [`${p}linear1.bias`, [F]], [`${p}linear2.weight`, [H, F]], [`${p}linear2.bias`, [H]]);
    out.push([`${p}norm1.weight`, [H]], [`${p}norm1.bias`, [H]], [`${p}norm2.weight`, [H]], [`${p}norm2.bias`, [H]]);
  }
  out.push(['encoder.norm.weight', [H]], ['encoder.norm.bias', [H]], ['head.weight', [O, H]], ['head.bias', [O]]);
  return out;
}

export function parameterCountOf(cfg: ModelConfig): number {
  return paramShapesOf(cfg).reduce((n, [, shape]) => n + shape.reduce((a, b) => a * b, 1), 0);
}

// The Transformer's parameters: every name and shape, written once, in PyTorch's state_dict order
// (docs/model.md, "The Transformer"): the input (embedding.weight, or input.weight and
// input.bias), position.weight, per layer encoder.layers.{k}.* (self_attn, linear1, linear2, norm1,
// norm2), encoder.norm.*, head.*.
import type { TransformerConfig } from '../model-config';
import type { Param } from '../param';

/** One encoder layer's parameters under short names. */
export interface LayerParams {
  inW: Param; // self_attn.in_proj_weight [3H, H]: rows [0, H) make q, [H, 2H) k, [2H, 3H) v
  inB: Param; // self_attn.in_proj_bias [3H]
  outW: Param; // self_attn.out_proj.weight [H, H]
  outB: Param; // self_attn.out_proj.bias [H]
  w1: Param; // linear1.weight [F, H]
  b1: Param; // linear1.bias [F]
  w2: Param; // linear2.weight [H, F]
  b2: Param; // linear2.bias [H]
  norm1W: Param; // norm1.weight [H]
  norm1B: Param; // norm1.bias [H]
  norm2W: Param; // norm2.weight [H]
  norm2B: Param; // norm2.bias [H]
}

/** The suffix after `encoder.layers.{k}.` of each LayerParams field, in state_dict order. */
const LAYER_PARAMS: readonly (readonly [keyof LayerParams, string])[] = [
  ['inW', 'self_attn.in_proj_weight'],
  ['inB', 'self_attn.in_proj_bias'],
  ['outW', 'self_attn.out_proj.weight'],
  ['outB', 'self_attn.out_proj.bias'],
  ['w1', 'linear1.weight'],
  ['b1', 'linear1.bias'],
  ['w2', 'linear2.weight'],
  ['b2', 'linear2.bias'],
  ['norm1W', 'norm1.weight'],
  ['norm1B', 'norm1.bias'],
  ['norm2W', 'norm2.weight'],
  ['norm2B', 'norm2.bias'],
];

export const layerPrefix = (k: number): string => `encoder.layers.${k}.`;

/** Every parameter's name and shape in state_dict order. */
export function transformerParamShapes(cfg: TransformerConfig): [string, number[]][] {
  const { hiddenSize: H, layers: L, ffn: F, context, input, outputSize: O } = cfg;
  const out: [string, number[]][] = [];
  if (input.kind === 'tokens') out.push(['embedding.weight', [input.vocabSize, H]]);
  else out.push(['input.weight', [H, input.size]], ['input.bias', [H]]);
  out.push(['position.weight', [context, H]]);
  const shapes: Record<keyof LayerParams, number[]> = {
    inW: [3 * H, H],
    inB: [3 * H],
    outW: [H, H],
    outB: [H],
    w1: [F, H],
    b1: [F],
    w2: [H, F],
    b2: [H],
    norm1W: [H],
    norm1B: [H],
    norm2W: [H],
    norm2B: [H],
  };
  for (let k = 0; k < L; k++) for (const [key, suffix] of LAYER_PARAMS) out.push([layerPrefix(k) + suffix, shapes[key]]);
  out.push(['encoder.norm.weight', [H]], ['encoder.norm.bias', [H]]);
  out.push(['head.weight', [O, H]], ['head.bias', [O]]);
  return out;
}

/** Layer k's parameters, looked up by name. */
export function layerParams(k: number, param: (name: string) => Param): LayerParams {
  const out = {} as LayerParams;
  for (const [key, suffix] of LAYER_PARAMS) out[key] = param(layerPrefix(k) + suffix);
  return out;
}

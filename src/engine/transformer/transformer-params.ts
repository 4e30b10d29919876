// The Transformer's parameters: every name and shape, written once, in PyTorch's state_dict order
// (docs/model.md, "The Transformer"): the input (embedding.weight, or input.weight and
// input.bias), position.weight, per layer encoder.layers.{k}.* (self_attn, linear1, linear2, norm1,
// norm2), encoder.norm.*, head.*.
import type { TransformerConfig } from '../model-config';
import type { Param } from '../param';
import { SHARED_NAMES, TRANSFORMER_NAMES, transformerNames, type TransformerLayerTensor } from '../param-names';

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

/** Each LayerParams field's tensor (param-names.ts), in state_dict order. */
const LAYER_PARAMS: readonly (readonly [keyof LayerParams, TransformerLayerTensor])[] = [
  ['inW', 'inProjWeight'],
  ['inB', 'inProjBias'],
  ['outW', 'outProjWeight'],
  ['outB', 'outProjBias'],
  ['w1', 'linear1Weight'],
  ['b1', 'linear1Bias'],
  ['w2', 'linear2Weight'],
  ['b2', 'linear2Bias'],
  ['norm1W', 'norm1Weight'],
  ['norm1B', 'norm1Bias'],
  ['norm2W', 'norm2Weight'],
  ['norm2B', 'norm2Bias'],
];

/** Every parameter's name and shape in state_dict order. */
export function transformerParamShapes(cfg: TransformerConfig): [string, number[]][] {
  const { hiddenSize: H, layers: L, ffn: F, context, input, outputSize: O } = cfg;
  const out: [string, number[]][] = [];
  if (input.kind === 'tokens') out.push([SHARED_NAMES.embedding, [input.vocabSize, H]]);
  else out.push([TRANSFORMER_NAMES.inputWeight, [H, input.size]], [TRANSFORMER_NAMES.inputBias, [H]]);
  out.push([TRANSFORMER_NAMES.position, [context, H]]);
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
  for (let k = 0; k < L; k++) {
    const names = transformerNames(k);
    for (const [key, tensor] of LAYER_PARAMS) out.push([names[tensor], shapes[key]]);
  }
  out.push([TRANSFORMER_NAMES.normWeight, [H]], [TRANSFORMER_NAMES.normBias, [H]]);
  out.push([SHARED_NAMES.headWeight, [O, H]], [SHARED_NAMES.headBias, [O]]);
  return out;
}

/** Layer k's parameters, looked up by name. */
export function layerParams(k: number, param: (name: string) => Param): LayerParams {
  const out = {} as LayerParams;
  const names = transformerNames(k);
  for (const [key, tensor] of LAYER_PARAMS) out[key] = param(names[tensor]);
  return out;
}

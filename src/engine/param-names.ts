// The parameters' names: PyTorch's state_dict keys (docs/model.md, "Weight names and shapes"), written once,
// here. The families' parameter tables, the weights readers and the panel's parameter table
// (webview/model/param-table.ts) take them from this file. It imports nothing, so the webview may
// import it (eslint.config.mjs lists it as the one engine file the webview sees).

/** Names every family shares. */
export const SHARED_NAMES = { embedding: 'embedding.weight', headWeight: 'head.weight', headBias: 'head.bias' } as const;

/** A recurrent layer's tensors (nn.RNN / nn.LSTM / nn.GRU names), in state_dict order. */
export function recurrentNames(k: number): { weightIh: string; weightHh: string; biasIh: string; biasHh: string } {
  return { weightIh: `rnn.weight_ih_l${k}`, weightHh: `rnn.weight_hh_l${k}`, biasIh: `rnn.bias_ih_l${k}`, biasHh: `rnn.bias_hh_l${k}` };
}

/** The Transformer's tensors outside its layers (nn.TransformerEncoder with our input, positions and head). */
export const TRANSFORMER_NAMES = {
  inputWeight: 'input.weight',
  inputBias: 'input.bias',
  position: 'position.weight',
  normWeight: 'encoder.norm.weight',
  normBias: 'encoder.norm.bias',
} as const;

/** An encoder layer's tensors after `encoder.layers.{k}.` (nn.TransformerEncoderLayer names), in state_dict order. */
const TRANSFORMER_LAYER_SUFFIXES = {
  inProjWeight: 'self_attn.in_proj_weight',
  inProjBias: 'self_attn.in_proj_bias',
  outProjWeight: 'self_attn.out_proj.weight',
  outProjBias: 'self_attn.out_proj.bias',
  linear1Weight: 'linear1.weight',
  linear1Bias: 'linear1.bias',
  linear2Weight: 'linear2.weight',
  linear2Bias: 'linear2.bias',
  norm1Weight: 'norm1.weight',
  norm1Bias: 'norm1.bias',
  norm2Weight: 'norm2.weight',
  norm2Bias: 'norm2.bias',
} as const;

export type TransformerLayerTensor = keyof typeof TRANSFORMER_LAYER_SUFFIXES;

/** Encoder layer k's tensors, by the keys of TRANSFORMER_LAYER_SUFFIXES. */
export function transformerNames(k: number): Record<TransformerLayerTensor, string> {
  const out = {} as Record<TransformerLayerTensor, string>;
  for (const key of Object.keys(TRANSFORMER_LAYER_SUFFIXES) as TransformerLayerTensor[]) out[key] = `encoder.layers.${k}.${TRANSFORMER_LAYER_SUFFIXES[key]}`;
  return out;
}

// A Transformer's config from a weights file (for `rnn-lab grads`): every size from the tensors,
// only `heads` from the spec. A mismatch is an Error naming the tensor.
import type { JsonBatch } from '../grads';
import type { ModelConfig, TransformerConfig } from '../model-config';
import type { SafeTensor } from '../safetensors';
import type { DType } from '../tensor';
import { layerPrefix } from './transformer-params';

export function transformerConfigFromWeights(heads: number, weights: ReadonlyMap<string, SafeTensor>, jb: JsonBatch, dtype: DType): ModelConfig {
  const bad = (what: string): never => {
    throw new Error(`weights: ${what}`);
  };
  const shapeOf = (name: string, rank: number): number[] => {
    const t = weights.get(name);
    if (!t) return bad(`missing tensor '${name}' (a transformer needs it)`);
    if (t.shape.length !== rank) bad(`'${name}' has shape [${t.shape.join(', ')}], expected a ${rank}-D tensor`);
    return t.shape;
  };

  const [context, H] = shapeOf('position.weight', 2); // [context, H]
  if (!(Number.isInteger(heads) && heads >= 1)) bad(`heads must be a positive integer, got ${heads}`);
  if (H % heads !== 0) bad(`the spec's ${heads} heads do not divide the width ${H} of 'position.weight' [${context}, ${H}]`);
  let layers = 0;
  while (weights.has(`${layerPrefix(layers)}self_attn.in_proj_weight`)) layers++;
  if (layers === 0) bad(`missing tensor '${layerPrefix(0)}self_attn.in_proj_weight': no encoder layers`);
  const [F, H1] = shapeOf(`${layerPrefix(0)}linear1.weight`, 2); // [F, H]
  if (H1 !== H) bad(`'${layerPrefix(0)}linear1.weight' has shape [${F}, ${H1}], expected [ffn, ${H}] (H from 'position.weight')`);
  const [O, H2] = shapeOf('head.weight', 2); // [O, H]
  if (H2 !== H) bad(`'head.weight' has shape [${O}, ${H2}], expected [outputs, ${H}] (H from 'position.weight')`);

  let input: TransformerConfig['input'];
  if (jb.input.kind === 'tokens') {
    if (!weights.has('embedding.weight')) bad(`the batch's inputs are token ids but there is no 'embedding.weight'`);
    const [V, E] = shapeOf('embedding.weight', 2);
    if (E !== H) bad(`'embedding.weight' has shape [${V}, ${E}], expected [vocabulary, ${H}] (H from 'position.weight')`);
    input = { kind: 'tokens', vocabSize: V, embedding: H };
  } else {
    if (weights.has('embedding.weight')) bad(`the weights have 'embedding.weight' (a token model) but the batch's inputs are real vectors`);
    const [Hi, I] = shapeOf('input.weight', 2);
    if (Hi !== H) bad(`'input.weight' has shape [${Hi}, ${I}], expected [${H}, inputs] (H from 'position.weight')`);
    if (I !== jb.input.size) bad(`'input.weight' takes ${I} input(s) per step but the batch has ${jb.input.size}`);
    input = { kind: 'real', size: I };
  }
  if (jb.outputSize !== undefined && jb.outputSize !== O) {
    bad(`'head.weight' has ${O} output(s) but the batch's mse targets have ${jb.outputSize} per position`);
  }
  if (jb.batch.T > context) bad(`the batch has ${jb.batch.T} positions but 'position.weight' has only ${context} (the context)`);
  return { cell: 'transformer', hiddenSize: H, layers, heads, ffn: F, context, input, outputSize: O, at: jb.at, loss: jb.loss, dtype };
}

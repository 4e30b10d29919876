// A Transformer's config from a weights file (for `rnn-lab grads`): every size from the tensors,
// only `heads` from the spec. A mismatch is an Error naming the tensor.
import type { JsonBatch } from '../grads';
import type { ModelConfig, TransformerConfig } from '../model-config';
import type { SafeTensor } from '../safetensors';
import type { DType } from '../tensor';
import { SHARED_NAMES, TRANSFORMER_NAMES, transformerNames } from '../param-names';

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

  const P = TRANSFORMER_NAMES.position;
  const { embedding: EMB, headWeight: HEAD } = SHARED_NAMES;
  const [context, H] = shapeOf(P, 2); // [context, H]
  if (!(Number.isInteger(heads) && heads >= 1)) bad(`heads must be a positive integer, got ${heads}`);
  if (H % heads !== 0) bad(`the spec's ${heads} heads do not divide the width ${H} of '${P}' [${context}, ${H}]`);
  let layers = 0;
  while (weights.has(transformerNames(layers).inProjWeight)) layers++;
  const first = transformerNames(0);
  if (layers === 0) bad(`missing tensor '${first.inProjWeight}': no encoder layers`);
  const [F, H1] = shapeOf(first.linear1Weight, 2); // [F, H]
  if (H1 !== H) bad(`'${first.linear1Weight}' has shape [${F}, ${H1}], expected [ffn, ${H}] (H from '${P}')`);
  const [O, H2] = shapeOf(HEAD, 2); // [O, H]
  if (H2 !== H) bad(`'${HEAD}' has shape [${O}, ${H2}], expected [outputs, ${H}] (H from '${P}')`);

  let input: TransformerConfig['input'];
  if (jb.input.kind === 'tokens') {
    if (!weights.has(EMB)) bad(`the batch's inputs are token ids but there is no '${EMB}'`);
    const [V, E] = shapeOf(EMB, 2);
    if (E !== H) bad(`'${EMB}' has shape [${V}, ${E}], expected [vocabulary, ${H}] (H from '${P}')`);
    input = { kind: 'tokens', vocabSize: V, embedding: H };
  } else {
    const IN = TRANSFORMER_NAMES.inputWeight;
    if (weights.has(EMB)) bad(`the weights have '${EMB}' (a token model) but the batch's inputs are real vectors`);
    const [Hi, I] = shapeOf(IN, 2);
    if (Hi !== H) bad(`'${IN}' has shape [${Hi}, ${I}], expected [${H}, inputs] (H from '${P}')`);
    if (I !== jb.input.size) bad(`'${IN}' takes ${I} input(s) per step but the batch has ${jb.input.size}`);
    input = { kind: 'real', size: I };
  }
  if (jb.outputSize !== undefined && jb.outputSize !== O) {
    bad(`'${HEAD}' has ${O} output(s) but the batch's mse targets have ${jb.outputSize} per position`);
  }
  if (jb.batch.T > context) bad(`the batch has ${jb.batch.T} positions but '${P}' has only ${context} (the context)`);
  return { cell: 'transformer', hiddenSize: H, layers, heads, ffn: F, context, input, outputSize: O, at: jb.at, loss: jb.loss, dtype };
}

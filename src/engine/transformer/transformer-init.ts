// PyTorch's own initialisation of each module of the Transformer (whatever the spec's `init`), drawn
// from `rng` only, parameter by parameter in state_dict order: same rng state ⇒ same values.
//
//   nn.Embedding (embedding.weight, position.weight)   N(0, 1)
//   nn.MultiheadAttention in_proj_weight [3H, H]       xavier_uniform: U(±√(6 / (H + 3H)))
//                         in_proj_bias, out_proj.bias  0
//                         out_proj.weight [H, H]       nn.Linear's: U(±1/√H)
//   nn.Linear (input, linear1, linear2, head)          weight and bias U(±1/√fan_in), fan_in = the weight's columns
//   nn.LayerNorm (norm1, norm2, encoder.norm)          weight 1, bias 0
//
// (nn.TransformerEncoder deep-copies one layer, so PyTorch's layers start out equal; here each layer
// draws its own values from the same distributions.)
import type { Param } from '../param';
import { SHARED_NAMES, TRANSFORMER_NAMES } from '../param-names';
import type { Rng } from '../rng';
import type { Arr } from '../tensor';

export function initTransformerParams(params: readonly Param[], rng: Rng): void {
  const fanIn = new Map<string, number>(); // a Linear's bias takes its weight's bound
  for (const p of params) if (p.shape.length === 2) fanIn.set(p.name.replace(/weight$/, 'bias'), p.shape[1]);
  for (const p of params) initParam(p, rng, fanIn);
}

function initParam(p: Param, rng: Rng, fanIn: ReadonlyMap<string, number>): void {
  const d = p.data;
  const name = p.name;
  const uniform = (bound: number) => fill(d, () => rng.uniform(-bound, bound));
  if (name === SHARED_NAMES.embedding || name === TRANSFORMER_NAMES.position) return fill(d, () => rng.normal());
  if (/(^|\.)norm\d?\.weight$/.test(name)) return fill(d, () => 1);
  if (/(^|\.)norm\d?\.bias$/.test(name) || name.endsWith('in_proj_bias') || name.endsWith('out_proj.bias')) return fill(d, () => 0);
  if (name.endsWith('in_proj_weight')) {
    const [rows, cols] = p.shape; // [3H, H]
    return uniform(Math.sqrt(6 / (rows + cols)));
  }
  if (p.shape.length === 2) return uniform(1 / Math.sqrt(p.shape[1])); // out_proj, input, linear1, linear2, head weights
  const n = fanIn.get(name);
  if (n === undefined) throw new Error(`initialize: don't know how to initialise "${name}"`);
  uniform(1 / Math.sqrt(n)); // input, linear1, linear2, head biases
}

function fill(d: Arr, draw: () => number): void {
  for (let i = 0; i < d.length; i++) d[i] = draw();
}

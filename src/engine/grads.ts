// The interop check behind `rnn-lab grads`: loss, head outputs and every gradient for given
// weights and a given batch, so they can be compared with another framework (e.g. PyTorch).
// Every size comes from the weights; the spec contributes only cell, activation and residual
// (and a Transformer's heads).
import type { Batch } from './batch';
import { createModel } from './create-model';
import { gatesOf, type Activation, type CellKind, type HeadAt, type LossKind, type ModelConfig, type RecurrentCell, type Residual } from './model-config';
import type { SafeTensor } from './safetensors';
import { SHARED_NAMES, recurrentNames } from './param-names';
import { zeros, type Arr, type DType } from './tensor';
import { transformerConfigFromWeights } from './transformer/transformer-config';
import { loadWeights } from './weights';

/** The part of a spec's `model` that the weights cannot tell. */
export interface GradsModelSpec {
  cell: CellKind;
  activation?: Activation; // default tanh
  residual?: Residual; // default none
  timeKeep?: number; // a leaky time residual's keep (model.timeResidual.keep); default: the plain sum
  heads?: number; // transformer: attention heads (default 1)
}

export interface GradsResult {
  loss: number;
  outputs: number[]; // head outputs, flattened batch-first: [B·T·O] (at=every) or [B·O] (at=last)
  grads: Record<string, number[]>; // per parameter, flattened row-major
}

/** A batch file `{"inputs", "targets", "loss", "at"}` (optionally `"lengths"`) as an engine Batch. */
export interface JsonBatch {
  batch: Batch;
  loss: LossKind;
  at: HeadAt;
  input: { kind: 'tokens' } | { kind: 'real'; size: number }; // token ids B×T, or reals B×T×I
  outputSize?: number; // mse: O from the targets' last dimension
}

/**
 * Parses a batch file: inputs are token ids B×T or reals B×T×I; targets are class ids B×T
 * (at=every) or B (at=last) for cross-entropy, reals B×T×O or B×O for mse. Throws on anything else.
 */
export function batchFromJson(json: unknown, dtype: DType = 'float64'): JsonBatch {
  const bad = (what: string): never => {
    throw new Error(`batch file: ${what}`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) bad('expected a JSON object with inputs, targets, loss and at');
  const j = json as Record<string, unknown>;
  const loss = j.loss;
  if (loss !== 'cross-entropy' && loss !== 'mse') bad(`"loss" must be "cross-entropy" or "mse", got ${JSON.stringify(loss)}`);
  const at = j.at ?? 'every';
  if (at !== 'every' && at !== 'last') bad(`"at" must be "every" or "last", got ${JSON.stringify(at)}`);
  const every = at === 'every';

  // inputs: B×T ids or B×T×I reals
  const inputs = j.inputs;
  if (!Array.isArray(inputs) || inputs.length === 0 || !Array.isArray(inputs[0]) || inputs[0].length === 0) {
    bad('"inputs" must be a non-empty B×T array of token ids or B×T×I array of reals');
  }
  const rows = inputs as unknown[][];
  const B = rows.length;
  const T = rows[0].length;
  const realInput = Array.isArray(rows[0][0]);
  const I = realInput ? (rows[0][0] as unknown[]).length : 0;
  const flatIn = flatten(inputs, realInput ? [B, T, I] : [B, T], '"inputs"', bad);
  const batch: Batch = { B, T };
  if (realInput) {
    if (I === 0) bad('"inputs" has an empty innermost dimension');
    batch.reals = realArray(dtype, flatIn);
  } else {
    if (!flatIn.every((v) => Number.isInteger(v) && v >= 0)) bad('token ids in "inputs" must be non-negative integers');
    batch.tokens = Int32Array.from(flatIn);
  }

  // targets
  let outputSize: number | undefined;
  const targets = j.targets;
  if (loss === 'cross-entropy') {
    const ids = flatten(targets, every ? [B, T] : [B], '"targets"', bad);
    if (!ids.every((v) => Number.isInteger(v) && v >= -1)) bad('cross-entropy targets must be integer class ids (−1 = not scored)');
    batch.targetIds = Int32Array.from(ids);
  } else {
    const probe = every ? (targets as unknown[][] | undefined)?.[0]?.[0] : (targets as unknown[] | undefined)?.[0];
    if (!Array.isArray(probe)) bad(`mse targets must be ${every ? 'B×T×O' : 'B×O'} arrays of reals`);
    outputSize = (probe as unknown[]).length;
    batch.targetReals = realArray(dtype, flatten(targets, every ? [B, T, outputSize] : [B, outputSize], '"targets"', bad));
  }

  if (j.lengths !== undefined) {
    const lengths = flatten(j.lengths, [B], '"lengths"', bad);
    if (!lengths.every((v) => Number.isInteger(v) && v >= 0 && v <= T)) bad(`"lengths" must be integers in [0, ${T}]`);
    batch.lengths = Int32Array.from(lengths);
  }
  return { batch, loss: loss as LossKind, at: at as HeadAt, input: realInput ? { kind: 'real', size: I } : { kind: 'tokens' }, outputSize };
}

function realArray(dtype: DType, values: number[]): Arr {
  const a = zeros(dtype, values.length);
  a.set(values);
  return a;
}

/** Nested arrays of exactly `shape` → flat row-major numbers. */
function flatten(v: unknown, shape: number[], what: string, bad: (what: string) => never): number[] {
  const out: number[] = [];
  const walk = (x: unknown, d: number, path: string): void => {
    if (d === shape.length) {
      if (typeof x !== 'number' || !Number.isFinite(x)) bad(`${what}${path} is ${JSON.stringify(x)}, expected a finite number`);
      out.push(x as number);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[d]) {
      bad(`${what}${path} should be an array of ${shape[d]} (expected shape ${shape.join('×')})`);
    }
    (x as unknown[]).forEach((e, i) => walk(e, d + 1, `${path}[${i}]`));
  };
  walk(v, 0, '');
  return out;
}

/** Infers the ModelConfig from the weights (H, layers, input kind and sizes, O) and checks it against the batch. */
export function configFromWeights(model: GradsModelSpec, weights: ReadonlyMap<string, SafeTensor>, jb: JsonBatch, dtype: DType): ModelConfig {
  if (model.cell === 'transformer') return transformerConfigFromWeights(model.heads ?? 1, weights, jb, dtype);
  return recurrentConfigFromWeights(model.cell, model, weights, jb, dtype);
}

function recurrentConfigFromWeights(
  cell: RecurrentCell,
  model: GradsModelSpec,
  weights: ReadonlyMap<string, SafeTensor>,
  jb: JsonBatch,
  dtype: DType,
): ModelConfig {
  const bad = (what: string): never => {
    throw new Error(`weights: ${what}`);
  };
  const shapeOf = (name: string, rank: number): number[] => {
    const t = weights.get(name);
    if (!t) return bad(`missing tensor '${name}'`);
    if (t.shape.length !== rank) bad(`'${name}' has shape [${t.shape.join(', ')}], expected a ${rank}-D tensor`);
    return t.shape;
  };
  const G = gatesOf(cell);
  const l0 = recurrentNames(0);
  const { embedding: EMB, headWeight: HEAD } = SHARED_NAMES;
  const [GH, H] = shapeOf(l0.weightHh, 2);
  if (GH !== G * H) {
    bad(
      `'${l0.weightHh}' has shape [${GH}, ${H}]; a ${model.cell} with hidden size ${H} needs [${G * H}, ${H}] (${G} gate block(s)): is the spec's cell right?`,
    );
  }
  let layers = 0;
  while (weights.has(recurrentNames(layers).weightIh)) layers++;
  const [, in0] = shapeOf(l0.weightIh, 2);
  const [O] = shapeOf(HEAD, 2);

  let input: ModelConfig['input'];
  const emb = weights.get(EMB);
  if (jb.input.kind === 'tokens') {
    if (emb) {
      const [V, E] = shapeOf(EMB, 2);
      input = { kind: 'tokens', vocabSize: V, embedding: E };
    } else input = { kind: 'tokens', vocabSize: in0, embedding: 0 };
  } else {
    if (emb) bad(`the weights have '${EMB}' (a token model) but the batch's inputs are real vectors`);
    if (jb.input.size !== in0) bad(`'${l0.weightIh}' takes ${in0} input(s) per step but the batch has ${jb.input.size}`);
    input = { kind: 'real', size: jb.input.size };
  }
  if (jb.outputSize !== undefined && jb.outputSize !== O) {
    bad(`'${HEAD}' has ${O} output(s) but the batch's mse targets have ${jb.outputSize} per position`);
  }
  return {
    cell,
    activation: model.activation ?? 'tanh',
    hiddenSize: H,
    layers,
    residual: model.residual ?? 'none',
    ...(model.timeKeep !== undefined ? { timeKeep: model.timeKeep } : {}),
    input,
    outputSize: O,
    at: jb.at,
    loss: jb.loss,
    dtype,
  };
}

/** Builds the model from the weights, runs the batch forward and backward, and returns loss, outputs and gradients. */
export function computeGrads(model: GradsModelSpec, weights: ReadonlyMap<string, SafeTensor>, batchJson: unknown, dtype: DType = 'float64'): GradsResult {
  const jb = batchFromJson(batchJson, dtype);
  const cfg = configFromWeights(model, weights, jb, dtype);
  const m = createModel(cfg);
  loadWeights(m.params, weights);
  const r = m.step(jb.batch);
  const grads: Record<string, number[]> = {};
  for (const p of m.params) grads[p.name] = Array.from(p.grad);
  return { loss: r.loss, outputs: Array.from(r.outputs), grads };
}

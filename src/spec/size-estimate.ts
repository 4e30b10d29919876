// Rough parameter count and training memory of a spec, computed before anything is allocated.
import { gatesOf } from '../engine/model-config';
import type { Spec } from './types';

/** Vocabulary assumed for tasks whose vocabulary is only known after reading the data (char-lm, string classify). */
const ASSUMED_CHAR_VOCAB = 256;
/** Classes assumed for classify (known only after reading the data). */
const ASSUMED_CLASSES = 16;
/** Activation memory per stored gate value: forward values kept for backprop, plus backward temporaries. */
const ACTIVATION_FACTOR = 3;
/** Bytes per parameter for weights, gradients and up to two optimizer moments. */
const PARAM_COPIES = 4;

export interface SizeEstimate {
  params: number;
  /** Which part of the model holds most parameters, with the spec keys that size it. */
  largestPart: { name: 'recurrent layers' | 'transformer layers' | 'embedding' | 'output layer'; keys: string[] };
  /** Sequence length backpropagated per step (bptt, else the task's length); 0 when only the data can tell. */
  seqLen: number;
  bytesPerValue: number;
  paramBytes: number;
  activationBytes: number;
  totalBytes: number;
}

interface Io {
  inputs: number; // vocabulary (tokens) or features per step (reals)
  tokens: boolean;
  outputs: number;
  everyStep: boolean; // loss (and stored logits) at every step
  length: number; // full sequence length, 0 = unknown
}

function ioOf(spec: Spec): Io {
  const t = spec.task;
  switch (t.kind) {
    case 'char-lm':
      return { inputs: ASSUMED_CHAR_VOCAB, tokens: true, outputs: ASSUMED_CHAR_VOCAB, everyStep: true, length: 0 };
    case 'word-lm':
      return { inputs: t.vocabSize, tokens: true, outputs: t.vocabSize, everyStep: true, length: 0 };
    case 'adding':
      return { inputs: 2, tokens: false, outputs: 1, everyStep: false, length: t.length };
    case 'copy':
      return { inputs: t.symbols + 2, tokens: true, outputs: t.symbols + 2, everyStep: true, length: 2 * t.length + t.delay + 1 };
    case 'classify':
      return { inputs: ASSUMED_CHAR_VOCAB, tokens: true, outputs: ASSUMED_CLASSES, everyStep: false, length: 0 };
    case 'series':
      return { inputs: t.columns.length, tokens: false, outputs: t.columns.length, everyStep: true, length: 0 };
  }
}

/** What reading the data tells: the real vocabulary or features, outputs and longest sequence per batch. */
export interface DataShape {
  /** Steps one batch backpropagates through (a stream's window, else the longest sequence). */
  seqLen: number;
  /** Vocabulary (tokens) or features per step (reals). */
  inputs: number;
  tokens: boolean;
  outputs: number;
}

/** The estimate from the spec alone, or (with `data`) with the sizes the data file turned out to have. */
export function estimateSize(spec: Spec, data?: DataShape): SizeEstimate {
  const { hiddenSize: H, layers: L } = spec.model;
  const io = ioOf(spec);
  if (data) Object.assign(io, { inputs: data.inputs, tokens: data.tokens, outputs: data.outputs, length: data.seqLen });
  const transformer = spec.model.cell === 'transformer';
  const E = transformer ? (io.tokens ? H : 0) : io.tokens ? spec.model.embedding : 0;
  const embedding = E > 0 ? io.inputs * E : transformer ? io.inputs * H + H : 0;
  const firstInput = E > 0 ? E : io.inputs;
  const bytesPerValue = spec.training.dtype === 'float64' ? 8 : 4;
  const seqLen = data ? data.seqLen : spec.training.bptt > 0 ? spec.training.bptt : io.length;
  const B = spec.training.batchSize;
  // Closed forms only: every number here may be huge (a spec says layers: 1e12), and the check must
  // answer at once whatever they are.
  let body: number;
  let perStep: number; // stored values per position, over all layers
  if (spec.model.cell === 'transformer') {
    const F = spec.model.ffn > 0 ? spec.model.ffn : 4 * H;
    const heads = spec.model.heads;
    const context = spec.model.context > 0 ? spec.model.context : seqLen;
    // per layer: in_proj 3H·H + 3H, out_proj H·H + H, linear1 F·H + F, linear2 H·F + H, two norms 4H
    body = L * (4 * H * H + 2 * H * F + 9 * H + F) + 2 * H + context * H;
    // per position and layer: norms, q/k/v, attention rows (heads·T), context, ffn, residuals
    perStep = L * (ACTIVATION_FACTOR * (8 * H + 2 * F) + 2 * heads * seqLen);
  } else {
    const G = gatesOf(spec.model.cell);
    body = G * H * (firstInput + H) + 2 * G * H + (L - 1) * (G * H * (H + H) + 2 * G * H);
    perStep = L * G * H * ACTIVATION_FACTOR;
  }
  const head = H * io.outputs + io.outputs;
  const params = embedding + body + head;
  const layerKeys = transformer ? ['model.hiddenSize', 'model.layers', 'model.ffn'] : ['model.hiddenSize', 'model.layers'];

  const parts = [
    { name: transformer ? ('transformer layers' as const) : ('recurrent layers' as const), size: body, keys: layerKeys },
    { name: 'embedding' as const, size: embedding, keys: spec.task.kind === 'word-lm' ? ['model.embedding', 'task.vocabSize'] : ['model.embedding'] },
    { name: 'output layer' as const, size: head, keys: spec.task.kind === 'word-lm' ? ['model.hiddenSize', 'task.vocabSize'] : ['model.hiddenSize'] },
  ];
  const largest = parts.reduce((a, b) => (b.size > a.size ? b : a));

  perStep += io.everyStep ? 2 * io.outputs : 0;
  const activationBytes = B * seqLen * perStep * bytesPerValue;
  const paramBytes = params * bytesPerValue * PARAM_COPIES;
  return {
    params,
    largestPart: { name: largest.name, keys: largest.keys },
    seqLen,
    bytesPerValue,
    paramBytes,
    activationBytes,
    totalBytes: paramBytes + activationBytes,
  };
}

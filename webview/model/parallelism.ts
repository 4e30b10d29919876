// Parallelism notes for one spec: the RNN's chain of dependent steps against a Transformer of the
// same width and depth, FLOPs per sequence of each, attention's T² memory, and Amdahl's law applied
// to the engine's measured split between the parallel and the sequential part of a training step.
import type { StepSplit } from '../../src/protocol/events';
import type { CellKind } from '../../src/protocol/panel';

export interface ParallelismInput {
  cell: CellKind;
  gates: number; // G, from the host (PanelRun.gates)
  hiddenSize: number; // H (also the Transformer's width d)
  layers: number; // L
  inputSize: number; // in of layer 0: E with an embedding, else V (one-hot) or I (reals)
  oneHot: boolean; // layer-0 input is one-hot: W_ax·x is a column lookup
  outputSize: number; // O
  seqLen: number; // T
  scoredSteps: number; // T for heads at every step, 1 for the last step only
  batchSize: number; // B
  bytesPerValue: number; // 4 (float32) or 8
  split?: StepSplit;
  /** The Transformer's heads when the spec says (a Transformer spec); else one per 64 dimensions. */
  heads?: number;
}

interface AmdahlPoint {
  cores: number; // Infinity for the limit
  speedup: number;
}

export interface ParallelismNotes {
  gates: number;
  rnnSequentialSteps: number; // T × L, one after another in this engine
  rnnWavefrontSteps: number; // T + L − 1: the critical path with layers pipelined
  transformerSequentialDepth: number; // L layers of O(1) depth each
  rnnFlops: number; // forward FLOPs per sequence
  transformerFlops: number; // forward FLOPs per sequence, same d and L, FFN 4d
  attentionHeads: number;
  attentionScoresPerLayer: number; // T² per head
  attentionBytes: number; // scores kept for the backward pass, whole batch, all layers
  rnnStateBytes: number; // per-step states kept for the backward pass, whole batch
  measured?: {
    parallelMs: number;
    sequentialMs: number;
    backwardMs: number;
    parallelFraction: number; // p in Amdahl's law (backward shared in the forward's proportion)
    amdahl: AmdahlPoint[];
  };
}

export function parallelismNotes(x: ParallelismInput): ParallelismNotes {
  const G = x.gates;
  const { hiddenSize: H, layers: L, seqLen: T, batchSize: B } = x;
  const d = H;

  // RNN forward: per layer and step, G·H rows times (in + H) columns, 2 FLOPs a multiply-add; the head at the scored steps.
  let rnnFlops = 0;
  for (let k = 0; k < L; k++) {
    const inK = k === 0 ? x.inputSize : H;
    const inputFlops = k === 0 && x.oneHot ? G * H : 2 * G * H * inK; // one-hot: a column lookup and an add
    rnnFlops += T * (inputFlops + 2 * G * H * H);
  }
  rnnFlops += x.scoredSteps * 2 * x.outputSize * H;

  // Transformer layer: Q, K, V, output projections 4·(2·T·d²); attention QKᵀ and A·V 2·(2·T²·d); FFN d→4d→d 2·(2·T·d·4d).
  const transformerLayer = 8 * T * d * d + 4 * T * T * d + 16 * T * d * d;
  const embedIn = x.oneHot ? T * d : 2 * T * x.inputSize * d;
  const transformerFlops = L * transformerLayer + embedIn + x.scoredSteps * 2 * x.outputSize * d;

  const heads = x.heads && x.heads > 0 ? x.heads : Math.max(1, Math.floor(d / 64));
  const notes: ParallelismNotes = {
    gates: G,
    rnnSequentialSteps: T * L,
    rnnWavefrontSteps: T + L - 1,
    transformerSequentialDepth: L,
    rnnFlops,
    transformerFlops,
    attentionHeads: heads,
    attentionScoresPerLayer: T * T,
    attentionBytes: B * L * heads * T * T * x.bytesPerValue,
    rnnStateBytes: B * L * T * (G + (x.cell === 'lstm' ? 2 : 1)) * H * x.bytesPerValue,
  };
  if (x.split) notes.measured = measured(x.split);
  return notes;
}

/** Splits the measured step time: the backward pass is shared in the forward's parallel:sequential proportion. */
function measured(s: StepSplit): ParallelismNotes['measured'] {
  const fwdParallel = s.inputProjectionMs + s.headLossMs;
  const fwdSequential = s.recurrenceMs;
  const fwd = fwdParallel + fwdSequential;
  if (!(fwd > 0)) return undefined;
  const share = fwdParallel / fwd;
  const parallelMs = fwdParallel + s.backwardMs * share + s.optimizerMs;
  const sequentialMs = fwdSequential + s.backwardMs * (1 - share);
  const p = parallelMs / (parallelMs + sequentialMs);
  return {
    parallelMs,
    sequentialMs,
    backwardMs: s.backwardMs,
    parallelFraction: p,
    amdahl: [2, 4, 8, 16, Infinity].map((n) => ({ cores: n, speedup: amdahl(p, n) })),
  };
}

/** Amdahl's law: the speed-up on n cores when a fraction p of the work parallelises perfectly. */
export function amdahl(p: number, n: number): number {
  return 1 / (1 - p + (Number.isFinite(n) ? p / n : 0));
}

/** Adds up split timings (each progress event carries those since the previous one). */
export function addSplits(a: StepSplit | undefined, b: StepSplit): StepSplit {
  if (!a) return { ...b };
  return {
    inputProjectionMs: a.inputProjectionMs + b.inputProjectionMs,
    recurrenceMs: a.recurrenceMs + b.recurrenceMs,
    headLossMs: a.headLossMs + b.headLossMs,
    backwardMs: a.backwardMs + b.backwardMs,
    optimizerMs: a.optimizerMs + b.optimizerMs,
  };
}

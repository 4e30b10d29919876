// The seam between model families: what the trainer, `grads`, `gradcheck`, `sample` and `bench`
// ask of a model, whatever it is. A family (recurrent: ./model.ts; transformer: ./transformer/)
// owns its parameter names and shapes, construction, initialisation, forward and backward, and probe.
import type { Batch } from './batch';
import type { ProbeLayer } from './probe';
import type { InitKind, ModelConfig } from './model-config';
import type { Param } from './param';
import type { Rng } from './rng';
import type { Arr } from './tensor';

/** Recurrent state between calls: per layer h [B·H], and c [B·H] for an LSTM. A Transformer has none (h: []). */
export interface State {
  h: Arr[];
  c?: Arr[];
}

export interface StepOptions {
  /** State before step 0 (default zero), e.g. the previous window's finalState. No gradient flows into it. Ignored by stateless families. */
  initialState?: State;
  /** Compute gradients (default true). */
  backward?: boolean;
  /** Collect a ProbeLayer per layer for batch row 0 (gradNorm needs backward; without it gradNorm is []). */
  probe?: boolean;
}

export interface StepResult {
  loss: number; // mean over scored positions (cross-entropy) or elements (mse); 0 if none
  scored: number;
  /**
   * Head outputs (logits or values), batch-first: [B·T·O] (at=every) or [B·O] (at=last).
   * A buffer the model reuses: valid until the next step() with the same (B, T); copy it to keep it.
   */
  outputs: Arr;
  correct?: number; // cross-entropy: argmax hits among the scored positions
  finalState: State; // per row, the state after its last valid step; a fresh copy
  probe?: ProbeLayer[];
}

/**
 * ms spent in each part of step() since resetTiming(). The parallel part covers every position at
 * once (an RNN's input projection; all of a Transformer's forward pass); the sequential part is the
 * step-by-step recurrence (0 for a Transformer).
 */
export interface Timing {
  inputProjectionMs: number;
  recurrenceMs: number;
  headLossMs: number;
  backwardMs: number;
}

export interface SequenceModel {
  readonly cfg: ModelConfig;
  /** state_dict order (docs/model.md), in the backend's memory. */
  readonly params: Param[];
  readonly timing: Timing;
  /** Whether state flows from one window to the next (recurrent) or each window stands alone (Transformer). */
  readonly carriesState: boolean;
  /** The most steps one window may hold (Infinity for a recurrent model; `context` for a Transformer). */
  readonly maxSteps: number;
  /** Which kernels run this model's float arrays: 'wasm' (WebAssembly SIMD) or 'js'. */
  readonly kernels: 'js' | 'wasm';
  /** How many threads its kernels may use. */
  readonly threads: number;
  param(name: string): Param;
  /** Fills every parameter by the family's scheme for `kind`, drawing from rng only. */
  initialize(kind: InitKind, rng: Rng): void;
  step(batch: Batch, opts?: StepOptions): StepResult;
  resetTiming(): void;
}

export function resetTiming(t: Timing): void {
  t.inputProjectionMs = 0;
  t.recurrenceMs = 0;
  t.headLossMs = 0;
  t.backwardMs = 0;
}

// The training loop's body: one optimizer step, an evaluation, a probe. No I/O here (the caller
// records events and checkpoints), so the same trainer runs in the CLI, a worker or a test.
import type { Batch } from '../engine/batch';
import { clipGradients } from '../engine/clip';
import type { EvalEvent, ProbeEvent, ProgressEvent, StepSplit } from '../protocol/events';
import { createModel } from '../engine/create-model';
import type { SequenceModel, State } from '../engine/sequence-model';
import { createOptimizer, type Optimizer } from '../engine/optimizers';
import { paramCount } from '../engine/param';
import { Rng } from '../engine/rng';
import type { Spec } from '../spec/types';
import type { Task } from '../tasks/task';
import { modelConfigFor } from './model-config-from-spec';
import { adviceFor, describeDivergence, GrowthDetector, type Divergence, type DivergenceCause } from './divergence';
import { recordedValue } from '../messages/divergence';
import { msg } from '../messages/render';
import { UserError } from '../messages/errors';
import type { ResumeState } from './resume-state';
import { timeWindows } from './windows';

export class DivergedError extends Error {
  constructor(readonly divergence: Divergence) {
    super(describeDivergence(divergence));
    this.name = 'DivergedError';
  }

  get step(): number {
    return this.divergence.step;
  }
}

/** A Transformer whose context is shorter than sequences scored at their last step. */
class ContextTooShortError extends UserError {
  constructor(
    readonly context: number,
    readonly longest: number,
  ) {
    super(msg('error.contextTooShort', { context, longest }));
  }
}

export class Trainer {
  readonly model: SequenceModel;
  readonly parameterCount: number;
  private readonly optimizer: Optimizer;
  private readonly dataRng: Rng;
  private streamState: State | undefined; // carried across windows of a stream
  private windowGrads: Float64Array[] | undefined; // truncated BPTT's gradient sum, allocated once
  private optimizerMs = 0;
  private readonly growth = new GrowthDetector();
  private started = 0;
  stepsDone = 0;

  constructor(
    readonly spec: Spec,
    readonly task: Task,
  ) {
    this.model = createModel(modelConfigFor(spec, task));
    if (task.at === 'last' && task.maxSteps > this.model.maxSteps) {
      // A head read at the last step must see the whole sequence: no window can be cut.
      throw new ContextTooShortError(this.model.maxSteps, task.maxSteps);
    }
    const rng = new Rng(spec.training.seed);
    this.model.initialize(spec.model.init, rng.fork(1));
    this.dataRng = rng.fork(2);
    this.optimizer = createOptimizer(spec.training.optimizer, spec.training.learningRate, this.model.params);
    this.parameterCount = paramCount(this.model.params);
  }

  /** What a checkpoint keeps so that restore() continues this run exactly (see resume-state.ts). */
  resumeState(elapsedMs: number): ResumeState {
    const s: ResumeState = { step: this.stepsDone, optimizer: this.optimizer.state(), growth: { ...this.growth.state }, elapsedMs };
    if (this.streamState)
      s.streamState = { h: this.streamState.h.map((a) => a.slice()), ...(this.streamState.c ? { c: this.streamState.c.map((a) => a.slice()) } : {}) };
    return s;
  }

  /**
   * Continues from a checkpoint taken at state.step: the optimizer and the detector as they were,
   * the stream's state, and the data pipeline replayed to that step (the same batches come next).
   * The weights are loaded by the caller.
   */
  restore(state: ResumeState): void {
    this.optimizer.loadState(state.optimizer);
    this.growth.state = { ...state.growth };
    this.streamState = state.streamState;
    for (let s = 0; s < state.step; s++) this.task.nextTrainBatch(this.dataRng);
    this.stepsDone = state.step;
  }

  /** One optimizer step. Throws DivergedError (before touching the weights) on a non-finite loss or gradient. */
  step(): ProgressEvent {
    if (this.started === 0) this.started = performance.now();
    const t0 = performance.now();
    const batch = this.task.nextTrainBatch(this.dataRng);
    const { loss, gradNorm, clipped } = this.lossAndGradients(batch);
    const step = this.stepsDone + 1;
    // the pre-clip norm is NaN or Infinity as soon as one gradient is
    if (!Number.isFinite(loss)) throw this.diverged(step, 'loss-not-finite', loss);
    if (!Number.isFinite(gradNorm)) throw this.diverged(step, 'gradient-not-finite', gradNorm);
    if (this.growth.grew(loss)) throw this.diverged(step, 'loss-grew', this.growth.state.ema, this.growth.baseline);
    const o0 = performance.now();
    this.optimizer.step();
    const now = performance.now();
    this.optimizerMs += now - o0;
    this.stepsDone = step;
    return {
      type: 'progress',
      step,
      loss,
      gradNorm,
      clipped,
      tokensPerSec: this.task.tokensPerBatch / Math.max(1e-9, (now - t0) / 1000),
      elapsedMs: now - this.started,
    };
  }

  /**
   * The windows one batch is trained in. A recurrent model: truncated BPTT windows where bptt asks
   * for them inside fixed-length sequences (a stream's batch already is one window). A model without
   * state (a Transformer): windows of at most its context, each standing alone.
   */
  private windowsOf(batch: Batch): Batch[] {
    const limit = this.model.carriesState ? (this.task.stream ? 0 : this.spec.training.bptt) : this.model.maxSteps;
    return this.task.at === 'every' && limit > 0 && limit < batch.T ? timeWindows(batch, limit) : [batch];
  }

  /** Forward + backward over one batch (in windows, see windowsOf), then clipping. */
  private lossAndGradients(batch: Batch): { loss: number; gradNorm: number; clipped: boolean } {
    const windows = this.windowsOf(batch);
    if (this.task.stream && windows.length === 1) {
      const r = this.model.step(batch, { initialState: this.streamState });
      this.streamState = r.finalState;
      return { loss: r.loss, ...this.clip() };
    }
    if (windows.length === 1) {
      const r = this.model.step(batch);
      return { loss: r.loss, ...this.clip() };
    }
    // Truncated BPTT inside one long sequence: the state flows forward through every window but the
    // gradient stops at window boundaries. One update per batch: the windows' gradients are summed,
    // weighted by their scored counts, so the result is the gradient of the sequence's mean loss.
    const sum = (this.windowGrads ??= this.model.params.map((p) => new Float64Array(p.grad.length)));
    for (const s of sum) s.fill(0);
    let state: State | undefined;
    let lossSum = 0;
    let scored = 0;
    for (const w of windows) {
      const r = this.model.step(w, { initialState: state });
      state = r.finalState;
      if (r.scored === 0) continue;
      lossSum += r.loss * r.scored;
      scored += r.scored;
      this.model.params.forEach((p, i) => {
        const s = sum[i];
        for (let j = 0; j < s.length; j++) s[j] += p.grad[j] * r.scored;
      });
    }
    this.model.params.forEach((p, i) => {
      const s = sum[i];
      for (let j = 0; j < s.length; j++) p.grad[j] = scored > 0 ? s[j] / scored : 0;
    });
    return { loss: scored > 0 ? lossSum / scored : 0, ...this.clip() };
  }

  private clip(): { gradNorm: number; clipped: boolean } {
    const { norm, clipped } = clipGradients(this.model.params, this.spec.training.clip);
    return { gradNorm: norm, clipped };
  }

  private diverged(step: number, cause: DivergenceCause, value: number, baseline?: number): DivergedError {
    const d: Divergence = { step, cause, value: recordedValue(value), advice: adviceFor(this.spec, cause), learningRate: this.spec.training.learningRate };
    if (baseline !== undefined) d.baseline = baseline;
    return new DivergedError(d);
  }

  /** Validation loss over the task's held-out set (streams carry state across its windows). */
  evaluate(): EvalEvent {
    let lossSum = 0;
    let scored = 0;
    let correct = 0;
    let state: State | undefined;
    for (const b of this.task.validationBatches()) {
      // A recurrent model reads each validation sequence whole (no gradient, so no truncation); a
      // model with a context, in windows of it.
      for (const w of this.model.carriesState ? [b] : this.windowsOf(b)) {
        const r = this.model.step(w, { backward: false, initialState: this.task.stream ? state : undefined });
        state = r.finalState;
        if (r.scored === 0) continue;
        lossSum += r.loss * r.scored;
        scored += r.scored;
        correct += r.correct ?? 0;
      }
    }
    const ev: EvalEvent = { type: 'eval', step: this.stepsDone, valLoss: scored > 0 ? lossSum / scored : NaN };
    if (this.task.loss === 'cross-entropy' && scored > 0) ev.accuracy = correct / scored;
    return ev;
  }

  /** Hidden states, gates and the gradient-through-time profile on the task's fixed probe sequence. */
  probe(): ProbeEvent {
    const probe = this.task.probe();
    // A model with a context sees at most that many positions: the probe's first window.
    const batch = probe.batch.T > this.model.maxSteps ? timeWindows(probe.batch, this.model.maxSteps)[0] : probe.batch;
    const r = this.model.step(batch, { probe: true });
    return { type: 'probe', step: this.stepsDone, stepLabels: probe.stepLabels.slice(0, batch.T), layers: r.probe ?? [] };
  }

  /** The split since the last call, and reset. */
  takeSplit(): StepSplit {
    const t = this.model.timing;
    const split: StepSplit = {
      inputProjectionMs: t.inputProjectionMs,
      recurrenceMs: t.recurrenceMs,
      headLossMs: t.headLossMs,
      backwardMs: t.backwardMs,
      optimizerMs: this.optimizerMs,
    };
    this.model.resetTiming();
    this.optimizerMs = 0;
    return split;
  }
}

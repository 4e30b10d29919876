// Small builders shared by the engine tests: configs, random batches, padding, comparisons, checks
// both model families must pass.
import assert from 'node:assert/strict';
import type { Batch } from '../../src/engine/batch';
import type { GradcheckRow } from '../../src/engine/gradcheck';
import type { ModelConfig, RecurrentConfig } from '../../src/engine/model-config';
import type { Param } from '../../src/engine/param';
import { Rng } from '../../src/engine/rng';
import type { SequenceModel, StepResult } from '../../src/engine/sequence-model';
import type { Arr } from '../../src/engine/tensor';

export function config(over: Partial<RecurrentConfig> = {}): RecurrentConfig {
  return {
    cell: 'lstm',
    activation: 'tanh',
    hiddenSize: 4,
    layers: 2,
    residual: 'none',
    input: { kind: 'tokens', vocabSize: 5, embedding: 0 },
    outputSize: 3,
    at: 'every',
    loss: 'cross-entropy',
    dtype: 'float64',
    ...over,
  };
}

/** A random batch that fits cfg (inputs, targets; lengths if given). */
export function randomBatch(cfg: ModelConfig, B: number, T: number, seed: number, lengths?: number[]): Batch {
  const rng = new Rng(seed);
  const batch: Batch = { B, T };
  if (cfg.input.kind === 'tokens') {
    const V = cfg.input.vocabSize;
    batch.tokens = Int32Array.from({ length: B * T }, () => rng.int(V));
  } else {
    batch.reals = Float64Array.from({ length: B * T * cfg.input.size }, () => rng.uniform(-1, 1));
  }
  const rows = cfg.at === 'every' ? B * T : B;
  if (cfg.loss === 'cross-entropy') batch.targetIds = Int32Array.from({ length: rows }, () => rng.int(cfg.outputSize));
  else batch.targetReals = Float64Array.from({ length: rows * cfg.outputSize }, () => rng.uniform(-1, 1));
  if (lengths) batch.lengths = Int32Array.from(lengths);
  return batch;
}

/** Fills every parameter U(−s, s) from a seeded stream. */
export function fillParams(params: Param[], seed: number, s = 0.6): void {
  const rng = new Rng(seed);
  for (const p of params) for (let i = 0; i < p.data.length; i++) p.data[i] = rng.uniform(-s, s);
}

/** max |a − b| / max(max |b|, tiny) */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>, tiny = 1e-300): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let scale = tiny;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  return worst;
}

export const copy = (a: Arr): Float64Array => Float64Array.from(a);

/** Row b of a padded batch, cut to its length, as a batch of its own. */
export function rowAlone(cfg: ModelConfig, batch: Batch, b: number): Batch {
  const T = batch.T;
  const len = batch.lengths![b];
  const out: Batch = { B: 1, T: len };
  if (batch.tokens) out.tokens = batch.tokens.slice(b * T, b * T + len);
  if (batch.reals) {
    const I = batch.reals.length / (batch.B * T);
    out.reals = batch.reals.slice(b * T * I, (b * T + len) * I);
  }
  const O = cfg.outputSize;
  if (cfg.at === 'every') {
    if (batch.targetIds) out.targetIds = batch.targetIds.slice(b * T, b * T + len);
    if (batch.targetReals) out.targetReals = batch.targetReals.slice(b * T * O, (b * T + len) * O);
  } else {
    if (batch.targetIds) out.targetIds = batch.targetIds.slice(b, b + 1);
    if (batch.targetReals) out.targetReals = batch.targetReals.slice(b * O, b * O + O);
  }
  return out;
}

/** Junk in every padding position (out-of-range ids, NaN reals and targets): the model must not read it. */
export function poisonPadding(cfg: ModelConfig, batch: Batch): void {
  const { B, T } = batch;
  for (let b = 0; b < B; b++) {
    for (let t = batch.lengths![b]; t < T; t++) {
      if (batch.tokens) batch.tokens[b * T + t] = t % 2 ? 999 : -7;
      if (batch.reals) {
        const I = batch.reals.length / (B * T);
        batch.reals.fill(NaN, (b * T + t) * I, (b * T + t + 1) * I);
      }
      if (cfg.at === 'every' && batch.targetIds) batch.targetIds[b * T + t] = t % 3;
      if (cfg.at === 'every' && batch.targetReals) batch.targetReals.fill(NaN, (b * T + t) * cfg.outputSize, (b * T + t + 1) * cfg.outputSize);
    }
  }
}

/**
 * An mse model (outputSize 2) on a masked batch [2, 4]: the masked positions are not scored, and their
 * targets do not change the loss or any gradient. Returns the second step's result (targets poisoned).
 */
export function checkMseMask(model: SequenceModel): { result: StepResult; batch: Batch } {
  const batch = randomBatch(model.cfg, 2, 4, 6);
  batch.mask = Uint8Array.from([1, 0, 1, 1, 0, 0, 1, 0]);
  const a = model.step(batch);
  const gradA = model.params.map((p) => Float64Array.from(p.grad));
  assert.equal(a.scored, 4 * 2);
  for (let n = 0; n < 8; n++) if (!batch.mask[n]) batch.targetReals!.fill(1e6, n * 2, n * 2 + 2);
  const b = model.step(batch);
  assert.equal(b.loss, a.loss);
  model.params.forEach((p, i) => assert.deepEqual(Array.from(p.grad), Array.from(gradA[i]), p.name));
  return { result: b, batch };
}

/** A gradcheck's rows: one per parameter in state_dict order, each checked and within tol. */
export function assertGradcheckRows(label: string, rows: GradcheckRow[], model: SequenceModel, tol: number): void {
  assert.deepEqual(
    rows.map((r) => r.name),
    model.params.map((p) => p.name),
  );
  for (const r of rows) {
    assert.ok(r.checked > 0, `${r.name}: nothing checked`);
    assert.ok(
      r.maxRelError < tol,
      `${label} ${r.name}: max relative error ${r.maxRelError} (element ${r.worst.index}: analytic ${r.worst.analytic}, numeric ${r.worst.numeric})`,
    );
  }
}

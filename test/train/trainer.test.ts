// The trainer: truncated BPTT inside a sequence, determinism, and divergence before any bad update.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSpec } from '../../src/spec/parse';
import type { Spec } from '../../src/spec/types';
import { createTask } from '../../src/tasks';
import { DivergedError, Trainer } from '../../src/train/trainer';
import { timeWindows } from '../../src/train/windows';

function spec(training: Record<string, unknown>, model: Record<string, unknown> = {}, task: object = { kind: 'copy', symbols: 4, length: 6, delay: 2 }): Spec {
  const text = JSON.stringify({
    name: 't',
    task,
    model: { cell: 'gru', hiddenSize: 12, ...model },
    training: { optimizer: 'adam', learningRate: 0.01, batchSize: 4, seed: 5, dtype: 'float64', ...training },
  });
  const { spec: s, problems } = parseSpec(text);
  assert.ok(s, JSON.stringify(problems));
  return s;
}

const trainer = (s: Spec) => new Trainer(s, createTask(s, '/', { readText: () => '' }));

test('truncated BPTT carries the state forward: same loss as full BPTT, different gradient', () => {
  const full = trainer(spec({ bptt: 0 }));
  const cut = trainer(spec({ bptt: 5 }));
  const a = full.step();
  const b = cut.step();
  assert.ok(Math.abs(a.loss - b.loss) < 1e-12, `${a.loss} vs ${b.loss}`);
  assert.ok(Math.abs(a.gradNorm - b.gradNorm) > 1e-9, 'the gradient stops at window boundaries');
});

test('timeWindows cuts [B, T] into consecutive windows that cover every step once', () => {
  const B = 2,
    T = 7;
  const tokens = Int32Array.from({ length: B * T }, (_, i) => i);
  const targetIds = Int32Array.from({ length: B * T }, (_, i) => 100 + i);
  const ws = timeWindows({ B, T, tokens, targetIds }, 3);
  assert.deepEqual(
    ws.map((w) => w.T),
    [3, 3, 1],
  );
  assert.deepEqual([...ws[1].tokens!], [3, 4, 5, 10, 11, 12]);
  assert.deepEqual([...ws[2].targetIds!], [106, 113]);
});

test('the same spec and seed give identical steps; another seed does not', () => {
  const run = (seed: number) => {
    const t = trainer(spec({ seed }));
    return Array.from({ length: 5 }, () => t.step().loss);
  };
  assert.deepEqual(run(5), run(5));
  assert.notDeepEqual(run(5), run(6));
});

test('a non-finite loss raises DivergedError with the step and a remedy, leaving the weights untouched', () => {
  const t = trainer(
    spec({ optimizer: 'sgd', learningRate: 1e6, dtype: 'float32' }, { cell: 'rnn', activation: 'relu', init: 'identity' }, { kind: 'adding', length: 8 }),
  );
  let err: unknown;
  let before: number[] = [];
  for (let i = 0; i < 200 && !err; i++) {
    before = t.model.params.map((p) => p.data[0]);
    try {
      t.step();
    } catch (e) {
      err = e;
    }
  }
  assert.ok(err instanceof DivergedError, 'diverged');
  assert.match(err.message, /step \d+/);
  assert.match(err.message, /clip/);
  assert.deepEqual(
    t.model.params.map((p) => p.data[0]),
    before,
    'no update from the diverging step',
  );
  assert.ok(
    t.model.params.every((p) => p.data.every(Number.isFinite)),
    'kept weights are finite',
  );
});

const TEXT = 'It was the best of times, it was the worst of times, it was the age of wisdom.\n'.repeat(40);
const textTrainer = (s: Spec) => new Trainer(s, createTask(s, '/', { readText: () => TEXT }));

function runUntilDiverged(t: Trainer, steps: number): DivergedError | undefined {
  for (let i = 0; i < steps; i++) {
    try {
      t.step();
    } catch (e) {
      if (e instanceof DivergedError) return e;
      throw e;
    }
  }
  return undefined;
}

test('a loss that grows far past its start without a NaN ends as diverged, with clip and step-size advice', () => {
  const s = spec({ optimizer: 'sgd', learningRate: 50, batchSize: 8, bptt: 20 }, { cell: 'lstm', hiddenSize: 16 }, { kind: 'char-lm', file: 't.txt' });
  const err = runUntilDiverged(textTrainer(s), 200);
  assert.ok(err, 'diverged');
  assert.equal(err.divergence.cause, 'loss-grew');
  assert.equal(err.divergence.advice, 'add-clip');
  assert.ok(Number(err.divergence.value) > 10 * err.divergence.baseline!);
  assert.match(err.message, /clip/);
});

test('a residual across time on a carried stream grows as a running sum: diverged, and the advice says why', () => {
  const s = spec({ batchSize: 8, bptt: 20, learningRate: 0.002 }, { cell: 'rnn', hiddenSize: 32, residual: 'time' }, { kind: 'char-lm', file: 't.txt' });
  const err = runUntilDiverged(textTrainer(s), 300);
  assert.ok(err, 'diverged');
  assert.equal(err.divergence.advice, 'time-residual-stream');
  assert.match(err.message, /running sum/);
});

test('the advice names the leaky form, and with it the same stream trains without diverging', () => {
  const model = { cell: 'rnn', hiddenSize: 32, residual: 'time' };
  const diverged = runUntilDiverged(textTrainer(spec({ batchSize: 8, bptt: 20, learningRate: 0.002 }, model, { kind: 'char-lm', file: 't.txt' })), 300);
  assert.ok(diverged, 'the plain sum diverges');
  assert.match(diverged.message, /"model\.timeResidual": \{ "keep": 0\.8 \}/);
  const s = spec({ batchSize: 8, bptt: 20, learningRate: 0.002 }, { ...model, timeResidual: { keep: 0.8 } }, { kind: 'char-lm', file: 't.txt' });
  const t = textTrainer(s);
  const first = t.evaluate().valLoss;
  assert.equal(runUntilDiverged(t, 300), undefined);
  const last = t.evaluate().valLoss;
  assert.ok(last < first - 0.5, `the leaky residual learns the stream: val loss ${first} -> ${last}`);
});

test('a healthy run is never judged to have grown (the same char-lm, a sane step size)', () => {
  const s = spec({ batchSize: 8, bptt: 20, clip: { norm: 1 } }, { cell: 'lstm', hiddenSize: 16 }, { kind: 'char-lm', file: 't.txt' });
  assert.equal(runUntilDiverged(textTrainer(s), 150), undefined);
});

test('a recurrent model evaluates whole sequences: truncation (bptt) changes training, not the validation loss', () => {
  const whole = trainer(spec({ bptt: 0 })).evaluate();
  const cut = trainer(spec({ bptt: 3 })).evaluate();
  assert.equal(cut.valLoss, whole.valLoss);
});

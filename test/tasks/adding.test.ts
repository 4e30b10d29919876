import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/engine/rng';
import { ADDING_BASELINE_MSE, ADDING_VALIDATION_SIZE, createTask } from '../../src/tasks';
import type { Batch } from '../../src/engine/batch';
import { memoryIO, specOf, SPEC_DIR } from './task-helpers';

const T = 20;
const adding = (batchSize = 8) => createTask(specOf({ kind: 'adding', length: T }, { batchSize }), SPEC_DIR, memoryIO({}));

function checkSequences(batch: Batch): void {
  assert.equal(batch.T, T);
  assert.equal(batch.reals!.length, batch.B * T * 2);
  assert.equal(batch.targetReals!.length, batch.B);
  for (let b = 0; b < batch.B; b++) {
    const marked: number[] = [];
    for (let t = 0; t < T; t++) {
      const v = batch.reals![(b * T + t) * 2];
      const m = batch.reals![(b * T + t) * 2 + 1];
      assert.ok(v >= 0 && v < 1);
      assert.ok(m === 0 || m === 1);
      if (m === 1) marked.push(t);
    }
    assert.equal(marked.length, 2, 'exactly two markers');
    assert.ok(marked[0] < T / 2 && marked[1] >= T / 2, 'one marker in each half');
    const sum = batch.reals![(b * T + marked[0]) * 2] + batch.reals![(b * T + marked[1]) * 2];
    assert.ok(Math.abs(batch.targetReals![b] - sum) < 1e-12);
  }
}

test('adding: shapes, two markers, target = sum of the marked values', () => {
  const task = adding();
  assert.equal(task.inputKind, 'real');
  assert.equal(task.inputSize, 2);
  assert.equal(task.outputSize, 1);
  assert.equal(task.loss, 'mse');
  assert.equal(task.at, 'last');
  assert.equal(task.stream, false);
  const rng = new Rng(1);
  for (let i = 0; i < 5; i++) checkSequences(task.nextTrainBatch(rng));
});

test('adding: validation is a fixed set whose baseline MSE (predict 1.0) is about 1/6', () => {
  const a = adding(32).validationBatches();
  const b = adding(32).validationBatches();
  assert.deepEqual(a, b);
  assert.equal(
    a.reduce((n, x) => n + x.B, 0),
    ADDING_VALIDATION_SIZE,
  );
  a.forEach(checkSequences);
  let se = 0;
  let n = 0;
  for (const x of a) for (const y of x.targetReals!) ((se += (y - 1) ** 2), n++);
  assert.ok(Math.abs(se / n - ADDING_BASELINE_MSE) < 0.03, `baseline ${se / n}`);
  assert.ok(Math.abs(ADDING_BASELINE_MSE - 0.1667) < 1e-3);
});

test('adding: same seed, same batches; the probe labels show values and marks', () => {
  const t1 = adding();
  const t2 = adding();
  const r1 = new Rng(5);
  const r2 = new Rng(5);
  assert.deepEqual(t1.nextTrainBatch(r1), t2.nextTrainBatch(r2));
  const { batch, stepLabels } = t1.probe();
  assert.equal(batch.B, 1);
  assert.equal(stepLabels.length, T);
  assert.equal(stepLabels.filter((l) => l.startsWith('[')).length, 2);
  assert.match(stepLabels[0], /^\[?\d\.\d\d\]?$/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/engine/rng';
import { createTask } from '../../src/tasks';
import { memoryIO, specOf, SPEC_DIR } from './task-helpers';

test('copy: symbols, delay blanks, go, recall; scored only at the recall steps', () => {
  const symbols = 5;
  const length = 4;
  const delay = 3;
  const task = createTask(specOf({ kind: 'copy', symbols, length, delay }, { batchSize: 6 }), SPEC_DIR, memoryIO({}));
  const T = 2 * length + delay + 1;
  assert.equal(task.inputKind, 'tokens');
  assert.equal(task.inputSize, symbols + 2);
  assert.deepEqual(task.vocab, ['A', 'B', 'C', 'D', 'E', '_', '→']);
  assert.equal(task.at, 'every');
  assert.equal(task.loss, 'cross-entropy');
  const blank = symbols;
  const go = symbols + 1;
  const batch = task.nextTrainBatch(new Rng(2));
  assert.equal(batch.B, 6);
  assert.equal(batch.T, T);
  for (let b = 0; b < 6; b++) {
    const x = Array.from(batch.tokens!.subarray(b * T, (b + 1) * T));
    const y = Array.from(batch.targetIds!.subarray(b * T, (b + 1) * T));
    const shown = x.slice(0, length);
    assert.ok(shown.every((s) => s >= 0 && s < symbols));
    assert.deepEqual(x.slice(length, length + delay), Array(delay).fill(blank));
    assert.equal(x[length + delay], go);
    assert.deepEqual(x.slice(length + delay + 1), Array(length).fill(blank));
    assert.deepEqual(y.slice(0, length + delay + 1), Array(length + delay + 1).fill(-1));
    assert.deepEqual(y.slice(length + delay + 1), shown);
  }
});

test('copy: delay 0 replays right after the go marker; validation is fixed', () => {
  const task = createTask(specOf({ kind: 'copy', symbols: 3, length: 2, delay: 0 }, { batchSize: 4 }), SPEC_DIR, memoryIO({}));
  const b = task.nextTrainBatch(new Rng(1));
  assert.equal(b.T, 5);
  assert.equal(b.tokens![2], 4);
  const again = createTask(specOf({ kind: 'copy', symbols: 3, length: 2, delay: 0 }, { batchSize: 4 }), SPEC_DIR, memoryIO({}));
  assert.deepEqual(task.validationBatches(), again.validationBatches());
  const { stepLabels } = task.probe();
  assert.equal(stepLabels[2], '→');
});

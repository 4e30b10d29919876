import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/engine/rng';
import { createTask } from '../../src/tasks';
import { at, memoryIO, specOf, SPEC_DIR } from './task-helpers';

const ROWS = 60;
const CSV =
  'time,temp,"hum"\n' +
  Array.from({ length: ROWS }, (_, i) => `2024-01-01T${String(i).padStart(2, '0')},${10 + (i % 7)},${50 + 3 * (i % 5)}`).join('\n') +
  '\n';
const raw = (i: number) => [10 + (i % 7), 50 + 3 * (i % 5)];

function series(text = CSV, columns = ['temp', 'hum'], validation = 0.2) {
  const io = memoryIO({ [at('w.csv')]: text });
  const task = createTask(specOf({ kind: 'series', file: 'w.csv', columns, validation }, { batchSize: 3, bptt: 4 }), SPEC_DIR, io);
  return { task, io };
}

test('series: columns standardised with training-set mean/std; target = next row', () => {
  const { task, io } = series();
  assert.equal(task.inputKind, 'real');
  assert.equal(task.inputSize, 2);
  assert.equal(task.outputSize, 2);
  assert.equal(task.loss, 'mse');
  assert.equal(task.at, 'every');
  assert.equal(task.stream, true);

  const trainRows = ROWS - Math.floor(ROWS * 0.2);
  const mean = [0, 0];
  const sq = [0, 0];
  for (let i = 0; i < trainRows; i++) raw(i).forEach((v, c) => (mean[c] += v / trainRows));
  for (let i = 0; i < trainRows; i++) raw(i).forEach((v, c) => (sq[c] += (v - mean[c]) ** 2 / trainRows));
  const z = (i: number) => raw(i).map((v, c) => (v - mean[c]) / Math.sqrt(sq[c]));

  const rng = new Rng(1);
  const a = task.nextTrainBatch(rng);
  const b = task.nextTrainBatch(rng);
  const laneLength = Math.floor((trainRows - 1) / 3);
  assert.equal(a.reals!.length, 3 * 4 * 2);
  for (let lane = 0; lane < 3; lane++) {
    for (let t = 0; t < 4; t++) {
      const row = lane * laneLength + t;
      const at = (lane * 4 + t) * 2;
      for (let c = 0; c < 2; c++) {
        assert.ok(Math.abs(a.reals![at + c] - z(row)[c]) < 1e-12);
        assert.ok(Math.abs(a.targetReals![at + c] - z(row + 1)[c]) < 1e-12);
        assert.ok(Math.abs(b.reals![at + c] - z(row + 4)[c]) < 1e-12); // the next window continues
      }
    }
  }
  // Validation covers the held-out rows' steps once; padded steps are masked.
  let scored = 0;
  for (const v of task.validationBatches()) {
    scored += v.mask ? v.mask.reduce((s, m) => s + m, 0) : v.B * v.T;
  }
  assert.equal(scored, Math.floor(ROWS * 0.2) - 1);
  const { batch, stepLabels } = task.probe();
  assert.equal(batch.B, 1);
  assert.equal(
    stepLabels[0],
    raw(trainRows)
      .map((v) => v.toFixed(2))
      .join(' '),
  );
  assert.equal(io.reads.length, 1);
});

test('series: a missing column lists the available ones; a bad cell names file:line:column', () => {
  assert.throws(
    () => series(CSV, ['temp', 'pressure']),
    (e: Error) => e.name === 'TaskDataError' && e.message === 'w.csv:1: there is no column "pressure"; the columns are "time", "temp", "hum"',
  );
  const bad = CSV.replace('\n2024-01-01T03,13,59\n', '\n2024-01-01T03,warm,59\n');
  assert.notEqual(bad, CSV);
  assert.throws(
    () => series(bad),
    (e: Error) => e.name === 'TaskDataError' && e.message === 'w.csv:5:15: column "temp" has "warm", which is not a number',
  );
  const short = CSV.replace('\n2024-01-01T03,13,59\n', '\n2024-01-01T03,13\n');
  assert.throws(() => series(short), /^TaskDataError: w\.csv:5: the row has 2 fields/);
});

test('series: same seed, same batches', () => {
  const run = () => {
    const { task } = series();
    const rng = new Rng(9);
    return Array.from({ length: 20 }, () => task.nextTrainBatch(rng));
  };
  assert.deepEqual(run(), run());
});

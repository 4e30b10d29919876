// Lesson 3, parameter sharing: the same W_ax, W_aa, b_a, W_ya, b_y are used at every time step, so
// the spec at two sequence lengths has the same parameters; and one batch can hold sequences of
// different lengths (variable-length sequences): padded to the longest, each row is computed as if
// it were alone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Batch } from '../../src/engine/batch';
import { readSafetensors } from '../../src/engine/safetensors';
import { RUN_FILES } from '../../src/runs/run-files';
import { Trainer } from '../../src/train/trainer';
import { LESSONS_DIR, REVIEWS_FILE } from './lesson-data';
import { lessonSpec, lessonWorkspace, trainLesson } from './lesson-helpers';

test('lesson 3: the same spec at 5 and at 30 time steps has the same parameters', async () => {
  const short = lessonSpec('lesson3-short.rnn.json').spec;
  const long = lessonSpec('lesson3-long.rnn.json').spec;
  assert.equal(short.training.bptt, 5);
  assert.equal(long.training.bptt, 30);
  // nothing else differs
  assert.deepEqual({ ...long, name: short.name, training: { ...long.training, bptt: 5 } }, short);

  const ws = lessonWorkspace();
  const a = await trainLesson('lesson3-short.rnn.json', { workspace: ws, steps: 10 });
  const b = await trainLesson('lesson3-long.rnn.json', { workspace: ws, steps: 10 });
  assert.equal(a.started.parameterCount, b.started.parameterCount);
  const shapes = (folder: string) =>
    Object.fromEntries([...readSafetensors(readFileSync(path.join(folder, RUN_FILES.weights))).entries()].map(([n, t]) => [n, t.shape]));
  assert.deepEqual(shapes(a.folder), shapes(b.folder));
  // six times the steps, six times the tokens per batch, not one parameter more
  assert.equal(b.progress.length, a.progress.length);
});

/** Row b of a padded batch, cut to its own length, as a batch of its own. */
function rowAlone(batch: Batch, b: number): Batch {
  const len = batch.lengths![b];
  return { B: 1, T: len, tokens: batch.tokens!.slice(b * batch.T, b * batch.T + len), targetIds: batch.targetIds!.slice(b, b + 1) };
}

test('lesson 3: a batch of reviews of different lengths is padded, and padding changes no row', () => {
  const { spec, task } = lessonSpec('lesson3-lengths.rnn.json');
  assert.equal(spec.task.kind, 'classify');
  const trainer = new Trainer(spec, task);
  for (let i = 0; i < 30; i++) trainer.step(); // weights that are no longer the initial ones
  const model = trainer.model;
  // the reviews are 4 to 10 words long (what the lesson says)
  const words = readFileSync(path.join(LESSONS_DIR, REVIEWS_FILE), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { input: string }).input.split(' ').length);
  assert.deepEqual([Math.min(...words), Math.max(...words)], [4, 10]);
  const batch = task.validationBatches()[0];
  const lengths = Array.from(batch.lengths!);
  assert.ok(new Set(lengths).size >= 3, `the batch mixes lengths: ${lengths.join(', ')}`);
  assert.equal(batch.T, Math.max(...lengths), 'padded to its longest row');

  const all = model.step(batch, { backward: false });
  const O = task.outputSize;
  const outputs = Float64Array.from(all.outputs); // [B·O], read at each row's last valid step
  let lossSum = 0;
  for (let b = 0; b < batch.B; b++) {
    const one = model.step(rowAlone(batch, b), { backward: false });
    lossSum += one.loss;
    for (let o = 0; o < O; o++) {
      const want = one.outputs[o];
      const got = outputs[b * O + o];
      assert.ok(Math.abs(got - want) <= 1e-5 * Math.max(1, Math.abs(want)), `row ${b} (length ${lengths[b]}), output ${o}: ${got} padded, ${want} alone`);
    }
  }
  const mean = lossSum / batch.B;
  assert.ok(Math.abs(all.loss - mean) <= 1e-5 * mean, `batch loss ${all.loss}, mean of the rows alone ${mean}`);
});

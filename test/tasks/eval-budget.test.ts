// training.evalTokens bounds what an evaluation scores: the first positions of the held-out part,
// the same ones every time; 0 scores the whole split.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Batch } from '../../src/engine/batch';
import { createTask } from '../../src/tasks';
import { at, memoryIO, specOf, SPEC_DIR } from './task-helpers';

const TEXT = 'abcdefghij klmnopqrst\n'.repeat(2000); // 44,000 characters, 4,400 held out

const scored = (batches: Batch[]): number => batches.reduce((n, b) => n + b.targetIds!.filter((t) => t >= 0).length, 0);

function charTask(evalTokens: number) {
  const io = memoryIO({ [at('data/t.txt')]: TEXT });
  return createTask(specOf({ kind: 'char-lm', file: 'data/t.txt', validation: 0.1 }, { batchSize: 8, bptt: 32, evalTokens }), SPEC_DIR, io);
}

test('evalTokens: an evaluation scores exactly the budget, and the same positions each time', () => {
  const task = charTask(1000);
  const first = task.validationBatches();
  assert.equal(scored(first), 1000);
  assert.deepEqual(task.validationBatches(), first);
});

test('evalTokens 0, or a budget past the split, scores the whole held-out part', () => {
  assert.equal(scored(charTask(0).validationBatches()), 4400 - 1);
  assert.equal(scored(charTask(1e9).validationBatches()), 4400 - 1);
});

test('classify: the budget takes whole examples from the start of the held-out lines', () => {
  const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ input: 'word '.repeat(1 + (i % 5)).trim(), label: i % 2 ? 'odd' : 'even' })).join('\n');
  const io = memoryIO({ [at('data/c.jsonl')]: lines });
  const task = (evalTokens: number) =>
    createTask(specOf({ kind: 'classify', file: 'data/c.jsonl', split: 'words', validation: 0.5 }, { batchSize: 4, evalTokens }), SPEC_DIR, io);
  const rows = (bs: Batch[]) => bs.reduce((n, b) => n + b.B, 0);
  assert.equal(rows(task(0).validationBatches()), 100);
  const bounded = task(10).validationBatches();
  const steps = bounded.reduce((n, b) => n + Array.from(b.lengths!).reduce((a, c) => a + c, 0), 0);
  assert.ok(steps >= 10 && rows(bounded) < 100, `${rows(bounded)} examples, ${steps} steps`);
});

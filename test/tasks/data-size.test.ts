// Sizes checked again once the data is read: a classify batch pads to its longest sequence, and a text's
// vocabulary is only known from the file. Over-long sequences and models too big for their data are refused
// with a TaskDataError naming the file, the line and the limit, before anything large is allocated.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTask, TaskDataError } from '../../src/tasks';
import { MAX_SEQUENCE_STEPS } from '../../src/tasks/training-settings';
import type { TaskSpec } from '../../src/spec/types';
import { at, memoryIO, specOf, SPEC_DIR } from './task-helpers';

const short = (i: number) => JSON.stringify({ input: i % 2 ? 'good food' : 'bad food', label: i % 2 ? 'pos' : 'neg' });

function classifyFile(lines: string[], task: Partial<Extract<TaskSpec, { kind: 'classify' }>> = {}, model = {}, training = {}) {
  const spec = specOf({ kind: 'classify', file: 'data/long.jsonl', split: 'chars', validation: 0.2, ...task }, training);
  Object.assign(spec.model, model);
  return () => createTask(spec, SPEC_DIR, memoryIO({ [at('data/long.jsonl')]: lines.join('\n') + '\n' }));
}

function refusal(f: () => unknown): TaskDataError {
  const t0 = performance.now();
  try {
    f();
  } catch (e) {
    assert.ok(performance.now() - t0 < 5000, 'refused quickly');
    assert.ok(e instanceof TaskDataError, `a TaskDataError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a refusal');
}

test('a classify line of 1,000,000 characters is refused, naming the file, the line and the limit', () => {
  const lines = [short(0), short(1), JSON.stringify({ input: 'x'.repeat(1_000_000), label: 'pos' }), short(3), short(4)];
  const e = refusal(classifyFile(lines));
  assert.equal(e.file, 'data/long.jsonl');
  assert.equal(e.line, 3);
  assert.match(e.message, /^data\/long\.jsonl:3: /);
  assert.match(e.message, /1,000,000 steps/);
  assert.match(e.message, new RegExp(`limit .*${MAX_SEQUENCE_STEPS.toLocaleString('en-US')}`));
  assert.doesNotMatch(e.message, /xxxxxxxxxx/, 'the line itself is not quoted');
});

test('numeric classify sequences over the limit are refused too (words and whitespace splits count tokens)', () => {
  const steps = Array.from({ length: MAX_SEQUENCE_STEPS + 1 }, (_, i) => i % 7);
  const lines = [JSON.stringify({ input: [1, 2], label: 'a' }), JSON.stringify({ input: [3], label: 'b' }), JSON.stringify({ input: steps, label: 'a' })];
  const e = refusal(classifyFile(lines));
  assert.equal(e.line, 3);
  assert.match(e.message, /10,001 steps/);

  const words = Array.from({ length: MAX_SEQUENCE_STEPS + 5 }, () => 'w').join(' ');
  const w = refusal(classifyFile([short(0), JSON.stringify({ input: words, label: 'pos' }), short(2)], { split: 'words' }));
  assert.equal(w.line, 2);
});

test('a sequence at the limit is accepted', () => {
  const lines = [short(0), short(1), JSON.stringify({ input: 'y'.repeat(MAX_SEQUENCE_STEPS), label: 'pos' }), short(3)];
  const task = classifyFile(lines, {}, {}, { batchSize: 2, dtype: 'float32' })();
  assert.equal(task.maxSteps, MAX_SEQUENCE_STEPS);
});

test('within the step limit but too big for memory with the real length: refused with the estimate', () => {
  const lines = [short(0), short(1), JSON.stringify({ input: 'z'.repeat(9_000), label: 'pos' }), short(3), short(4)];
  const e = refusal(classifyFile(lines, {}, { hiddenSize: 1024 }, { batchSize: 256 }));
  assert.equal(e.file, 'data/long.jsonl');
  assert.equal(e.line, 3);
  assert.match(e.message, /9,000 steps/);
  assert.match(e.message, /training would need ≈ [\d.]+ GiB of memory \(limit 4 GiB\)/);
});

test('char-lm: windows with a large batch are checked with the real sizes too', () => {
  const text = 'abcdefgh '.repeat(30_000);
  const spec = specOf({ kind: 'char-lm', file: 'data/t.txt', validation: 0.1 }, { bptt: 50, batchSize: 4096, dtype: 'float32' });
  spec.model.hiddenSize = 2048;
  const e = refusal(() => createTask(spec, SPEC_DIR, memoryIO({ [at('data/t.txt')]: text })));
  assert.equal(e.file, 'data/t.txt');
  assert.match(e.message, /training would need/);
});

test('char-lm: a huge vocabulary (every character distinct) makes the output layer too big', () => {
  let text = '';
  for (let c = 0x100; c < 0x100 + 40_000; c++) text += String.fromCharCode(c);
  const spec = specOf({ kind: 'char-lm', file: 'data/t.txt', validation: 0.1 }, { bptt: 8, batchSize: 2, dtype: 'float32' });
  spec.model.hiddenSize = 5000; // fits with the 256 characters the spec check assumes, not with 40,000
  spec.model.embedding = 64;
  const e = refusal(() => createTask(spec, SPEC_DIR, memoryIO({ [at('data/t.txt')]: text.repeat(3) })));
  assert.match(e.message, /vocabulary of 40,00\d/);
  assert.match(e.message, /parameters/);
});

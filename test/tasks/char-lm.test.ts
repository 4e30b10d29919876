import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/engine/rng';
import { createTask } from '../../src/tasks';
import type { Batch } from '../../src/engine/batch';
import { at, memoryIO, specOf, SPEC_DIR } from './task-helpers';

const TEXT = 'the quick brown fox jumps over the lazy dog.\nA stitch in time saves nine!\n'.repeat(6); // 444 chars

function charTask(text = TEXT, batchSize = 4, bptt = 5, validation = 0.1) {
  const io = memoryIO({ [at('data/t.txt')]: text });
  const task = createTask(specOf({ kind: 'char-lm', file: 'data/t.txt', validation }, { batchSize, bptt }), SPEC_DIR, io);
  return { task, io };
}

test('char-lm: vocabulary is the sorted unique characters; shapes and sizes', () => {
  const { task } = charTask();
  assert.deepEqual(task.vocab, [...new Set(TEXT)].sort());
  assert.equal(task.inputKind, 'tokens');
  assert.equal(task.inputSize, task.vocab!.length);
  assert.equal(task.outputSize, task.vocab!.length);
  assert.equal(task.loss, 'cross-entropy');
  assert.equal(task.at, 'every');
  assert.equal(task.stream, true);
  assert.equal(task.tokensPerBatch, 4 * 5);
  const b = task.nextTrainBatch(new Rng(1));
  assert.equal(b.B, 4);
  assert.equal(b.T, 5);
  assert.equal(b.tokens!.length, 20);
  assert.equal(b.targetIds!.length, 20);
});

test('char-lm: reads the file exactly once, relative to the spec folder', () => {
  const { task, io } = charTask();
  task.nextTrainBatch(new Rng(1));
  task.validationBatches();
  task.probe();
  task.encode!('the');
  assert.deepEqual(io.reads, ['/ws/specs/data/t.txt']);
});

test('char-lm: the target is the next character, and windows of a lane continue each other', () => {
  const { task } = charTask();
  const rng = new Rng(3);
  const decode = (ids: ArrayLike<number>) => task.decode!(Array.from(ids));
  const trainText = TEXT.slice(0, TEXT.length - Math.floor(TEXT.length * 0.1));
  const laneLength = Math.floor((trainText.length - 1) / 4);
  const lanes: string[] = ['', '', '', ''];
  const windows = Math.floor(laneLength / 5);
  for (let k = 0; k < windows; k++) {
    const b = task.nextTrainBatch(rng);
    for (let lane = 0; lane < 4; lane++) {
      const inputs = b.tokens!.subarray(lane * 5, lane * 5 + 5);
      const targets = b.targetIds!.subarray(lane * 5, lane * 5 + 5);
      // target t = input t+1 inside the window
      for (let t = 0; t < 4; t++) assert.equal(targets[t], inputs[t + 1]);
      lanes[lane] += decode(inputs);
    }
  }
  for (let lane = 0; lane < 4; lane++) {
    assert.equal(lanes[lane], trainText.slice(lane * laneLength, lane * laneLength + windows * 5), `lane ${lane}`);
  }
});

test('char-lm: validation windows cover the held-out text exactly once', () => {
  const { task } = charTask(TEXT, 4, 5, 0.25);
  const heldOut = TEXT.slice(TEXT.length - Math.floor(TEXT.length * 0.25));
  const batches = task.validationBatches();
  const lanes = batches[0].B;
  assert.ok(batches.every((b) => b.B === lanes && b.T === 5));
  // Rebuild, lane by lane, the (input, target) pairs that are scored.
  const scoredInputs: string[] = Array(lanes).fill('');
  const lastTarget: string[] = Array(lanes).fill('');
  let scored = 0;
  for (const b of batches) {
    for (let lane = 0; lane < lanes; lane++) {
      for (let t = 0; t < 5; t++) {
        const target = b.targetIds![lane * 5 + t];
        if (target < 0) continue;
        scored++;
        scoredInputs[lane] += task.vocab![b.tokens![lane * 5 + t]];
        lastTarget[lane] = task.vocab![target];
      }
    }
  }
  assert.equal(scored, heldOut.length - 1);
  // Lanes are consecutive pieces of the held-out text; together with the final target they are all of it.
  assert.equal(scoredInputs.join('') + lastTarget[lanes - 1], heldOut);
  // A second call gives the same batches.
  assert.deepEqual(task.validationBatches(), batches);
});

test('char-lm: probe is one held-out window from a line start, with visible labels', () => {
  const { task } = charTask(TEXT, 4, 8, 0.2);
  const { batch, stepLabels } = task.probe();
  assert.equal(batch.B, 1);
  assert.equal(batch.T, 8);
  const heldOut = TEXT.slice(TEXT.length - Math.floor(TEXT.length * 0.2));
  const fromLineStart = heldOut.slice(heldOut.indexOf('\n') + 1); // the probe starts at a line start
  assert.equal(task.decode!(Array.from(batch.tokens!)), fromLineStart.slice(0, 8));
  assert.equal(task.decode!(Array.from(batch.targetIds!)), fromLineStart.slice(1, 9));
  assert.deepEqual(
    stepLabels,
    [...fromLineStart.slice(0, 8)].map((c) => (c === ' ' ? '␣' : c === '\n' ? '⏎' : c)),
  );
});

test('char-lm: same seed, same batches (across epochs too)', () => {
  const run = (seed: number) => {
    const { task } = charTask();
    const rng = new Rng(seed);
    const out: Batch[] = [];
    for (let i = 0; i < 60; i++) out.push(task.nextTrainBatch(rng));
    return out;
  };
  assert.deepEqual(run(7), run(7));
  assert.notDeepEqual(run(7), run(8)); // later epochs start at a random offset
});

test('char-lm: encode/decode round-trip; CRLF reads as LF; unknown characters are an error', () => {
  const { task } = charTask('ab\r\ncab\r\n'.repeat(40), 2, 3);
  assert.deepEqual(task.vocab, ['\n', 'a', 'b', 'c']);
  assert.equal(task.decode!(task.encode!('cab\n')), 'cab\n');
  assert.equal(task.decode!(task.encode!('ab\r\n')), 'ab\n');
  assert.throws(
    () => task.encode!('abz'),
    (e: Error) => e.name === 'TaskDataError' && /"z"/.test(e.message),
  );
});

test('char-lm: a text too short for the batch is a TaskDataError naming the file', () => {
  assert.throws(
    () => charTask('abcdefghij', 4, 5),
    (e: Error) => e.name === 'TaskDataError' && e.message.startsWith('data/t.txt: ') && /training\.batchSize/.test(e.message),
  );
});

test('char-lm: a missing file is a TaskDataError naming it', () => {
  const io = memoryIO({});
  assert.throws(
    () => createTask(specOf({ kind: 'char-lm', file: 'nope.txt', validation: 0.1 }), SPEC_DIR, io),
    (e: Error) => e.name === 'TaskDataError' && e.message.startsWith('nope.txt: no such file'),
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/engine/rng';
import { createTask, joinWordTokens, textCodec, wordTokens } from '../../src/tasks';
import { at, memoryIO, specOf, SPEC_DIR } from './task-helpers';

test('word tokens: words and each punctuation mark', () => {
  assert.deepEqual(wordTokens('I love machine learning.'), ['I', 'love', 'machine', 'learning', '.']);
  assert.deepEqual(wordTokens('"Don\'t," she said -- 3.14 (pi), 1,000 cats!\nEnd'), [
    '"',
    "Don't",
    ',',
    '"',
    'she',
    'said',
    '-',
    '-',
    '3.14',
    '(',
    'pi',
    ')',
    ',',
    '1,000',
    'cats',
    '!',
    '\n',
    'End',
  ]);
  assert.deepEqual(wordTokens('The Cat', true), ['the', 'cat']);
});

test('word tokens: decode joins with sensible spacing', () => {
  assert.equal(joinWordTokens(['I', 'love', 'machine', 'learning', '.']), 'I love machine learning.');
  assert.equal(
    joinWordTokens(['"', 'hi', ',', '"', 'she', 'said', '(', 'softly', ')', '.', '\n', 'well', '-', 'known']),
    '"hi," she said (softly).\nwell-known',
  );
});

// 'the' 3 times a line; '\n', '.', 'I', 'love', 'sea' twice (ties go in code-unit order).
const STORY = 'I love machine learning. I love the sea and the sea loves the sun.\nThe end!\n'.repeat(20);

function wordTask(vocabSize = 100, lowercase = false, validation = 0.1) {
  const io = memoryIO({ [at('story.txt')]: STORY });
  const task = createTask(specOf({ kind: 'word-lm', file: 'story.txt', vocabSize, validation, lowercase }, { batchSize: 3, bptt: 4 }), SPEC_DIR, io);
  return { task, io };
}

test('word-lm: vocabulary = <unk> then tokens by frequency; the seed sentence read word by word', () => {
  const { task, io } = wordTask();
  assert.equal(task.vocab![0], '<unk>');
  assert.equal(new Set(task.vocab).size, task.vocab!.length);
  assert.ok(task.vocab!.includes('\n'));
  const ids = task.encode!('I love machine learning.');
  assert.deepEqual(
    ids.map((id) => task.vocab![id]),
    ['I', 'love', 'machine', 'learning', '.'],
  );
  assert.equal(task.decode!(ids), 'I love machine learning.');
  assert.deepEqual(task.vocab!.slice(1, 4), ['the', '\n', '.']);
  const { batch, stepLabels } = task.probe();
  assert.equal(batch.B, 1);
  assert.equal(stepLabels.length, batch.T);
  assert.equal(io.reads.length, 1);
});

test('word-lm: vocabSize caps the vocabulary (including <unk>); the rest reads as <unk>', () => {
  const { task } = wordTask(3);
  assert.equal(task.vocab!.length, 3);
  assert.deepEqual(task.vocab, ['<unk>', 'the', '\n']);
  assert.equal(task.decode!(task.encode!('the machine.\n')), 'the <unk> <unk>\n');
});

test('word-lm: lowercase folds case in the vocabulary and the prime', () => {
  const { task } = wordTask(100, true);
  assert.ok(!task.vocab!.includes('The'));
  assert.deepEqual(task.encode!('THE SEA'), task.encode!('the sea'));
  assert.ok(task.encode!('the sea').every((id) => id > 0));
});

test('word-lm: batches are token windows whose targets are the next tokens', () => {
  const { task } = wordTask();
  const rng = new Rng(1);
  const a = task.nextTrainBatch(rng);
  const b = task.nextTrainBatch(rng);
  for (let lane = 0; lane < 3; lane++) {
    for (let t = 0; t < 3; t++) assert.equal(a.targetIds![lane * 4 + t], a.tokens![lane * 4 + t + 1]);
    assert.equal(a.targetIds![lane * 4 + 3], b.tokens![lane * 4]); // the next window continues the lane
  }
});

test('textCodec rebuilds encode/decode from a vocabulary alone', () => {
  const { task } = wordTask(100, true);
  const codec = textCodec('word-lm', task.vocab!);
  assert.deepEqual(codec.encode('The sea.'), task.encode!('The sea.'));
  assert.equal(codec.defaultPrime, '\n');
  const chars = textCodec('char-lm', ['\n', ' ', 'a', 'b']);
  assert.deepEqual(chars.encode('ab a\n'), [2, 3, 1, 2, 0]);
  assert.equal(chars.decode([3, 2]), 'ba');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/engine/rng';
import { createTask } from '../../src/tasks';
import type { TaskSpec } from '../../src/spec/types';
import { at, memoryIO, specOf, SPEC_DIR } from './task-helpers';

type ClassifySpec = Extract<TaskSpec, { kind: 'classify' }>;

function classify(text: string, options: Partial<ClassifySpec> = {}, batchSize = 4) {
  const io = memoryIO({ [at('data/reviews.jsonl')]: text });
  const task = createTask(specOf({ kind: 'classify', file: 'data/reviews.jsonl', split: 'words', validation: 0.2, ...options }, { batchSize }), SPEC_DIR, io);
  return { task, io };
}

const REVIEWS = [
  { input: 'great food', label: 'pos' },
  { input: 'awful service, cold food', label: 'neg' },
  { input: 'not bad at all', label: 'pos' },
  { input: 'bad', label: 'neg' },
  { input: 'great', label: 'pos' }, // held out
  { input: 'cold and bad food', label: 'neg' },
  { input: 'lovely evening', label: 'pos' },
  { input: 'never again', label: 'neg' },
  { input: 'great great great', label: 'pos' },
  { input: 'awful hotel', label: 'meh' }, // held out
];
const JSONL = REVIEWS.map((r) => JSON.stringify(r)).join('\n') + '\n';
const LABELS = ['meh', 'neg', 'pos'];

test('classify: labels sorted into class ids; held-out lines evenly spaced; padding and lengths', () => {
  const { task, io } = classify(JSONL);
  assert.deepEqual(task.labels, LABELS);
  assert.equal(task.outputSize, 3);
  assert.equal(task.at, 'last');
  assert.equal(task.loss, 'cross-entropy');
  assert.equal(task.inputKind, 'tokens');
  assert.equal(task.vocab![0], '<unk>');
  assert.deepEqual(task.vocab!.slice(1), [...task.vocab!.slice(1)].sort());
  assert.ok(!task.vocab!.includes('hotel')); // only in a held-out line

  const [v] = task.validationBatches();
  assert.equal(task.validationBatches().length, 1);
  assert.equal(v.B, 2);
  assert.equal(v.T, 2);
  assert.deepEqual(Array.from(v.lengths!), [1, 2]);
  assert.deepEqual(Array.from(v.targetIds!), [2, 0]);
  assert.deepEqual(
    Array.from(v.tokens!, (id) => task.vocab![id]),
    ['great', '<unk>', 'awful', '<unk>'],
  );
  assert.equal(v.tokens![1], 0); // padding

  // One batch of 8 = one shuffled epoch of the 8 training lines.
  const { task: t8 } = classify(JSONL, {}, 8);
  const b = t8.nextTrainBatch(new Rng(4));
  assert.equal(b.B, 8);
  assert.equal(b.T, 5); // "awful service , cold food"
  const seen: string[] = [];
  for (let r = 0; r < 8; r++) {
    const len = b.lengths![r];
    const row = Array.from(b.tokens!.subarray(r * 5, r * 5 + 5));
    assert.ok(
      row.slice(len).every((id) => id === 0),
      'padding is 0',
    );
    const text = t8.decode!(row.slice(0, len));
    const review = REVIEWS.find((x) => x.input === text);
    assert.ok(review, `row ${r} is a training line: ${text}`);
    assert.equal(b.targetIds![r], LABELS.indexOf(review.label));
    seen.push(text);
  }
  assert.equal(new Set(seen).size, 8);
  assert.equal(io.reads.length, 1);
});

test('classify: shuffles every epoch with the rng; same seed, same batches', () => {
  const order = (seed: number) => {
    const { task } = classify(JSONL, {}, 8);
    const rng = new Rng(seed);
    return [0, 1, 2].map(() => Array.from(task.nextTrainBatch(rng).targetIds!).join(''));
  };
  assert.deepEqual(order(1), order(1));
  const { task } = classify(JSONL, {}, 8);
  const rng = new Rng(1);
  const epochs = [0, 1, 2, 3].map(() => Array.from(task.nextTrainBatch(rng).lengths!).join(','));
  assert.ok(new Set(epochs).size > 1, 'epochs come in different orders');
});

test('classify: chars and tokens splits', () => {
  const lines = [
    { input: 'ab ba', label: 'x' },
    { input: 'aab', label: 'y' },
  ];
  const text = lines.map((l) => JSON.stringify(l)).join('\n');
  const chars = classify(text, { split: 'chars', validation: 0 }).task;
  assert.deepEqual(chars.vocab, ['<unk>', ' ', 'a', 'b']);
  assert.deepEqual(chars.probe().stepLabels, ['a', 'b', '␣', 'b', 'a']);
  const tokens = classify(text, { split: 'tokens', validation: 0 }).task;
  assert.deepEqual(tokens.vocab, ['<unk>', 'aab', 'ab', 'ba']);
});

test('classify: number[] is a sequence of scalars, number[][] of feature vectors', () => {
  const scalars = [
    { input: [0.5, 1, 2], label: 'up' },
    { input: [3, 2], label: 'down' },
  ];
  const s = classify(scalars.map((l) => JSON.stringify(l)).join('\n'), { validation: 0 }, 2).task;
  assert.equal(s.inputKind, 'real');
  assert.equal(s.inputSize, 1);
  const sb = s.nextTrainBatch(new Rng(1));
  assert.equal(sb.T, 3);
  const rows = [0, 1].map((r) => Array.from(sb.reals!.subarray(r * 3, r * 3 + 3)));
  const byLength = rows.map((row, r) => ({ row, len: sb.lengths![r], label: sb.targetIds![r] })).sort((a, b) => a.len - b.len);
  assert.deepEqual(byLength[0], { row: [3, 2, 0], len: 2, label: 0 });
  assert.deepEqual(byLength[1], { row: [0.5, 1, 2], len: 3, label: 1 });
  assert.deepEqual(s.probe().stepLabels, ['0.50', '1.00', '2.00']);

  const vectors = [
    {
      input: [
        [1, 2],
        [3, 4],
      ],
      label: 'a',
    },
    { input: [[5, 6]], label: 'b' },
  ];
  const v = classify(vectors.map((l) => JSON.stringify(l)).join('\n'), { validation: 0 }, 2).task;
  assert.equal(v.inputSize, 2);
  const vb = v.nextTrainBatch(new Rng(1));
  assert.equal(vb.reals!.length, 2 * 2 * 2);
});

test('classify: bad lines are TaskDataErrors naming file:line', () => {
  const cases: [string, RegExp][] = [
    ['{"input": "a", "label": "x"}\n{"input": "b"}\n', /^data\/reviews\.jsonl:2: "label" is missing$/],
    ['{"input": "a", "label": "x"}\n\n{"label": "y"}\n', /^data\/reviews\.jsonl:3: "input" is missing$/],
    ['{"input": "a", "label": "x"}\n{"input": "b", "label": "y"\n', /^data\/reviews\.jsonl:2: not valid JSON/],
    ['{"input": "a", "label": "x"}\n{"input": [1, 2], "label": "y"}\n', /^data\/reviews\.jsonl:2: "input" is an array of numbers but line 1 has a string/],
    ['{"input": [[1, 2]], "label": "x"}\n{"input": [[1]], "label": "y"}\n', /^data\/reviews\.jsonl:2: "input" has vectors of 1 numbers but line 1/],
    ['{"input": {"a": 1}, "label": "x"}\n', /^data\/reviews\.jsonl:1: "input" must be a string, an array of numbers/],
    ['{"input": "a", "label": "x"}\n{"input": "b", "label": "x"}\n', /^data\/reviews\.jsonl: every line has the label "x"/],
    ['\n\n', /^data\/reviews\.jsonl: the file has no examples/],
  ];
  for (const [text, expected] of cases) {
    assert.throws(
      () => classify(text, { validation: 0 }),
      (e: Error) => {
        assert.equal(e.name, 'TaskDataError');
        assert.match(e.message, expected);
        return true;
      },
    );
  }
});

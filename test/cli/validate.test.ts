// Malformed specs: exit 1, every problem with its key path and line, no stack traces.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rnnLab, workspace } from './cli-helpers';

const bad = `{
  "name": "broken",
  "task": { "kind": "adding", "length": 20 },
  "model": {
    "cell": "lstn",
    "hiddenSize": -4,
    "layerz": 2
  },
  "training": { "optimizer": "adam", "learningRate": "fast", "steps": 10 }
}
`;

test('validate reports every problem with key path and line, exit 1', () => {
  const ws = workspace({ 'bad.rnn.json': bad });
  const r = rnnLab(['validate', 'bad.rnn.json'], ws);
  assert.equal(r.code, 1);
  const out = r.stderr + r.stdout;
  assert.match(out, /:5:\d+.*model\.cell/);
  assert.match(out, /lstm/); // the suggestion
  assert.match(out, /:6:\d+.*model\.hiddenSize/);
  assert.match(out, /:7:\d+.*layerz/);
  assert.match(out, /layers/); // did you mean
  assert.match(out, /:9:\d+.*training\.learningRate/);
  assert.doesNotMatch(out, /\n\s+at .*\.js:\d+/, 'no stack trace');
});

test('train refuses a malformed spec with the same messages, and records no run', () => {
  const ws = workspace({ 'bad.rnn.json': bad });
  const r = rnnLab(['train', 'bad.rnn.json'], ws);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /model\.hiddenSize/);
  assert.doesNotMatch(r.stderr, /\n\s+at .*\.js:\d+/);
  assert.equal(rnnLab(['runs', '--json'], ws).stdout.trim(), '[]');
});

test('a JSON syntax error names the line', () => {
  const ws = workspace({ 's.rnn.json': '{\n  "name": "x",\n  "task": { "kind": "adding" "length": 5 }\n}\n' });
  const r = rnnLab(['validate', 's.rnn.json'], ws);
  assert.equal(r.code, 1);
  assert.match(r.stderr + r.stdout, /s\.rnn\.json:3:\d+/);
});

test('a missing data file is named', () => {
  const ws = workspace({
    'c.rnn.json': JSON.stringify({ name: 'c', task: { kind: 'char-lm', file: 'nowhere/text.txt' }, model: {}, training: {} }, null, 2),
  });
  for (const cmd of ['validate', 'train']) {
    const r = rnnLab([cmd, 'c.rnn.json'], ws);
    assert.equal(r.code, 1, cmd);
    assert.match(r.stderr + r.stdout, /nowhere[\\/]text\.txt/, cmd);
  }
});

test('a missing spec file, an unknown command and a bad option are user errors (exit 1)', () => {
  const ws = workspace({});
  assert.equal(rnnLab(['train', 'nope.rnn.json'], ws).code, 1);
  assert.equal(rnnLab(['frobnicate'], ws).code, 1);
  const r = rnnLab(['train', 'x.rnn.json', '--stepz', '3'], ws);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /stepz/);
});

test('absurd sizes are refused before anything is allocated', () => {
  const ws = workspace({
    'big.rnn.json': JSON.stringify({
      name: 'big',
      task: { kind: 'adding', length: 1000 },
      model: { cell: 'lstm', hiddenSize: 100000, layers: 50 },
      training: { batchSize: 4096 },
    }),
  });
  const r = rnnLab(['train', 'big.rnn.json'], ws);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /hiddenSize|memory|GiB/);
});

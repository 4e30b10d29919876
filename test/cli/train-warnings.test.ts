// `train` shows the spec's warnings (as `validate` and the editor do) before training starts: on stderr
// with path and line, in both modes; --json stdout stays pure training events.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonLines, rnnLab, workspace } from './cli-helpers';

const spec = `{
  "name": "warned",
  "task": { "kind": "adding", "length": 6 },
  "model": { "cell": "lstm", "hiddenSize": 4,
    "activation": "relu" },
  "training": { "optimizer": "adam", "learningRate": 0.01, "batchSize": 4, "steps": 3, "evalEvery": 3, "seed": 1 }
}
`;

test('train --json: the warning is on stderr with path and line; stdout is only JSON events', () => {
  const ws = workspace({ 'w.rnn.json': spec });
  const r = rnnLab(['train', 'w.rnn.json', '--json'], ws);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /w\.rnn\.json:5:\d+ +warning +model\.activation: is ignored by the lstm cell/);
  const events = jsonLines(r.stdout); // every line parses
  assert.equal(events[0].type, 'started');
  assert.equal(events.at(-1)!.type, 'finished');
  assert.doesNotMatch(r.stdout, /warning/);
});

test('train (progress view): the warning comes before training starts', () => {
  const ws = workspace({ 'w.rnn.json': spec });
  const r = rnnLab(['train', 'w.rnn.json'], ws);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^\S*w\.rnn\.json:5:\d+ +warning +model\.activation/, 'the warnings come first');
});

test('validate shows the same warning', () => {
  const ws = workspace({ 'w.rnn.json': spec });
  const r = rnnLab(['validate', 'w.rnn.json'], ws);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /w\.rnn\.json:5:\d+ +warning +model\.activation/);
});

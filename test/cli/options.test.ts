// A wrong option is the CLI's own message, in its language, naming the option and the command's usage;
// exit 1, nothing started.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { rnnLab, workspace } from './cli-helpers';

const SPEC = JSON.stringify({ name: 'o', task: { kind: 'adding', length: 6 }, model: { cell: 'gru', hiddenSize: 4 }, training: { steps: 2 } });

test('an unknown option, a missing value and a value given to a switch are named, in English and Chinese', () => {
  const ws = workspace({ 'o.rnn.json': SPEC });
  const cases: [string[], RegExp, RegExp][] = [
    [['train', 'o.rnn.json', '--stpes', '5'], /unknown option '--stpes'/, /未知选项 '--stpes'/],
    [['train', 'o.rnn.json', '--steps'], /'--steps' needs a value/, /'--steps' 需要一个值/],
    [['runs', '--json=yes'], /'--json' is a switch and takes no value/, /'--json' 是开关，不接受值/],
  ];
  for (const [args, en, zh] of cases) {
    const r = rnnLab(args, ws);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, en);
    assert.match(r.stderr, new RegExp(`Usage: rnn-lab ${args[0]} `));
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    assert.match(rnnLab([...args, '--lang', 'zh-cn'], ws).stderr, zh);
  }
  assert.equal(existsSync(path.join(ws, '.rnn-lab', 'runs')), false, 'no run was started');
});

test('values and switches given the usual ways still parse', () => {
  const ws = workspace({ 'o.rnn.json': SPEC });
  const r = rnnLab(['train', 'o.rnn.json', '--steps=3', '--threads', '1', '--json'], ws);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /"type":"finished".*"steps":3/);
});

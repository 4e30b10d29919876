// A classify file with one 1,000,000-character line: validate and train refuse it at once (exit 1),
// naming the file, the line and the limit, instead of training at gigabytes of memory.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { rnnLab, workspace } from './cli-helpers';

const spec = JSON.stringify(
  {
    name: 'long-line',
    task: { kind: 'classify', file: 'data/reviews.jsonl', split: 'chars', validation: 0.2 },
    model: { cell: 'gru', hiddenSize: 64, layers: 1, embedding: 16 },
    training: { optimizer: 'adam', learningRate: 0.005, batchSize: 32, steps: 5, seed: 1 },
  },
  null,
  2,
);

const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ input: i % 2 ? 'great food' : 'awful service', label: i % 2 ? 'pos' : 'neg' }));
lines[6] = JSON.stringify({ input: 'a'.repeat(1_000_000), label: 'pos' });
const data = lines.join('\n') + '\n';

for (const cmd of ['validate', 'train']) {
  test(`${cmd} refuses a 1,000,000-character classify line with file, line and limit`, () => {
    const ws = workspace({ 'long.rnn.json': spec, 'data/reviews.jsonl': data });
    const t0 = performance.now();
    const r = rnnLab([cmd, 'long.rnn.json'], ws, 30_000);
    const ms = performance.now() - t0;
    assert.equal(r.code, 1, r.stdout + r.stderr);
    // a bound for a hang (reading the line through would take minutes), not a speed
    assert.ok(ms < 20_000, `${cmd} took ${Math.round(ms)} ms`);
    assert.match(r.stderr, /data\/reviews\.jsonl:7: the sequence has 1,000,000 steps \(chars\); the limit is 10,000 steps/);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    assert.doesNotMatch(r.stderr, /aaaaaaaaaa/);
    if (cmd === 'train') assert.equal(existsSync(path.join(ws, '.rnn-lab')), false, 'no run is recorded');
  });
}

test('validate still passes the bundled classify example (its data is read)', () => {
  const r = rnnLab(['validate', path.resolve(__dirname, '../../examples/classify.rnn.json')], process.cwd());
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /valid/);
});

// `rnn-lab validate` on absurd sizes: a clear refusal within a couple of seconds, never a hang or a crash.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rnnLab, workspace } from './cli-helpers';

const spec = (hiddenSize: string, layers: string, cell = 'lstm') => `{
  "name": "huge",
  "task": { "kind": "adding", "length": 100 },
  "model": { "cell": "${cell}", "hiddenSize": ${hiddenSize}, "layers": ${layers} },
  "training": { "optimizer": "adam", "learningRate": 0.001, "batchSize": 32, "steps": 10 }
}
`;

for (const [h, l] of [
  ['1e9', '1e12'],
  ['64', '1e12'],
  ['1e200', '1'],
  ['1e9', '1e300'],
]) {
  test(`validate: hiddenSize ${h}, layers ${l} is refused at once`, () => {
    const ws = workspace({ 'huge.rnn.json': spec(h, l) });
    const t0 = performance.now();
    const r = rnnLab(['validate', 'huge.rnn.json'], ws, 30_000);
    const ms = performance.now() - t0;
    // a bound for a hang (the CLI's start-up included), not a speed
    assert.ok(ms < 15_000, `validate took ${Math.round(ms)} ms`);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(
      r.stderr,
      /huge\.rnn\.json:4:\d+ +error +model\.(hiddenSize|layers): the model would have .* parameters.*limit 500 million.*reduce model\.hiddenSize or model\.layers/,
    );
    assert.doesNotMatch(r.stderr, /NaN|Infinity|internal error/);
  });
}

test('train refuses hiddenSize 1e200 as a spec error (exit 1), not an internal error', () => {
  const ws = workspace({ 'huge.rnn.json': spec('1e200', '1') });
  const r = rnnLab(['train', 'huge.rnn.json'], ws, 10_000);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /parameters/);
  assert.doesNotMatch(r.stderr, /internal error|RangeError/);
});

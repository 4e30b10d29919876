// The engine learns: an LSTM solves a short adding problem well below its baseline.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonLines, rnnLab, workspace } from './cli-helpers';

test('an LSTM learns the adding problem (length 10) far below the 0.167 baseline', () => {
  const ws = workspace({
    'adding.rnn.json': JSON.stringify({
      name: 'adding-short',
      task: { kind: 'adding', length: 10 },
      model: { cell: 'lstm', hiddenSize: 32 },
      training: { optimizer: 'adam', learningRate: 0.01, batchSize: 32, steps: 600, seed: 1, evalEvery: 200, clip: { norm: 1 } },
    }),
  });
  const r = rnnLab(['train', 'adding.rnn.json', '--json'], ws, 300_000);
  assert.equal(r.code, 0, r.stderr);
  const evals = jsonLines(r.stdout).filter((e) => e.type === 'eval');
  const final = evals.at(-1)!.valLoss;
  assert.ok(evals[0].valLoss > 0.05, `untrained val MSE ${evals[0].valLoss}`);
  assert.ok(final < 0.02, `final val MSE ${final} should be far below the baseline 0.167`);
});

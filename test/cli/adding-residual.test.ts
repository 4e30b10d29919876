// The leaky residual across time earns its place: on the adding problem a tanh RNN with
// model.timeResidual learns where the same RNN without it stays at the 0.167 baseline. The examples
// adding-residual / adding-rnn are shortened to 30 steps so that this takes seconds: at seed 1, after
// 2000 updates, the plain RNN ends at 0.25 and the leaky one at 0.02 (it drops between 1250 and 1500).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { jsonLines, rnnLab, workspace } from './cli-helpers';

const EXAMPLES = path.resolve(__dirname, '../../examples');
const BASELINE = 1 / 6;
const LENGTH = 30;
const STEPS = 2000;

/** An example spec, shortened: its model, optimizer and seed as shipped. */
function shortened(file: string): string {
  const spec = JSON.parse(readFileSync(path.join(EXAMPLES, file), 'utf8'));
  delete spec.$schema;
  spec.task.length = LENGTH;
  spec.training.evalEvery = 500;
  return JSON.stringify(spec);
}

test('the example pair differs only in the leaky residual across time, and both are valid without warnings', () => {
  const plain = JSON.parse(readFileSync(path.join(EXAMPLES, 'adding-rnn.rnn.json'), 'utf8'));
  const residual = JSON.parse(readFileSync(path.join(EXAMPLES, 'adding-residual.rnn.json'), 'utf8'));
  assert.deepEqual(residual.model.timeResidual, { keep: 0.9 });
  assert.equal(residual.model.residual, 'time');
  const { residual: _r, timeResidual: _t, ...rest } = residual.model;
  assert.deepEqual(rest, plain.model);
  assert.deepEqual(residual.task, plain.task);
  assert.deepEqual(residual.training, plain.training);
  for (const f of ['adding-rnn.rnn.json', 'adding-residual.rnn.json']) {
    const r = rnnLab(['validate', path.join(EXAMPLES, f)], EXAMPLES);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /warning/i, f);
  }
});

test(`adding (${LENGTH} steps), ${STEPS} updates, same seed: the leaky time residual learns, the plain tanh RNN stays at the baseline`, () => {
  const ws = workspace({ 'plain.rnn.json': shortened('adding-rnn.rnn.json'), 'residual.rnn.json': shortened('adding-residual.rnn.json') });
  const final = (spec: string): number => {
    const r = rnnLab(['train', spec, '--steps', String(STEPS), '--json'], ws, 300_000);
    assert.equal(r.code, 0, r.stderr);
    const events = jsonLines(r.stdout);
    assert.equal(events.at(-1)!.status, 'completed', spec);
    const evals = events.filter((e) => e.type === 'eval');
    assert.equal(evals.at(-1)!.step, STEPS);
    return evals.at(-1)!.valLoss as number;
  };
  const plain = final('plain.rnn.json');
  const residual = final('residual.rnn.json');
  assert.ok(plain > 0.8 * BASELINE, `the plain tanh RNN stays near the baseline: val MSE ${plain}`);
  assert.ok(residual < 0.5 * BASELINE, `the leaky residual drops clearly below the baseline: val MSE ${residual}`);
  assert.ok(residual < 0.5 * plain, `residual ${residual} vs plain ${plain}`);
});

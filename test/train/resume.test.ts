// Resume is exact: stop a run at step k (by the stop flag, or by completing an earlier --steps),
// continue it, and its metrics are those of the same spec trained without a break, bit for bit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { TrainEvent } from '../../src/protocol/events';
import { nodeTrainingHost } from '../../src/node/training-host';
import { runTraining } from '../../src/train/run-training';
import { workspace } from '../cli/cli-helpers';

const TEXT = 'It was the best of times, it was the worst of times, it was the age of wisdom.\n'.repeat(30);

function spec(model: object, task: object, training: object = {}): string {
  return JSON.stringify({
    name: 'r',
    task,
    model,
    training: { batchSize: 4, steps: 30, evalEvery: 10, seed: 3, learningRate: 0.01, clip: { norm: 1 }, ...training },
  });
}

/** The events a run's log holds that must not depend on how it was run: losses, norms, evaluations. */
function trace(folder: string): unknown[] {
  const lines = (f: string) =>
    readFileSync(path.join(folder, f), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TrainEvent);
  const events = [...lines('metrics.jsonl'), ...lines('probes.jsonl')];
  return events.flatMap((e): unknown[] => {
    if (e.type === 'progress') return [{ step: e.step, loss: e.loss, gradNorm: e.gradNorm, clipped: e.clipped }];
    if (e.type === 'eval') return [e];
    if (e.type === 'probe') return [{ step: e.step, h: e.layers[0].h[3], g: e.layers[0].gradNorm }];
    return [];
  });
}

async function train(root: string, opts: { resume?: string; steps?: number; stopAfter?: number }) {
  let steps = 0;
  return runTraining({
    host: nodeTrainingHost,
    specPath: opts.resume ? undefined : path.join(root, 's.rnn.json'),
    resume: opts.resume,
    workspaceRoot: root,
    steps: opts.steps,
    onEvent: (e) => {
      if (e.type === 'progress') steps = e.step;
    },
    shouldStop: () => opts.stopAfter !== undefined && steps >= opts.stopAfter,
  });
}

const cases: [string, string][] = [
  [
    'an LSTM on a stream (carried state, float32 on the wasm kernels)',
    spec({ cell: 'lstm', hiddenSize: 16 }, { kind: 'char-lm', file: 't.txt' }, { bptt: 12, dtype: 'float32' }),
  ],
  ['a GRU on copy with Adam in float64', spec({ cell: 'gru', hiddenSize: 12 }, { kind: 'copy', symbols: 4, length: 5 }, { dtype: 'float64' })],
  [
    'an RNN with rmsprop on classify (shuffled epochs)',
    spec({ cell: 'rnn', hiddenSize: 8 }, { kind: 'classify', file: 'c.jsonl', split: 'words' }, { optimizer: 'rmsprop', batchSize: 3 }),
  ],
];
const CLASSIFY = Array.from({ length: 24 }, (_, i) =>
  JSON.stringify({ input: i % 2 ? 'good fine nice' : 'bad poor awful sad', label: i % 2 ? 'pos' : 'neg' }),
).join('\n');

for (const [label, text] of cases) {
  test(`resume is exact: ${label}`, async () => {
    const files = { 's.rnn.json': text, 't.txt': TEXT, 'c.jsonl': CLASSIFY };
    const whole = workspace(files);
    const a = await train(whole, {});
    assert.equal(a.status, 'completed');

    // Stopped at step 17 (between evaluations), then resumed.
    const broken = workspace(files);
    const stopped = await train(broken, { stopAfter: 17 });
    assert.equal(stopped.status, 'stopped');
    const runs = path.join(broken, '.rnn-lab', 'runs');
    const id = (await import('node:fs')).readdirSync(runs)[0];
    const resumed = await train(broken, { resume: id });
    assert.equal(resumed.status, 'completed');
    assert.equal(resumed.summary.steps, 30);
    assert.deepEqual(
      trace(path.join(runs, id)),
      trace(path.join(whole, '.rnn-lab', 'runs', (await import('node:fs')).readdirSync(path.join(whole, '.rnn-lab', 'runs'))[0])),
    );
  });
}

test('a completed run goes on only with a larger --steps; the run must not be running', async () => {
  const root = workspace({ 's.rnn.json': spec({ cell: 'gru', hiddenSize: 8 }, { kind: 'copy', symbols: 3, length: 4 }, { steps: 10 }) });
  await train(root, {});
  const id = (await import('node:fs')).readdirSync(path.join(root, '.rnn-lab', 'runs'))[0];
  await assert.rejects(train(root, { resume: id }), /at step 10 of 10: give --steps/);
  const more = await train(root, { resume: id, steps: 20 });
  assert.equal(more.summary.steps, 20);
});

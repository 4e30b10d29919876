// Probes live in probes.jsonl, not metrics.jsonl, and a long run keeps at most MAX_PROBES of them,
// spread over the run (the first and the latest always among them).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { nodeRunFs } from '../../src/node/run-fs';
import { nodeTrainingHost } from '../../src/node/training-host';
import { readMetricsFile } from '../../src/runs';
import { MAX_PROBES, readProbeHistory, thin } from '../../src/runs/probe-history';
import { runTraining } from '../../src/train/run-training';
import { workspace } from '../cli/cli-helpers';

test('thin keeps every other probe, the first included', () => {
  assert.deepEqual(thin([0, 1, 2, 3, 4]), [0, 2, 4]);
});

test('a run with 60 evaluations: no probe in metrics.jsonl, at most MAX_PROBES in probes.jsonl, spread over the run', async () => {
  const root = workspace({
    's.rnn.json': JSON.stringify({
      name: 'p',
      task: { kind: 'copy', symbols: 3, length: 4 },
      model: { cell: 'rnn', hiddenSize: 8 },
      training: { batchSize: 4, steps: 120, evalEvery: 2 },
    }),
  });
  const fin = await runTraining({
    host: nodeTrainingHost,
    specPath: path.join(root, 's.rnn.json'),
    workspaceRoot: root,
    onEvent: () => {},
    shouldStop: () => false,
  });
  assert.equal(fin.status, 'completed');
  const runs = path.join(root, '.rnn-lab', 'runs');
  const folder = path.join(runs, (await import('node:fs')).readdirSync(runs)[0]);
  const events = readMetricsFile(nodeRunFs, path.join(folder, 'metrics.jsonl'));
  assert.equal(events.filter((e) => e.type === 'probe').length, 0);
  assert.equal(events.filter((e) => e.type === 'eval').length, 61);
  const probes = readProbeHistory(nodeRunFs, path.join(folder, 'probes.jsonl'));
  assert.ok(probes.length <= MAX_PROBES && probes.length >= MAX_PROBES / 2, `${probes.length} probes`);
  const steps = probes.map((p) => p.step);
  assert.equal(steps[0], 0);
  assert.equal(steps.at(-1), 120);
  assert.deepEqual(
    steps,
    [...steps].sort((a, b) => a - b),
  );
  assert.ok(
    steps.some((s) => s > 30 && s < 90),
    `spread: ${steps.join(' ')}`,
  );
  assert.equal(JSON.parse(readFileSync(path.join(folder, 'probe.json'), 'utf8')).step, 120);
});

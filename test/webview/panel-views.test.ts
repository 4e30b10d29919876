// Pure parts behind the Overview and the panel's restore: the run's figures, the state after a
// reload, the heatmap data of a probe, the log axis' grid lines.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { ProbeEvent } from '../../src/protocol/events';
import type { PanelRun } from '../../src/protocol/panel';
import { decadeLines } from '../../webview/charts/series-math';
import { withRestored } from '../../webview/model/panel-state';
import { heatmapDataOf, quantitiesOf } from '../../webview/model/probe-quantities';
import { RunData } from '../../webview/store';
import { fmtDuration, pickStats, runStats, statsText } from '../../webview/views/run-stats';

function run(status: PanelRun['status'], steps: number, engine: { kernels?: 'js' | 'wasm'; threads?: number } = {}): RunData {
  const events: PanelRun['events'] = [{ type: 'started', runId: 'r', folder: '/r', parameterCount: 1, totalSteps: 1000, name: 'n', ...engine }];
  for (let s = 1; s <= steps; s++)
    events.push({ type: 'progress', step: s, loss: 2 - s / 1000, gradNorm: 1, clipped: false, tokensPerSec: 1234.4, elapsedMs: s * 100 });
  events.push({ type: 'eval', step: steps, valLoss: 1.95, accuracy: 0.4 });
  return new RunData({
    id: 'r',
    name: 'n',
    status,
    createdAt: '2025-01-01T00:00:00Z',
    specPath: '/s.rnn.json',
    config: {},
    summary: { steps },
    events,
    gradProfiles: [],
    textModel: true,
  });
}

test('run figures: one wording for the header, the status line and the stats table', () => {
  const r = run('running', 100);
  const stats = runStats(r);
  assert.deepEqual(
    stats.map((s) => s.key),
    ['step', 'loss', 'val', 'best', 'accuracy', 'speed', 'eta', 'status'],
  );
  assert.equal(statsText(pickStats(stats, ['step', 'loss', 'val'])), 'step 100 / 1,000 · loss 1.900 · val 1.950');
  assert.equal(statsText(pickStats(stats, ['speed', 'eta'])), '1,234 tokens/s · 1 min 30 s left');
  assert.equal(
    runStats(run('completed', 100)).find((s) => s.key === 'eta'),
    undefined,
    'no time left once finished',
  );
  const wasm = runStats(run('running', 10, { kernels: 'wasm', threads: 2 }));
  assert.equal(statsText(pickStats(wasm, ['speed', 'engine'])), '1,234 tokens/s · kernels WebAssembly SIMD, 2 threads');
  assert.equal(pickStats(runStats(run('completed', 10, { kernels: 'js', threads: 1 })), ['engine'])[0].value, 'JavaScript, 1 thread');
  assert.equal(fmtDuration(42_000), '42 s');
  assert.equal(fmtDuration(2 * 3600_000 + 5 * 60_000), '2 h 05 min');
});

test('after a reload the webview keeps what it saved and takes the rest from the restored state', () => {
  assert.deepEqual(withRestored({ runIds: [] }, { runIds: ['a'], tab: 'hidden', layer: 1 }), { runIds: ['a'], tab: 'hidden', layer: 1 });
  assert.deepEqual(withRestored({ runIds: ['a'], tab: 'loss' }, { runIds: ['a'], tab: 'hidden', smoothing: 0.9 }), {
    runIds: ['a'],
    tab: 'loss',
    smoothing: 0.9,
  });
  assert.deepEqual(withRestored({ runIds: ['a'] }, undefined), { runIds: ['a'] });
});

test('probe heatmaps: hidden and cell state diverge around 0, gates run 0..1, unknown quantities show h', () => {
  const grid = [[0.1, -0.2]];
  const probe: ProbeEvent = { type: 'probe', step: 5, stepLabels: ['a'], layers: [{ h: grid, c: [[1, 2]], gates: { f: [[0.5, 0.6]] }, gradNorm: [1] }] };
  assert.deepEqual(
    quantitiesOf(probe.layers[0]).map((q) => q.value),
    ['h', 'c', 'f'],
  );
  assert.equal(heatmapDataOf(probe, 0).values, grid);
  assert.equal(heatmapDataOf(probe, 0).mode, 'diverging');
  assert.equal(heatmapDataOf(probe, 0, 'c').mode, 'diverging');
  assert.equal(heatmapDataOf(probe, 0, 'f').mode, 'sequential');
  assert.equal(heatmapDataOf(probe, 0, 'z').values, grid);
  assert.equal(heatmapDataOf(probe, 0).labels, probe.stepLabels);
});

test('a log axis over several decades draws grid lines at the powers of ten only', () => {
  assert.deepEqual(decadeLines([0.001, 0.002, 0.005, 0.01, 0.02, 0.1]), [0.001, null, null, 0.01, null, 0.1]);
  assert.deepEqual(decadeLines([0.02, 0.03, 0.05, 0.1]), [0.02, 0.03, 0.05, 0.1], 'within a decade: every line');
});

// Pure parts behind the panel's Transformer views: the parameter table, the attention matrix and its
// labels, the measured sweep (rows, chart columns, reading, progress, sweep.json), attention history.
import { gatesOf } from '../../src/engine/model-config';
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { ProbeEvent, SweepResult } from '../../src/protocol/events';
import { readSweepFile, SWEEP_FILE, sweepFromJson } from '../../src/extension/panel/sweep-file';
import { attentionMatrix, keepSnapshots, labelEvery, MEAN_HEAD } from '../../webview/model/attention';
import { fitLabel } from '../../webview/model/escape';
import { paramRows, totalCount } from '../../webview/model/param-table';
import { quantitiesOf } from '../../webview/model/probe-quantities';
import { progressText, sweepChartData, sweepCrossing, sweepGrowth, sweepLengths, sweepRows } from '../../webview/model/sweep';
import { RunData } from '../../webview/store';
import { setLang } from '../../webview/i18n';

/** nn.TransformerEncoder's parameter count, written out from its modules (not from the table). */
function transformerCount(o: { V: number; H: number; F: number; L: number; context: number; O: number }): number {
  const { V, H, F, L, context, O } = o;
  const attention = 3 * H * H + 3 * H + H * H + H; // in_proj weight and bias, out_proj weight and bias
  const ffn = F * H + F + H * F + H; // linear1, linear2
  const norms = 2 * (H + H); // norm1, norm2: weight and bias
  return V * H + context * H + L * (attention + ffn + norms) + 2 * H + O * H + O;
}

test('Transformer parameter table: PyTorch names, W_q/W_k/W_v as row blocks of in_proj_weight, counts summing to the model', () => {
  const m = {
    cell: 'transformer' as const,
    gates: 1,
    hiddenSize: 64,
    layers: 2,
    embedding: 0,
    inputKind: 'tokens' as const,
    inputSize: 65,
    outputSize: 65,
    heads: 4,
    ffn: 0,
    context: 48,
  };
  const rows = paramRows(m);
  assert.equal(totalCount(rows), transformerCount({ V: 65, H: 64, F: 256, L: 2, context: 48, O: 65 }));
  const expectedNames = [
    'embedding.weight',
    'position.weight',
    ...[0, 1].flatMap((k) =>
      [
        'self_attn.in_proj_weight',
        'self_attn.in_proj_bias',
        'self_attn.out_proj.weight',
        'self_attn.out_proj.bias',
        'linear1.weight',
        'linear1.bias',
        'linear2.weight',
        'linear2.bias',
        'norm1.weight',
        'norm1.bias',
        'norm2.weight',
        'norm2.bias',
      ].map((n) => `encoder.layers.${k}.${n}`),
    ),
    'encoder.norm.weight',
    'encoder.norm.bias',
    'head.weight',
    'head.bias',
  ];
  assert.deepEqual([...new Set(rows.flatMap((r) => r.names))].sort(), expectedNames.sort());
  const by = (symbol: string) => rows.find((r) => r.symbol === symbol)!;
  for (const [i, s] of ['W_q⁽¹⁾', 'W_k⁽¹⁾', 'W_v⁽¹⁾'].entries()) {
    assert.deepEqual(by(s).names, ['encoder.layers.0.self_attn.in_proj_weight']);
    assert.deepEqual(by(s).rows, [64 * i, 64 * i + 63]);
    assert.equal(by(s).shape, '[64, 64]');
    assert.equal(by(s).count, 4096);
    assert.equal(by(s).gateBlocks, '4 heads × 16 rows');
  }
  assert.equal(by('b_q,k,v⁽²⁾').shape, '[192]');
  assert.equal(by('W_1⁽¹⁾').shape, '[256, 64]');
  assert.equal(by('W_2⁽²⁾').shape, '[64, 256]');
  assert.equal(by('γ₁, β₁⁽¹⁾').shape, '[64] + [64]');
  assert.equal(by('E').shape, '[65, 64]');
  assert.equal(by('W_y').shape, '[65, 64]');
  const p = by('P');
  assert.equal(p.shape, '[48, 64]');
  assert.equal(p.dependsOnLength, true);
  assert.equal(rows.filter((r) => r.dependsOnLength).length, 1, 'the positions table is the only part that depends on the length');
});

test("Transformer parameter table: real inputs, unknown sizes stay symbolic, the checkpoint's shapes win", () => {
  const real = paramRows({
    cell: 'transformer',
    gates: 1,
    hiddenSize: 8,
    layers: 1,
    embedding: 0,
    inputKind: 'real',
    inputSize: 2,
    outputSize: 1,
    heads: 2,
    ffn: 16,
    context: 100,
  });
  assert.deepEqual(
    real.slice(0, 2).map((r) => [r.names[0], r.shape]),
    [
      ['input.weight', '[8, 2]'],
      ['input.bias', '[8]'],
    ],
  );
  assert.equal(totalCount(real), 8 * 2 + 8 + 100 * 8 + (4 * 64 + 2 * 16 * 8 + 9 * 8 + 16) + 2 * 8 + 8 + 1);

  const symbolic = paramRows({ cell: 'transformer', gates: 1, hiddenSize: 8, layers: 1, embedding: 0, inputKind: 'tokens', heads: 2 });
  assert.equal(symbolic.find((r) => r.symbol === 'P')!.shape, '[T, 8]');
  assert.equal(symbolic.find((r) => r.symbol === 'E')!.shape, '[V, 8]');
  assert.equal(totalCount(symbolic), undefined);

  const fromCheckpoint = paramRows({ cell: 'transformer', gates: 1, hiddenSize: 8, layers: 1, embedding: 0, inputKind: 'tokens', heads: 2 }, [
    { name: 'position.weight', shape: [32, 8] },
    { name: 'encoder.layers.0.linear1.weight', shape: [24, 8] },
  ]);
  assert.equal(fromCheckpoint.find((r) => r.symbol === 'P')!.shape, '[32, 8]');
  assert.equal(fromCheckpoint.find((r) => r.symbol === 'W_1⁽¹⁾')!.count, 24 * 8);
});

test('a Transformer layer shows its residual stream only (no cell state, no gates)', () => {
  const q = quantitiesOf({ h: [[0]], gradNorm: [1], attention: [[[1]]] }, true, 1);
  assert.deepEqual(q, [{ value: 'h', label: 'residual stream after layer 2' }]);
});

test('attention matrix: weights on and below the diagonal only, the mask above it empty', () => {
  const T = 5;
  // A head whose data is not zero above the diagonal: the mask comes from the positions.
  const head = Array.from({ length: T }, (_, t) => Array.from({ length: T }, (_, s) => (s <= t ? 1 / (t + 1) : 0.5)));
  const m = attentionMatrix([head], 0, ['a', 'b', 'c', 'd', 'e']);
  assert.equal(m.cells, (T * (T + 1)) / 2);
  for (let t = 0; t < T; t++) {
    for (let s = 0; s < T; s++) {
      if (s > t) assert.equal(m.weights[t][s], null, `(${t}, ${s}) is masked`);
      else assert.ok(Math.abs(m.weights[t][s]! - 1 / (t + 1)) < 1e-12);
    }
  }
  assert.equal(m.max, 0.5, 'the colour scale tops at the largest weight past the first row');
  const other = Array.from({ length: T }, (_, t) => Array.from({ length: T }, (_, s) => (s === t ? 1 : 0)));
  const mean = attentionMatrix([head, other], MEAN_HEAD, ['a', 'b', 'c', 'd', 'e']);
  assert.ok(Math.abs(mean.weights[1][1]! - (0.5 + 1) / 2) < 1e-12);
  assert.equal(mean.weights[1][2], null);
  assert.deepEqual(attentionMatrix([other], 0, ['x']).labels, ['x', '1', '2', '3', '4'], 'missing labels fall back to the position');
});

test('token labels: whole when they fit, an ellipsis when not, every n-th when cells are narrow', () => {
  const measure = (s: string): number => 6 * Array.from(s).length;
  assert.equal(fitLabel('the', 18, measure), 'the');
  assert.equal(fitLabel('temperate', 30, measure), 'temp…');
  assert.equal(fitLabel(' ', 6, measure), '␣');
  assert.equal(fitLabel('lovely', 1, measure), 'l…');
  assert.equal(fitLabel('W', 1, measure), 'W', 'one character stays whole: an ellipsis would be wider');
  assert.equal(fitLabel('[0.71]', 36, measure), '[0.71]', "the adding task's marked value, whole where it fits");
  assert.equal(labelEvery(12, 12), 1);
  assert.equal(labelEvery(8.5, 12), 2);
});

const sweep: SweepResult = {
  batchSize: 32,
  kernels: 'wasm',
  threads: 2,
  measuredAt: '2026-12-04T16:00:00Z',
  series: [
    {
      label: 'LSTM-64 (this spec)',
      cell: 'lstm',
      hiddenSize: 64,
      layers: 1,
      role: 'spec',
      parameterCount: 100,
      points: [16, 64, 256].map((T) => ({ T, msPerStep: T, tokensPerSec: 32000 })),
    },
    // not measured at 64; faster below 256, slower from 256 on
    {
      label: 'Transformer-64×2 (twin)',
      cell: 'transformer',
      hiddenSize: 64,
      layers: 2,
      role: 'twin',
      parameterCount: 101,
      points: [
        { T: 256, msPerStep: 400, tokensPerSec: 20480 },
        { T: 16, msPerStep: 4, tokensPerSec: 128000 },
        { T: 32, msPerStep: 6, tokensPerSec: 170000 },
      ],
    },
  ],
};

test('sweep: lengths, rows and chart columns per series, with gaps where a series was not measured', () => {
  assert.deepEqual(sweepLengths(sweep), [16, 32, 64, 256]);
  const rows = sweepRows(sweep);
  assert.deepEqual(
    rows.map((r) => r.points.map((p) => p?.msPerStep)),
    [
      [16, 4],
      [undefined, 6],
      [64, undefined],
      [256, 400],
    ],
  );
  assert.deepEqual(sweepChartData(sweep), [
    [16, 32, 64, 256],
    [16, null, 64, 256],
    [4, 6, null, 400],
  ]);
  assert.deepEqual(
    sweepGrowth(sweep).map((g) => [g.label, g.fromT, g.toT, g.factor]),
    [
      ['LSTM-64 (this spec)', 16, 256, 16],
      ['Transformer-64×2 (twin)', 16, 256, 100],
    ],
  );
  assert.deepEqual(sweepCrossing(sweep), { fasterAtLongest: 'LSTM-64 (this spec)', fromT: 256 });
  assert.equal(progressText({ done: 3, total: 12, T: 64 }), 'measuring T = 64 … 3/12');
  const twin = sweep.series[1]!;
  assert.equal(progressText({ done: 3, total: 12, T: 64, series: twin }), 'measuring T = 64 for Transformer-64×2 (twin) … 3/12');
  // the names are data (cell, width, depth, spec or twin), rendered in the panel's language
  setLang('zh-cn');
  try {
    assert.deepEqual(
      sweepGrowth(sweep).map((g) => g.label),
      ['LSTM-64（本规格）', 'Transformer-64×2（孪生）'],
    );
  } finally {
    setLang('en');
  }
  assert.equal(progressText({ done: 0, total: 12 }), 'measuring … 0/12');
});

test('sweep.json: read when it is a sweep; missing, corrupt or empty files give none', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rnn-lab-sweep-'));
  try {
    assert.equal(readSweepFile(dir), undefined, 'missing');
    writeFileSync(path.join(dir, SWEEP_FILE), '{"series": [');
    assert.equal(readSweepFile(dir), undefined, 'truncated');
    writeFileSync(path.join(dir, SWEEP_FILE), JSON.stringify(sweep));
    assert.deepEqual(readSweepFile(dir), sweep);
    // written before the role was recorded: the spec first, its twin second
    writeFileSync(path.join(dir, SWEEP_FILE), JSON.stringify({ ...sweep, series: sweep.series.map(({ role: _role, ...s }) => s) }));
    assert.deepEqual(
      readSweepFile(dir)?.series.map((s) => s.role),
      ['spec', 'twin'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(sweepFromJson({ series: [{ label: 'x', points: [{ T: 'a', msPerStep: 1 }] }] }), undefined, 'no usable point');
  assert.equal(sweepFromJson([1, 2]), undefined);
  const partial = sweepFromJson({
    series: [
      {
        label: 'x',
        cell: 'gru',
        gates: gatesOf('gru'),
        points: [
          { T: 8, msPerStep: 2 },
          { T: -1, msPerStep: 1 },
        ],
      },
    ],
  });
  assert.deepEqual(
    partial?.series[0].points.map((p) => p.T),
    [8],
  );
});

test('the panel keeps the attention of the probes it sees, to show heads forming', () => {
  const probe = (step: number): ProbeEvent => ({
    type: 'probe',
    step,
    stepLabels: ['a', 'b'],
    layers: [
      {
        h: [[0], [0]],
        attention: [
          [
            [1, 0],
            [0.5, 0.5],
          ],
        ],
        gradNorm: [1, 1],
      },
    ],
  });
  const run = new RunData({
    id: 'r',
    name: 'n',
    status: 'running',
    createdAt: '2026-01-01T00:00:00Z',
    specPath: '/s',
    config: {},
    summary: { steps: 0 },
    events: [],
    probe: probe(100),
    gradProfiles: [],
    textModel: true,
  });
  assert.deepEqual(
    run.attentionHistory.map((s) => s.step),
    [100],
  );
  run.apply(probe(200));
  run.apply(probe(150)); // older than the latest: ignored
  run.apply(probe(300));
  assert.deepEqual(
    run.attentionHistory.map((s) => s.step),
    [100, 200, 300],
  );
  const many = Array.from({ length: 40 }, (_, i) => ({ step: i, layers: [] }));
  const kept = keepSnapshots(many, 16);
  assert.equal(kept.length, 16);
  assert.equal(kept[0].step, 0);
  assert.equal(kept.at(-1)!.step, 39);
});

// Pure parts of the run panel: parallelism notes, parameter table, smoothing, downsampling, escaping.
import { gatesOf } from '../../src/engine/model-config';
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { minMaxIndices, smoothEma } from '../../webview/charts/series-math';
import { escapeSample, tokenGlyph } from '../../webview/model/escape';
import { amdahl, parallelismNotes } from '../../webview/model/parallelism';
import { paramRows, totalCount } from '../../webview/model/param-table';

test('LSTM parameter table matches PyTorch nn.LSTM counts and names', () => {
  const rows = paramRows({
    cell: 'lstm',
    gates: gatesOf('lstm'),
    hiddenSize: 128,
    layers: 2,
    embedding: 0,
    inputKind: 'tokens',
    inputSize: 65,
    outputSize: 65,
  });
  // nn.LSTM(65, 128, 2): 4·128·(65+128) + 2·4·128 + 4·128·(128+128) + 2·4·128; head 65·128 + 65
  const expected = 4 * 128 * (65 + 128) + 2 * 4 * 128 + 4 * 128 * 256 + 2 * 4 * 128 + 65 * 128 + 65;
  assert.equal(totalCount(rows), expected);
  assert.equal(rows[0].symbol, 'W_ax⁽¹⁾');
  assert.deepEqual(rows[0].names, ['rnn.weight_ih_l0']);
  assert.equal(rows[0].shape, '[512, 65]');
  assert.equal(rows[0].gateBlocks, 'W_ix; W_fx; W_gx; W_ox');
  assert.equal(rows.at(-2)!.symbol, 'W_ya');
});

test('parameter table stays symbolic when the vocabulary is unknown, and prefers real shapes', () => {
  const rows = paramRows({ cell: 'gru', gates: gatesOf('gru'), hiddenSize: 8, layers: 1, embedding: 0, inputKind: 'tokens' });
  assert.equal(rows[0].shape, '[24, V]');
  assert.equal(totalCount(rows), undefined);
  const real = paramRows({ cell: 'gru', gates: gatesOf('gru'), hiddenSize: 8, layers: 1, embedding: 0, inputKind: 'tokens' }, [
    { name: 'rnn.weight_ih_l0', shape: [24, 10] },
    { name: 'head.weight', shape: [10, 8] },
    { name: 'head.bias', shape: [10] },
  ]);
  assert.equal(real[0].shape, '[24, 10]');
  assert.equal(real.at(-1)!.count, 10);
});

test('parallelism notes: chain length, FLOPs and Amdahl', () => {
  const n = parallelismNotes({
    cell: 'rnn',
    gates: gatesOf('rnn'),
    hiddenSize: 64,
    layers: 2,
    inputSize: 64,
    oneHot: false,
    outputSize: 10,
    seqLen: 100,
    scoredSteps: 100,
    batchSize: 1,
    bytesPerValue: 4,
  });
  assert.equal(n.rnnSequentialSteps, 200);
  assert.equal(n.rnnWavefrontSteps, 101);
  assert.equal(n.transformerSequentialDepth, 2);
  assert.equal(n.rnnFlops, 2 * 100 * (2 * 64 * 64 + 2 * 64 * 64) + 100 * 2 * 10 * 64);
  assert.equal(n.attentionScoresPerLayer, 10000);
  assert.equal(n.measured, undefined);
  const m = parallelismNotes({
    cell: 'lstm',
    gates: gatesOf('lstm'),
    hiddenSize: 8,
    layers: 1,
    inputSize: 3,
    oneHot: true,
    outputSize: 3,
    seqLen: 10,
    scoredSteps: 10,
    batchSize: 4,
    bytesPerValue: 4,
    split: { inputProjectionMs: 10, recurrenceMs: 30, headLossMs: 10, backwardMs: 50, optimizerMs: 0 },
  });
  assert.ok(m.measured);
  assert.equal(m.measured.parallelFraction, 0.4); // forward 20 parallel : 30 sequential; backward 50 shared alike -> 40 of 100
  assert.equal(amdahl(0.5, Infinity), 2);
  assert.ok(Math.abs(amdahl(0.5, 2) - 4 / 3) < 1e-12);
});

test('smoothing is debiased and downsampling keeps spikes and the last point', () => {
  assert.deepEqual(
    smoothEma([2, 2, 2], 0.9).map((x) => +x.toFixed(12)),
    [2, 2, 2],
  );
  const ys = Array.from({ length: 10000 }, (_, i) => (i === 5000 ? 100 : 1));
  const idx = minMaxIndices(ys, 1000);
  assert.ok(idx.length <= 1001);
  assert.ok(idx.includes(5000));
  assert.equal(idx.at(-1), 9999);
});

test('tokens and samples are shown escaped', () => {
  assert.equal(tokenGlyph(' '), '␣');
  assert.equal(tokenGlyph('\n'), '↵');
  assert.equal(escapeSample('a\u0001b\nc'), 'a\\x01b\nc');
});

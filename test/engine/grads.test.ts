// computeGrads / batchFromJson: sizes inferred from the weights, and clear errors naming the problem.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { batchFromJson, computeGrads, configFromWeights } from '../../src/engine/grads';
import { readSafetensors, type SafeTensor } from '../../src/engine/safetensors';

const dir = (name: string) => path.resolve(__dirname, '../fixtures/parity', name);
const load = (name: string) => ({
  weights: readSafetensors(new Uint8Array(readFileSync(path.join(dir(name), 'weights.safetensors')))),
  batch: JSON.parse(readFileSync(path.join(dir(name), 'batch.json'), 'utf8')),
});

test('sizes come from the weights', () => {
  const { weights, batch } = load('lstm-embed-2layer');
  const cfg = configFromWeights({ cell: 'lstm' }, weights, batchFromJson(batch), 'float64');
  assert.deepEqual(cfg, {
    cell: 'lstm',
    activation: 'tanh',
    hiddenSize: 5,
    layers: 2,
    residual: 'none',
    input: { kind: 'tokens', vocabSize: 6, embedding: 4 },
    outputSize: 6,
    at: 'every',
    loss: 'cross-entropy',
    dtype: 'float64',
  });
  const real = load('lstm-residual-real-last-mse');
  const c2 = configFromWeights({ cell: 'lstm', residual: 'layers' }, real.weights, batchFromJson(real.batch), 'float32');
  assert.deepEqual([c2.layers, c2.hiddenSize, c2.input, c2.outputSize, c2.at, c2.loss], [3, 4, { kind: 'real', size: 3 }, 2, 'last', 'mse']);
  const onehot = load('gru-onehot');
  assert.deepEqual(configFromWeights({ cell: 'gru' }, onehot.weights, batchFromJson(onehot.batch), 'float64').input, {
    kind: 'tokens',
    vocabSize: 5,
    embedding: 0,
  });
});

test('batchFromJson: shapes and dtypes', () => {
  const jb = batchFromJson({ inputs: [[[1, 2]], [[3, 4]]], targets: [[0.5], [1.5]], loss: 'mse', at: 'last' }, 'float32');
  assert.equal(jb.batch.B, 2);
  assert.equal(jb.batch.T, 1);
  assert.ok(jb.batch.reals instanceof Float32Array);
  assert.deepEqual(Array.from(jb.batch.reals!), [1, 2, 3, 4]);
  assert.deepEqual(jb.input, { kind: 'real', size: 2 });
  assert.equal(jb.outputSize, 1);
  const tok = batchFromJson({ inputs: [[1, 2, 3]], targets: [[0, -1, 2]], loss: 'cross-entropy', at: 'every', lengths: [2] });
  assert.deepEqual(Array.from(tok.batch.tokens!), [1, 2, 3]);
  assert.deepEqual(Array.from(tok.batch.targetIds!), [0, -1, 2]);
  assert.deepEqual(Array.from(tok.batch.lengths!), [2]);
});

test('batchFromJson: clear errors', () => {
  assert.throws(() => batchFromJson([]), /expected a JSON object/);
  assert.throws(() => batchFromJson({ inputs: [[1]], targets: [[0]], loss: 'nll' }), /"loss" must be "cross-entropy" or "mse"/);
  assert.throws(
    () =>
      batchFromJson({
        inputs: [[1, 2], [3]],
        targets: [
          [0, 0],
          [0, 0],
        ],
        loss: 'cross-entropy',
      }),
    /"inputs"\[1\] should be an array of 2/,
  );
  assert.throws(
    () => batchFromJson({ inputs: [[1, 2]], targets: [0], loss: 'cross-entropy', at: 'every' }),
    /"targets"\[0\] should be an array of 2 \(expected shape 1×2\)/,
  );
  assert.throws(() => batchFromJson({ inputs: [[1.5]], targets: [[0]], loss: 'cross-entropy' }), /token ids in "inputs" must be non-negative integers/);
  assert.throws(() => batchFromJson({ inputs: [[1]], targets: [[0]], loss: 'mse' }), /mse targets must be B×T×O/);
  assert.throws(() => batchFromJson({ inputs: [[[1], ['x']]], targets: [[[0], [0]]], loss: 'mse' }), /"inputs"\[0\]\[1\]\[0\] is "x"/);
});

test('clear errors for missing or mis-shaped weights', () => {
  const { weights, batch } = load('gru-onehot');
  const without = (name: string) => {
    const m = new Map<string, SafeTensor>(weights);
    m.delete(name);
    return m;
  };
  assert.throws(
    () => computeGrads({ cell: 'lstm' }, weights, batch),
    /'rnn.weight_hh_l0' has shape \[18, 6\]; a lstm with hidden size 6 needs \[24, 6\].*is the spec's cell right\?/,
  );
  assert.throws(() => computeGrads({ cell: 'gru' }, without('rnn.weight_hh_l0'), batch), /missing tensor 'rnn.weight_hh_l0'/);
  assert.throws(() => computeGrads({ cell: 'gru' }, without('head.weight'), batch), /missing tensor 'head.weight'/);
  assert.throws(() => computeGrads({ cell: 'gru' }, without('rnn.bias_ih_l0'), batch), /missing tensor 'rnn.bias_ih_l0'/);
  const bad = new Map<string, SafeTensor>(weights);
  bad.set('rnn.bias_hh_l0', { dtype: 'F64', shape: [17], data: new Float64Array(17) });
  assert.throws(() => computeGrads({ cell: 'gru' }, bad, batch), /'rnn.bias_hh_l0' has shape \[17\], the model needs \[18\]/);
  const real = load('rnn-relu-real-last-mse');
  assert.throws(
    () =>
      computeGrads({ cell: 'rnn', activation: 'relu' }, real.weights, {
        ...real.batch,
        inputs: real.batch.inputs.map((r: number[][]) => r.map((v) => [...v, 0])),
      }),
    /takes 2 input\(s\) per step but the batch has 3/,
  );
  assert.throws(
    () => computeGrads({ cell: 'gru' }, weights, { ...batch, inputs: batch.inputs.map((r: number[]) => r.map(() => 7)) }),
    /token id 7 .* vocabulary has 5 tokens/,
  );
});

test('computeGrads returns plain JSON-ready numbers', () => {
  const { weights, batch } = load('rnn-tanh-onehot');
  const r = computeGrads({ cell: 'rnn', activation: 'tanh' }, weights, batch, 'float32');
  assert.equal(r.outputs.length, 3 * 6 * 7);
  assert.deepEqual(Object.keys(r.grads), ['rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'rnn.bias_ih_l0', 'rnn.bias_hh_l0', 'head.weight', 'head.bias']);
  assert.equal(r.grads['rnn.weight_ih_l0'].length, 35);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

// safetensors: round trips in both dtypes, the on-disk layout, PyTorch-written files, and clear
// errors on malformed input.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Model } from '../../src/engine/model';
import { readSafetensors, writeSafetensors } from '../../src/engine/safetensors';
import { loadWeights, weightsOf } from '../../src/engine/weights';
import { config, fillParams } from './engine-helpers';

test('round trip: F32 and F64, shapes, values and order', () => {
  const f64 = Float64Array.from([1.5, -2.25, Math.PI, 1e-300, -0, 6]);
  const f32 = Float32Array.from([0.1, -7, 3.5e38]);
  const bytes = writeSafetensors(
    [
      { name: 'a.weight', shape: [2, 3], data: f64 },
      { name: 'b', shape: [3], data: f32 },
      { name: 'empty', shape: [0, 4], data: new Float32Array(0) },
    ],
    { format: 'pt' },
  );
  const m = readSafetensors(bytes);
  assert.deepEqual([...m.keys()], ['a.weight', 'b', 'empty']);
  assert.equal(m.get('a.weight')!.dtype, 'F64');
  assert.deepEqual(m.get('a.weight')!.shape, [2, 3]);
  assert.ok(m.get('a.weight')!.data instanceof Float64Array);
  assert.deepEqual(Array.from(m.get('a.weight')!.data), Array.from(f64));
  assert.ok(Object.is(m.get('a.weight')!.data[4], -0));
  assert.equal(m.get('b')!.dtype, 'F32');
  assert.ok(m.get('b')!.data instanceof Float32Array);
  assert.deepEqual(Array.from(m.get('b')!.data), Array.from(f32));
  assert.deepEqual(m.get('empty')!.shape, [0, 4]);
});

test('layout: u64 LE header length, space-padded JSON to 8 bytes, then contiguous data', () => {
  const bytes = writeSafetensors([{ name: 'x', shape: [1], data: Float64Array.from([2]) }], { k: 'v' });
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(n % 8, 0);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  assert.deepEqual(header, { x: { dtype: 'F64', shape: [1], data_offsets: [0, 8] }, __metadata__: { k: 'v' } });
  assert.equal(bytes.length, 8 + n + 8);
  assert.equal(new DataView(bytes.buffer).getFloat64(8 + n, true), 2);
});

test('reads a PyTorch-written file and loads it into a model', () => {
  const dir = path.resolve(__dirname, '../fixtures/parity/lstm-embed-2layer');
  const weights = readSafetensors(new Uint8Array(readFileSync(path.join(dir, 'weights.safetensors'))));
  assert.deepEqual(weights.get('rnn.weight_ih_l0')!.shape, [20, 4]);
  const m = new Model(config({ cell: 'lstm', hiddenSize: 5, input: { kind: 'tokens', vocabSize: 6, embedding: 4 }, outputSize: 6, dtype: 'float32' }));
  loadWeights(m.params, weights);
  assert.ok(Math.abs(m.param('head.bias').data[0] - weights.get('head.bias')!.data[0]) < 1e-7);
});

test('model weights survive writeSafetensors → readSafetensors → loadWeights', () => {
  const cfg = config({ cell: 'gru', input: { kind: 'tokens', vocabSize: 5, embedding: 2 } });
  const a = new Model(cfg);
  fillParams(a.params, 3);
  const b = new Model(cfg);
  loadWeights(b.params, readSafetensors(writeSafetensors(weightsOf(a.params))));
  a.params.forEach((p, i) => assert.deepEqual(Array.from(b.params[i].data), Array.from(p.data)));
});

test('loadWeights names the missing, mis-shaped or unexpected tensor', () => {
  const m = new Model(config({ cell: 'rnn', layers: 1 }));
  const full = readSafetensors(writeSafetensors(weightsOf(m.params)));
  const without = new Map(full);
  without.delete('rnn.bias_hh_l0');
  assert.throws(() => loadWeights(m.params, without), /missing tensor 'rnn.bias_hh_l0' \(the model needs shape \[4\]\)/);
  const misShaped = new Map(full);
  misShaped.set('head.weight', { dtype: 'F64', shape: [4, 3], data: new Float64Array(12) });
  assert.throws(() => loadWeights(m.params, misShaped), /'head.weight' has shape \[4, 3\], the model needs \[3, 4\]/);
  const extra = new Map(full);
  extra.set('rnn.weight_ih_l1', { dtype: 'F64', shape: [1], data: new Float64Array(1) });
  assert.throws(() => loadWeights(m.params, extra), /unexpected tensor 'rnn.weight_ih_l1'/);
  loadWeights(m.params, extra, true);
});

function file(header: unknown, data = new Uint8Array(0), headerLen?: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen ?? json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

test('malformed files throw clear errors', () => {
  const t = (dtype: string, shape: number[], offsets: number[]) => ({ x: { dtype, shape, data_offsets: offsets } });
  assert.throws(() => readSafetensors(new Uint8Array(5)), /too short/);
  assert.throws(() => readSafetensors(file({}, undefined, 1000)), /header length 1000 runs past the end/);
  assert.throws(() => readSafetensors(file('{"x": ')), /header is not UTF-8 JSON/);
  assert.throws(() => readSafetensors(file('[1, 2]')), /header is not a JSON object/);
  assert.throws(() => readSafetensors(file(t('BF16', [2], [0, 4]), new Uint8Array(4))), /tensor 'x' has dtype "BF16"; RNN Lab reads F32 and F64 only/);
  assert.throws(() => readSafetensors(file(t('F32', [2], [0, 8]), new Uint8Array(4))), /data_offsets \[0, 8\] outside the 4 data bytes/);
  assert.throws(() => readSafetensors(file(t('F32', [3], [0, 8]), new Uint8Array(8))), /needs 12 bytes but its data_offsets span 8/);
  assert.throws(() => readSafetensors(file(t('F32', [-1], [0, 0]))), /shape \[-1\]/);
  assert.throws(() => readSafetensors(file({ x: { dtype: 'F32', shape: [1] } }, new Uint8Array(4))), /data_offsets undefined/);
  assert.throws(() => readSafetensors(file(t('F64', [1], [8, 0]), new Uint8Array(8))), /outside/);
  // A valid minimal file, with unaligned data (header length not a multiple of 8), still reads.
  const ok = readSafetensors(file({ __metadata__: {}, ...t('F64', [1], [0, 8]) }, new Uint8Array(new Float64Array([3.25]).buffer)));
  assert.equal(ok.get('x')!.data[0], 3.25);
});

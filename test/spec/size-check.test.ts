// The size check answers at once and refuses whatever the numbers: 1e12 layers, 1e200 units, overflow to
// Infinity and Infinity·0 = NaN must all be refused, never waved through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSpec } from '../../src/spec/parse';
import { formatCount } from '../../src/messages/format';
import { checkSize, MAX_PARAMS } from '../../src/spec/size-check';
import { estimateSize } from '../../src/spec/size-estimate';
import type { Spec } from '../../src/spec/types';

function specWith(model: Record<string, unknown>, task: Record<string, unknown> = { kind: 'adding', length: 100 }): Spec {
  const text = JSON.stringify({ name: 'big', task, model: { cell: 'lstm', ...model }, training: { steps: 10 } });
  const { spec } = parseSpec(text.replace(/"(hiddenSize|layers)":(\d+)/g, '"$1":$2'));
  if (spec) return spec;
  // parseSpec refuses (as it should): build the spec it would have checked, from a small valid one
  const small = parseSpec(JSON.stringify({ name: 'big', task, model: { cell: 'lstm' }, training: { steps: 10 } })).spec!;
  return { ...small, model: { ...small.model, ...model } } as Spec;
}

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

describe('checkSize / estimateSize with huge numbers', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['layers 1e12', { layers: 1e12, hiddenSize: 64 }],
    ['layers 1e12, hiddenSize 1e9', { layers: 1e12, hiddenSize: 1e9 }],
    ['layers 1e300', { layers: 1e300, hiddenSize: 1e9 }],
    ['hiddenSize 1e200, one layer (H·H overflows; 0·Infinity is NaN)', { layers: 1, hiddenSize: 1e200 }],
    ['hiddenSize 1e300, gru', { layers: 1, hiddenSize: 1e300, cell: 'gru' }],
    ['transformer, hiddenSize 1e200', { cell: 'transformer', layers: 1, hiddenSize: 1e200, heads: 1 }],
  ];
  for (const [name, model] of cases) {
    it(`refuses ${name} at once`, () => {
      const spec = specWith(model);
      // Bounds for a hang, not a speed: a loop over 1e12 layers would take hours; a loaded CI
      // machine can stall any call for a few hundred milliseconds.
      const { value: est, ms: estMs } = timed(() => estimateSize(spec));
      assert.ok(estMs < 1000, `estimateSize took ${estMs} ms`);
      assert.ok(!(est.params <= MAX_PARAMS), `params ${est.params} must not pass`);
      const { value: refusal, ms } = timed(() => checkSize(spec));
      assert.ok(ms < 1000, `checkSize took ${ms} ms`);
      assert.ok(refusal, 'refused');
      assert.match(refusal.message, /parameters|memory/);
      assert.doesNotMatch(refusal.message, /NaN|Infinity/, refusal.message);
      assert.match(refusal.message, /reduce model\./);
    });
  }

  it('formatCount never prints NaN or Infinity', () => {
    assert.match(formatCount(Infinity), /more than/);
    assert.match(formatCount(NaN), /more than|too many/);
    assert.equal(formatCount(8e30), '8.0e+30');
  });

  it('a parsed spec with layers 1e12 and hiddenSize 1e9 is refused with the size message', () => {
    const { value, ms } = timed(() =>
      parseSpec('{"name":"x","task":{"kind":"adding","length":100},"model":{"cell":"lstm","hiddenSize":1e9,"layers":1e12},"training":{"steps":10}}'),
    );
    assert.ok(ms < 5000, `parseSpec took ${ms} ms`);
    assert.equal(value.spec, undefined);
    assert.ok(value.problems.some((p) => p.severity === 'error' && /parameters/.test(p.message)));
  });
});

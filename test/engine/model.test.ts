// Model: parameter layout, state handling across windows, dtype, probe, timing and input checks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Model } from '../../src/engine/model';
import { config, fillParams, randomBatch, relErr } from './engine-helpers';

test('params follow the state_dict order and shapes', () => {
  const m = new Model(config({ cell: 'lstm', hiddenSize: 4, layers: 2, input: { kind: 'tokens', vocabSize: 7, embedding: 3 }, outputSize: 5 }));
  assert.deepEqual(
    m.params.map((p) => [p.name, p.shape]),
    [
      ['embedding.weight', [7, 3]],
      ['rnn.weight_ih_l0', [16, 3]],
      ['rnn.weight_hh_l0', [16, 4]],
      ['rnn.bias_ih_l0', [16]],
      ['rnn.bias_hh_l0', [16]],
      ['rnn.weight_ih_l1', [16, 4]],
      ['rnn.weight_hh_l1', [16, 4]],
      ['rnn.bias_ih_l1', [16]],
      ['rnn.bias_hh_l1', [16]],
      ['head.weight', [5, 4]],
      ['head.bias', [5]],
    ],
  );
  assert.ok(m.params.every((p) => p.data.every((v) => v === 0) && p.grad.length === p.data.length));
  assert.equal(m.param('rnn.weight_hh_l1'), m.params[6]);
  assert.throws(() => m.param('rnn.weight_hh_l2'), /no parameter 'rnn.weight_hh_l2'/);
  const gru = new Model(config({ cell: 'gru', layers: 1, input: { kind: 'real', size: 2 }, dtype: 'float32' }));
  assert.deepEqual(
    gru.params.map((p) => p.shape),
    [[12, 2], [12, 4], [12], [12], [3, 4], [3]],
  );
  assert.ok(gru.params.every((p) => p.data instanceof Float32Array && p.grad instanceof Float32Array));
  const rnn = new Model(config({ cell: 'rnn', layers: 1, input: { kind: 'tokens', vocabSize: 9, embedding: 0 } }));
  assert.deepEqual(rnn.param('rnn.weight_ih_l0').shape, [4, 9]); // one-hot: in = V
});

test('step overwrites gradients (no accumulation); backward: false leaves them alone', () => {
  const cfg = config({ cell: 'gru' });
  const m = new Model(cfg);
  fillParams(m.params, 1);
  const batch = randomBatch(cfg, 3, 4, 2);
  const a = m.step(batch);
  const g1 = m.params.map((p) => Array.from(p.grad));
  const b = m.step(batch);
  assert.equal(a.loss, b.loss);
  m.params.forEach((p, i) => assert.deepEqual(Array.from(p.grad), g1[i]));
  const other = randomBatch(cfg, 3, 4, 99);
  const c = m.step(other, { backward: false });
  assert.notEqual(c.loss, a.loss);
  m.params.forEach((p, i) => assert.deepEqual(Array.from(p.grad), g1[i]));
});

for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  test(`${cell}: two windows carrying finalState equal one long run`, () => {
    const cfg = config({ cell, residual: 'both', layers: 2 });
    const m = new Model(cfg);
    fillParams(m.params, 4);
    const T = 7;
    const t1 = 3;
    const full = randomBatch(cfg, 2, T, 8);
    const slice = (from: number, to: number) => {
      const take = <A extends Int32Array>(a: A) =>
        Int32Array.from({ length: 2 * (to - from) }, (_, n) => a[Math.floor(n / (to - from)) * T + from + (n % (to - from))]);
      return { B: 2, T: to - from, tokens: take(full.tokens!), targetIds: take(full.targetIds!) };
    };
    const r = m.step(full, { backward: false });
    const outFull = Float64Array.from(r.outputs);
    const w1 = m.step(slice(0, t1), { backward: false });
    const out1 = Float64Array.from(w1.outputs);
    const w2 = m.step(slice(t1, T), { initialState: w1.finalState, backward: false });
    const O = cfg.outputSize;
    for (let b = 0; b < 2; b++) {
      assert.ok(relErr(out1.subarray(b * t1 * O, (b + 1) * t1 * O), outFull.subarray(b * T * O, (b * T + t1) * O)) < 1e-14);
      assert.ok(relErr(w2.outputs.subarray(b * (T - t1) * O, (b + 1) * (T - t1) * O), outFull.subarray((b * T + t1) * O, (b + 1) * T * O)) < 1e-14);
    }
    for (let k = 0; k < 2; k++) {
      assert.ok(relErr(w2.finalState.h[k], r.finalState.h[k]) < 1e-14);
      if (cell === 'lstm') assert.ok(relErr(w2.finalState.c![k], r.finalState.c![k]) < 1e-14);
    }
  });
}

test('finalState is a fresh copy; initialState is not modified', () => {
  const cfg = config({ cell: 'lstm' });
  const m = new Model(cfg);
  fillParams(m.params, 5);
  const batch = randomBatch(cfg, 2, 3, 1);
  const r1 = m.step(batch);
  const saved = r1.finalState.h.map((h) => Array.from(h));
  const savedC = r1.finalState.c!.map((c) => Array.from(c));
  const r2 = m.step(batch, { initialState: r1.finalState });
  assert.notDeepEqual(Array.from(r2.finalState.h[0]), saved[0]);
  r1.finalState.h.forEach((h, k) => assert.deepEqual(Array.from(h), saved[k]));
  r1.finalState.c!.forEach((c, k) => assert.deepEqual(Array.from(c), savedC[k]));
  const z = m.zeroState(2);
  assert.equal(z.h.length, 2);
  assert.equal(z.c!.length, 2);
  assert.ok(z.h.every((h) => h.length === 8 && h.every((v) => v === 0)));
  assert.equal(new Model(config({ cell: 'gru' })).zeroState(3).c, undefined);
  // zero initial state == no initial state
  assert.equal(m.step(batch, { initialState: z }).loss, r1.loss);
});

test('float32 agrees with float64', () => {
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    const c64 = config({ cell, residual: 'both', input: { kind: 'tokens', vocabSize: 5, embedding: 3 } });
    const m64 = new Model(c64);
    const m32 = new Model({ ...c64, dtype: 'float32' });
    fillParams(m64.params, 6);
    m32.params.forEach((p, i) => p.data.set(m64.params[i].data));
    const batch = randomBatch(c64, 3, 5, 2, [5, 2, 4]);
    const a = m64.step(batch);
    const b = m32.step(batch);
    assert.ok(b.outputs instanceof Float32Array);
    assert.ok(Math.abs(a.loss - b.loss) < 1e-5 * a.loss);
    m64.params.forEach((p, i) => assert.ok(relErr(m32.params[i].grad, p.grad) < 1e-4, `${cell} ${p.name}`));
  }
});

for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  for (const residual of ['none', 'time'] as const) {
    test(`probe (${cell}, residual ${residual}): shapes, gates, and gradNorm = ‖∂L/∂x⟨t⟩‖ by finite differences`, () => {
      // Two layers on real inputs, loss at the last step, B = 1. The first layer's profile is the
      // derivative of the loss with respect to the input x⟨t⟩; the second's, with respect to what it
      // reads: the first layer's output (checked against the first's through its own shape only).
      const cfg = config({ cell, residual, layers: 2, at: 'last', hiddenSize: 3, input: { kind: 'real', size: 2 }, loss: 'mse', outputSize: 1 });
      const m = new Model(cfg);
      fillParams(m.params, 9, 0.9);
      const T = 6;
      const batch = randomBatch(cfg, 1, T, 3);
      const r = m.step(batch, { probe: true });
      const p = r.probe![0];
      const H = cfg.hiddenSize;
      assert.equal(r.probe!.length, 2);
      assert.equal(p.h.length, T);
      assert.ok(p.h.every((row) => row.length === H && row.every(Number.isFinite)));
      const gates = cell === 'lstm' ? ['i', 'f', 'o'] : cell === 'gru' ? ['r', 'z'] : [];
      assert.deepEqual(Object.keys(p.gates ?? {}), gates);
      for (const g of gates)
        assert.ok(
          p.gates![g].every((row) => row.length === H && row.every((v) => v > 0 && v < 1)),
          g,
        );
      assert.equal(p.c !== undefined, cell === 'lstm');
      assert.equal(p.gradNorm.length, T);
      assert.equal(r.probe![1].gradNorm.length, T);

      const reals = batch.reals!;
      for (let t = 0; t < T; t++) {
        let sq = 0;
        for (let j = 0; j < 2; j++) {
          const f = (d: number) => {
            const x = Float64Array.from(reals);
            x[t * 2 + j] += d;
            return m.step({ ...batch, reals: x }, { backward: false }).loss;
          };
          const e = 1e-5;
          const d = (f(e) - f(-e)) / (2 * e);
          sq += d * d;
        }
        const numeric = Math.sqrt(sq);
        assert.ok(Math.abs(p.gradNorm[t] - numeric) <= 1e-7 * Math.max(1e-3, numeric), `t=${t}: probe ${p.gradNorm[t]} vs numeric ${numeric}`);
      }
      assert.ok(p.gradNorm[T - 1] > 0);
      // Serialisable as plain JSON.
      assert.deepEqual(JSON.parse(JSON.stringify(r.probe)), r.probe);
      // Without backward there is no gradient profile.
      assert.deepEqual(m.step(batch, { probe: true, backward: false }).probe![0].gradNorm, []);
    });
  }
}

test('timing accumulates per phase and resets', () => {
  const cfg = config({ cell: 'lstm', hiddenSize: 32, input: { kind: 'tokens', vocabSize: 20, embedding: 0 }, outputSize: 20 });
  const m = new Model(cfg);
  fillParams(m.params, 1, 0.1);
  const batch = randomBatch(cfg, 8, 30, 1);
  m.step(batch);
  m.step(batch);
  const t = { ...m.timing };
  assert.ok(Object.values(t).every((v) => v >= 0));
  assert.ok(t.recurrenceMs > 0 && t.backwardMs > 0);
  m.step(batch, { backward: false });
  assert.equal(m.timing.backwardMs, t.backwardMs);
  assert.ok(m.timing.recurrenceMs > t.recurrenceMs);
  m.resetTiming();
  assert.deepEqual(m.timing, { inputProjectionMs: 0, recurrenceMs: 0, headLossMs: 0, backwardMs: 0 });
});

test('cross-entropy reports scored positions and argmax hits; -1 targets are ignored', () => {
  const cfg = config({ cell: 'rnn', layers: 1 });
  const m = new Model(cfg);
  fillParams(m.params, 2);
  const batch = randomBatch(cfg, 2, 3, 4);
  batch.targetIds![1] = -1;
  batch.targetIds![4] = -1;
  const r = m.step(batch);
  assert.equal(r.scored, 4);
  const O = cfg.outputSize;
  let hits = 0;
  let loss = 0;
  for (let n = 0; n < 6; n++) {
    const y = batch.targetIds![n];
    if (y < 0) continue;
    const row = Array.from(r.outputs.subarray(n * O, n * O + O));
    if (row.indexOf(Math.max(...row)) === y) hits++;
    loss += Math.log(row.reduce((s, v) => s + Math.exp(v), 0)) - row[y];
  }
  assert.equal(r.correct, hits);
  assert.ok(Math.abs(r.loss - loss / 4) < 1e-14);
  // Nothing scored: loss 0, zero gradients.
  batch.targetIds!.fill(-1);
  const none = m.step(batch);
  assert.equal(none.scored, 0);
  assert.equal(none.loss, 0);
  assert.ok(m.params.every((p) => p.grad.every((g) => g === 0)));
  // Sampling-style call: no targets at all, forward only.
  const fwd = m.step({ B: 1, T: 1, tokens: Int32Array.from([2]) }, { backward: false });
  assert.equal(fwd.scored, 0);
  assert.equal(fwd.outputs.length, O);
});

test('clear errors for batches that do not fit the model', () => {
  const cfg = config({ cell: 'gru', at: 'last' });
  const m = new Model(cfg);
  const ok = randomBatch(cfg, 2, 3, 1);
  assert.throws(
    () => m.step({ ...ok, tokens: Int32Array.from([0, 1, 2, 3, 4, 5]).fill(9, 4, 5) }),
    /token id 9 at row 1, step 1 is out of range: the vocabulary has 5 tokens/,
  );
  assert.throws(() => m.step({ ...ok, tokens: undefined, reals: new Float64Array(6) }), /reads tokens/);
  assert.throws(() => m.step({ ...ok, lengths: Int32Array.from([3, 0]) }), /lengths\[1\] = 0 is outside \[1, 3\]/);
  assert.throws(() => m.step({ ...ok, lengths: Int32Array.from([3]) }), /lengths has 1 entries, expected B = 2/);
  assert.throws(() => m.step({ ...ok, targetIds: Int32Array.from([0, 1, 2]) }), /targetIds has 3 ids, expected B = 2/);
  assert.throws(() => m.step({ ...ok, targetIds: Int32Array.from([0, 3]) }), /target class 3 .* 3 classes/);
  assert.throws(() => m.step({ ...ok, targetIds: undefined }), /cross-entropy needs targetIds/);
  assert.throws(() => m.step(ok, { initialState: m.zeroState(3) }), /initialState: expected 2 layer\(s\) of h with 2×4 values/);
  assert.throws(() => new Model(config({ hiddenSize: 0 })), /hiddenSize must be a positive integer/);
  const real = config({ input: { kind: 'real', size: 2 }, loss: 'mse' });
  assert.throws(
    () => new Model(real).step({ B: 1, T: 2, reals: new Float64Array(3), targetReals: new Float64Array(6) }),
    /reals has 3 values, expected B·T·I = 4/,
  );
});

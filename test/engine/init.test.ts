import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParams, orthogonal } from '../../src/engine/init';
import type { Param } from '../../src/engine/param';
import { gatesOf, type RecurrentCell as CellKind, type InitKind } from '../../src/engine/model-config';
import { Rng } from '../../src/engine/rng';

// Params laid out as docs/model.md: an embedding V×E, `layers` recurrent layers, a head O×H.
function makeParams(cell: CellKind, H: number, f64 = true, opts = { V: 50, E: 20, layers: 2, O: 7 }): Param[] {
  const G = gatesOf(cell);
  const p = (name: string, shape: number[]): Param => {
    const n = shape.reduce((a, b) => a * b, 1);
    return { name, shape, data: f64 ? new Float64Array(n) : new Float32Array(n), grad: new Float64Array(n) };
  };
  const ps = [p('embedding.weight', [opts.V, opts.E])];
  for (let k = 0; k < opts.layers; k++) {
    ps.push(
      p(`rnn.weight_ih_l${k}`, [G * H, k === 0 ? opts.E : H]),
      p(`rnn.weight_hh_l${k}`, [G * H, H]),
      p(`rnn.bias_ih_l${k}`, [G * H]),
      p(`rnn.bias_hh_l${k}`, [G * H]),
    );
  }
  ps.push(p('head.weight', [opts.O, H]), p('head.bias', [opts.O]));
  return ps;
}

const byName = (ps: Param[], name: string) => ps.find((p) => p.name === name)!;
const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, x) => s + x, 0) / a.length;
const variance = (a: ArrayLike<number>) => {
  const m = mean(a);
  return Array.from(a).reduce((s, x) => s + (x - m) ** 2, 0) / a.length;
};
const maxAbs = (a: ArrayLike<number>) => Math.max(...Array.from(a, Math.abs));

/** Row-major H×H block g of a [G·H, H] matrix. */
const block = (d: ArrayLike<number>, g: number, H: number) => Array.from(d).slice(g * H * H, (g + 1) * H * H);

function assertOrthogonal(q: ArrayLike<number>, n: number, tol: number): void {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[k * n + i] * q[k * n + j]; // (QᵀQ)_ij
      worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  assert.ok(worst < tol, `max |QᵀQ − I| = ${worst}`);
}

test('default: rnn.* and head U(±1/√H), embedding N(0, 1)', () => {
  const H = 64;
  const ps = makeParams('lstm', H, true, { V: 100, E: 100, layers: 2, O: 300 });
  initParams(ps, { cell: 'lstm', hiddenSize: H }, 'default', new Rng(1));
  const k = 1 / Math.sqrt(H);
  for (const p of ps) {
    if (p.name === 'embedding.weight') continue;
    assert.ok(maxAbs(p.data) <= k, `${p.name} within ±1/√H`);
    assert.ok(maxAbs(p.data) > 0.9 * k, `${p.name} fills the range`);
  }
  // U(−k, k) has mean 0, variance k²/3; 4·64·64 = 16384 samples.
  const w = byName(ps, 'rnn.weight_hh_l1').data;
  assert.ok(Math.abs(mean(w)) < 0.01 * k * 3);
  assert.ok(Math.abs(variance(w) / ((k * k) / 3) - 1) < 0.05);
  const e = byName(ps, 'embedding.weight').data; // 10 000 samples
  assert.ok(Math.abs(mean(e)) < 0.04);
  assert.ok(Math.abs(variance(e) - 1) < 0.05);
});

test('default: head fan_in comes from head.weight (H), not the output size', () => {
  const ps = makeParams('rnn', 4, true, { V: 3, E: 2, layers: 1, O: 500 });
  initParams(ps, { cell: 'rnn', hiddenSize: 4 }, 'default', new Rng(2));
  for (const name of ['head.weight', 'head.bias']) {
    const d = byName(ps, name).data;
    assert.ok(maxAbs(d) <= 0.5 && maxAbs(d) > 0.45, name);
  }
});

test('xavier: per-gate-block bound √(6/(fan_in+H)), biases 0, LSTM forget bias 1', () => {
  const H = 16;
  const ps = makeParams('lstm', H);
  initParams(ps, { cell: 'lstm', hiddenSize: H }, 'xavier', new Rng(3));
  const ih0 = byName(ps, 'rnn.weight_ih_l0').data; // fan_in = E = 20
  assert.ok(maxAbs(ih0) <= Math.sqrt(6 / (20 + H)) && maxAbs(ih0) > 0.9 * Math.sqrt(6 / (20 + H)));
  const hh = byName(ps, 'rnn.weight_hh_l1').data;
  assert.ok(maxAbs(hh) <= Math.sqrt(6 / (2 * H)) && maxAbs(hh) > 0.9 * Math.sqrt(6 / (2 * H)));
  for (const k of [0, 1]) {
    const bih = Array.from(byName(ps, `rnn.bias_ih_l${k}`).data);
    assert.deepEqual(bih, [...Array(H).fill(0), ...Array(H).fill(1), ...Array(2 * H).fill(0)]);
    assert.deepEqual(Array.from(byName(ps, `rnn.bias_hh_l${k}`).data), Array(4 * H).fill(0));
  }
});

test('xavier on gru/rnn: all biases 0 (no forget gate)', () => {
  for (const cell of ['gru', 'rnn'] as const) {
    const ps = makeParams(cell, 8);
    initParams(ps, { cell, hiddenSize: 8 }, 'xavier', new Rng(4));
    for (const p of ps.filter((p) => p.name.startsWith('rnn.bias'))) assert.equal(maxAbs(p.data), 0, p.name);
  }
});

test('orthogonal: every weight_hh gate block has QᵀQ = I (float64, 1e-10)', () => {
  const H = 32;
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    const ps = makeParams(cell, H);
    initParams(ps, { cell, hiddenSize: H }, 'orthogonal', new Rng(5));
    for (const k of [0, 1]) {
      const hh = byName(ps, `rnn.weight_hh_l${k}`).data;
      for (let g = 0; g < gatesOf(cell); g++) assertOrthogonal(block(hh, g, H), H, 1e-10);
      // weight_ih is xavier.
      const ih = byName(ps, `rnn.weight_ih_l${k}`);
      assert.ok(maxAbs(ih.data) <= Math.sqrt(6 / (ih.shape[1] + H)));
    }
    // Forget-gate block (rows H..2H) of bias_ih is 1 for lstm; every other bias is 0.
    const bias = Array.from(byName(ps, 'rnn.bias_ih_l0').data);
    assert.deepEqual(
      bias.map((x, i) => (cell === 'lstm' && i >= H && i < 2 * H ? x - 1 : x)),
      Array(bias.length).fill(0),
    );
  }
});

test('orthogonal: gate blocks differ, float32 params are orthogonal to f32 precision', () => {
  const H = 24;
  const ps = makeParams('gru', H, false);
  initParams(ps, { cell: 'gru', hiddenSize: H }, 'orthogonal', new Rng(6));
  const hh = byName(ps, 'rnn.weight_hh_l0').data;
  assert.notDeepEqual(block(hh, 0, H), block(hh, 1, H));
  for (let g = 0; g < 3; g++) assertOrthogonal(block(hh, g, H), H, 1e-5);
});

test('orthogonal(): large n stays orthogonal to 1e-10', () => {
  assertOrthogonal(orthogonal(128, new Rng(7)), 128, 1e-10);
  assertOrthogonal(orthogonal(1, new Rng(7)), 1, 1e-15);
});

test('identity: weight_hh = I per gate block exactly, weight_ih N(0, 0.001²), biases 0', () => {
  const H = 12;
  for (const cell of ['rnn', 'lstm'] as const) {
    const ps = makeParams(cell, H, false, { V: 10, E: 400, layers: 1, O: 3 });
    initParams(ps, { cell, hiddenSize: H }, 'identity', new Rng(8));
    const hh = byName(ps, 'rnn.weight_hh_l0').data;
    for (let g = 0; g < gatesOf(cell); g++) {
      block(hh, g, H).forEach((x, idx) => assert.equal(x, Math.floor(idx / H) === idx % H ? 1 : 0));
    }
    const ih = byName(ps, 'rnn.weight_ih_l0').data; // ≥ 4800 samples
    assert.ok(Math.abs(Math.sqrt(variance(ih)) / 0.001 - 1) < 0.05);
    for (const name of ['rnn.bias_ih_l0', 'rnn.bias_hh_l0']) assert.equal(maxAbs(byName(ps, name).data), 0);
  }
});

test('same seed => same values; different seed => different values', () => {
  const kinds: InitKind[] = ['default', 'xavier', 'orthogonal', 'identity'];
  for (const kind of kinds) {
    const run = (seed: number) => {
      const ps = makeParams('gru', 8);
      initParams(ps, { cell: 'gru', hiddenSize: 8 }, kind, new Rng(seed));
      return ps.map((p) => Array.from(p.data));
    };
    assert.deepEqual(run(42), run(42), kind);
    assert.notDeepEqual(run(42), run(43), kind);
  }
});

test('unknown names and wrong shapes throw', () => {
  const bad: Param = { name: 'rnn.weight_xx_l0', shape: [4, 4], data: new Float64Array(16), grad: new Float64Array(16) };
  assert.throws(() => initParams([bad], { cell: 'rnn', hiddenSize: 4 }, 'default', new Rng(1)), /weight_xx/);
  const ps = makeParams('lstm', 4);
  assert.throws(() => initParams(ps, { cell: 'gru', hiddenSize: 4 }, 'default', new Rng(1)), /shape/);
});

// Finite-difference checks of every parameter's gradient (gradcheck.ts, float64) across cells,
// residual modes, input kinds, losses, head positions, variable lengths and a carried-in state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradcheck, elementsToCheck } from '../../src/engine/gradcheck';
import { Model, type State } from '../../src/engine/model';
import type { RecurrentConfig } from '../../src/engine/model-config';
import { Rng } from '../../src/engine/rng';
import { assertGradcheckRows, config, randomBatch } from './engine-helpers';

const TOL = 1e-6;

function check(label: string, cfg: RecurrentConfig, opts: { B?: number; T?: number; lengths?: number[]; carried?: boolean; seed?: number } = {}) {
  test(`gradcheck: ${label}`, () => {
    const B = opts.B ?? 3;
    const T = opts.T ?? 5;
    const seed = opts.seed ?? 7;
    const batch = randomBatch(cfg, B, T, seed, opts.lengths);
    let initialState: State | undefined;
    if (opts.carried) {
      // A non-zero state, as a previous window would leave it.
      const m = new Model(cfg);
      initialState = m.zeroState(B);
      const rng = new Rng(seed + 1);
      for (const a of [...initialState.h, ...(initialState.c ?? [])]) for (let i = 0; i < a.length; i++) a[i] = rng.uniform(-0.8, 0.8);
    }
    const rows = gradcheck(cfg, batch, { initialState, seed });
    const m = new Model(cfg);
    assertGradcheckRows(label, rows, m, TOL);
    // The check must have seen real gradients, not only zeros.
    assert.ok(
      rows.some((r) => Math.abs(r.worst.analytic) > 1e-4),
      'all gradients are ~0',
    );
  });
}

// Each cell, the rnn with each activation.
const CELLS = [
  ['rnn', 'tanh'],
  ['rnn', 'relu'],
  ['lstm', 'tanh'],
  ['gru', 'tanh'],
] as const;

// Each cell (and rnn activation) with each residual mode.
for (const [cell, activation] of CELLS) {
  for (const residual of ['none', 'layers', 'time', 'both'] as const) {
    check(`${cell}${cell === 'rnn' ? `-${activation}` : ''} residual=${residual}`, config({ cell, activation, residual, layers: 2 }));
  }
}

// Input kinds, losses and head positions.
const real = { kind: 'real', size: 3 } as const;
const embed = { kind: 'tokens', vocabSize: 6, embedding: 3 } as const;
const onehot = { kind: 'tokens', vocabSize: 6, embedding: 0 } as const;
for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  check(`${cell} one-hot, cross-entropy at every`, config({ cell, input: onehot }));
  check(`${cell} embedding, cross-entropy at last`, config({ cell, input: embed, at: 'last' }));
  check(`${cell} reals, mse at last`, config({ cell, input: real, loss: 'mse', at: 'last', outputSize: 2 }));
  check(`${cell} reals, mse at every, residual both`, config({ cell, input: real, loss: 'mse', outputSize: 2, residual: 'both' }));
  check(`${cell} embedding, 3 layers, residual both`, config({ cell, input: embed, layers: 3, residual: 'both' }));
}

// Variable lengths (padding) and a carried-in initial state.
for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  check(`${cell} variable lengths, at every`, config({ cell, residual: 'both', input: embed }), { B: 4, T: 6, lengths: [6, 3, 1, 5] });
  check(`${cell} variable lengths, at last, mse`, config({ cell, residual: 'time', input: real, loss: 'mse', at: 'last', outputSize: 2 }), {
    B: 3,
    T: 6,
    lengths: [2, 6, 4],
  });
  check(`${cell} carried-in initial state`, config({ cell, residual: 'time' }), { carried: true });
  check(`${cell} carried-in state and variable lengths`, config({ cell, at: 'last', input: embed }), { carried: true, lengths: [4, 1, 5] });
}

// The leaky time residual, h⟨t⟩ = keep·h⟨t−1⟩ + (1 − keep)·h̃⟨t⟩ (model.timeResidual), with each
// cell, alone and with the layer residual, over padding and a carried-in state.
for (const [cell, activation] of CELLS) {
  const name = `${cell}${cell === 'rnn' ? `-${activation}` : ''}`;
  check(`${name} residual=time, leaky keep 0.7`, config({ cell, activation, residual: 'time', timeKeep: 0.7, layers: 2 }));
  check(`${name} residual=both, leaky keep 0.3`, config({ cell, activation, residual: 'both', timeKeep: 0.3, layers: 2 }));
}
for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  check(
    `${cell} leaky time residual, variable lengths, mse at last`,
    config({ cell, residual: 'time', timeKeep: 0.9, input: real, loss: 'mse', at: 'last', outputSize: 2 }),
    {
      B: 3,
      T: 6,
      lengths: [2, 6, 4],
    },
  );
  check(`${cell} leaky time residual, carried-in state and variable lengths`, config({ cell, residual: 'both', timeKeep: 0.5, input: embed }), {
    carried: true,
    B: 4,
    T: 6,
    lengths: [6, 3, 1, 5],
  });
}

test('a leaky time residual computes h⟨t⟩ = keep·h⟨t−1⟩ + (1 − keep)·h̃⟨t⟩; keep outside (0, 1) is refused', () => {
  // One step from a known state: the leaky model's h⟨1⟩ mixes the plain cell's output with h⟨0⟩.
  const base = config({ cell: 'gru', layers: 1, hiddenSize: 5, at: 'every' });
  const plain = new Model(base);
  const leaky = new Model({ ...base, residual: 'time', timeKeep: 0.75 });
  const rng = new Rng(3);
  for (const p of plain.params) for (let i = 0; i < p.data.length; i++) p.data[i] = rng.uniform(-0.5, 0.5);
  leaky.params.forEach((p, i) => p.data.set(plain.params[i].data));
  const h0 = plain.zeroState(2);
  h0.h[0].forEach((_, i) => (h0.h[0][i] = Math.sin(i)));
  const batch = randomBatch(base, 2, 1, 4);
  const cellOut = plain.step(batch, { initialState: h0, backward: false }).finalState.h[0];
  const mixed = leaky.step(batch, { initialState: h0, backward: false }).finalState.h[0];
  mixed.forEach((v, i) => assert.ok(Math.abs(v - (0.75 * h0.h[0][i] + 0.25 * cellOut[i])) < 1e-12, `unit ${i}`));
  for (const timeKeep of [0, 1, 1.5, -0.2]) assert.throws(() => new Model({ ...base, residual: 'time', timeKeep }), /timeKeep must be in \(0, 1\)/);
});

test('gradcheck samples large tensors deterministically', () => {
  const a = elementsToCheck(1000, 20, 3);
  assert.equal(a.length, 20);
  assert.equal(new Set(a).size, 20);
  assert.deepEqual(a, elementsToCheck(1000, 20, 3));
  assert.ok(a.every((i, k) => i >= 0 && i < 1000 && (k === 0 || i > a[k - 1])));
  assert.deepEqual(elementsToCheck(5, 20, 3), [0, 1, 2, 3, 4]);
  const rows = gradcheck(config({ hiddenSize: 8, layers: 1 }), randomBatch(config({ hiddenSize: 8, layers: 1 }), 2, 3, 1), { maxPerTensor: 10 });
  const whh = rows.find((r) => r.name === 'rnn.weight_hh_l0')!;
  assert.equal(whh.total, 32 * 8);
  assert.equal(whh.checked, 10);
});

test('gradcheck reports a mismatch when the numeric derivative is off', () => {
  // The comparison is not vacuous: a step of h = 0.5 makes the finite difference inaccurate, and it shows.
  const cfg = config({ cell: 'gru', layers: 1 });
  const batch = randomBatch(cfg, 2, 4, 3);
  assert.ok(gradcheck(cfg, batch).every((r) => r.maxRelError < TOL));
  assert.ok(gradcheck(cfg, batch, { h: 0.5 }).some((r) => r.maxRelError > 1e-3));
});

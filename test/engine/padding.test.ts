// Variable lengths: a padded batch must give exactly what running each sequence alone gives —
// the same loss (as a scored-weighted mean), outputs at valid positions, gradients and final
// states — whatever junk sits in the padding (out-of-range ids, NaN inputs and targets).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Model } from '../../src/engine/model';
import type { RecurrentConfig } from '../../src/engine/model-config';
import { checkMseMask, config, fillParams, poisonPadding, randomBatch, relErr, rowAlone } from './engine-helpers';

const TOL = 1e-12;

function padded(label: string, cfg: RecurrentConfig, lengths: number[]) {
  test(`padding changes nothing: ${label}`, () => {
    const T = Math.max(...lengths);
    const B = lengths.length;
    const model = new Model(cfg);
    fillParams(model.params, 11);
    const batch = randomBatch(cfg, B, T + 1, 5, lengths); // T+1: every row has at least one padding step
    poisonPadding(cfg, batch);

    const all = model.step(batch);
    const allOutputs = Float64Array.from(all.outputs);
    const allGrads = model.params.map((p) => Float64Array.from(p.grad));
    assert.ok(Number.isFinite(all.loss));

    const O = cfg.outputSize;
    const H = cfg.hiddenSize;
    let lossSum = 0;
    let scored = 0;
    const gradSum = model.params.map((p) => new Float64Array(p.grad.length));
    for (let b = 0; b < B; b++) {
      const one = model.step(rowAlone(cfg, batch, b));
      lossSum += one.loss * one.scored;
      scored += one.scored;
      model.params.forEach((p, i) => p.grad.forEach((g, j) => (gradSum[i][j] += g * one.scored)));
      // outputs at this row's valid positions
      if (cfg.at === 'every') {
        const len = lengths[b];
        const want = allOutputs.subarray(b * (T + 1) * O, (b * (T + 1) + len) * O);
        assert.ok(relErr(one.outputs, want) < TOL, `row ${b} outputs`);
      } else {
        assert.ok(relErr(one.outputs, allOutputs.subarray(b * O, b * O + O)) < TOL, `row ${b} output`);
      }
      // the state after the row's last valid step
      for (let k = 0; k < cfg.layers; k++) {
        assert.ok(relErr(one.finalState.h[k], all.finalState.h[k].subarray(b * H, b * H + H)) < TOL, `row ${b} final h, layer ${k}`);
        if (cfg.cell === 'lstm') {
          assert.ok(relErr(one.finalState.c![k], all.finalState.c![k].subarray(b * H, b * H + H)) < TOL, `row ${b} final c, layer ${k}`);
        }
      }
    }
    assert.equal(all.scored, scored);
    assert.ok(Math.abs(all.loss - lossSum / scored) <= TOL * Math.abs(all.loss), `loss ${all.loss} vs ${lossSum / scored}`);
    model.params.forEach((p, i) => {
      const want = gradSum[i].map((g) => g / scored);
      assert.ok(relErr(allGrads[i], want) < TOL, `${p.name}: relative error ${relErr(allGrads[i], want)}`);
    });
  });
}

const real = { kind: 'real', size: 2 } as const;
const embed = { kind: 'tokens', vocabSize: 6, embedding: 3 } as const;
for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  for (const residual of ['none', 'both'] as const) {
    padded(`${cell}, residual ${residual}, one-hot, cross-entropy at every`, config({ cell, residual }), [4, 2, 1, 3]);
    padded(`${cell}, residual ${residual}, embedding, cross-entropy at last`, config({ cell, residual, input: embed, at: 'last' }), [3, 5, 1]);
    padded(`${cell}, residual ${residual}, reals, mse at every`, config({ cell, residual, input: real, loss: 'mse', outputSize: 2 }), [2, 5, 3]);
    padded(`${cell}, residual ${residual}, reals, mse at last`, config({ cell, residual, input: real, loss: 'mse', at: 'last', outputSize: 2 }), [1, 4]);
  }
  padded(`${cell} relu/time residual, 3 layers`, config({ cell, activation: 'relu', residual: 'time', layers: 3 }), [5, 2, 4]);
}

test('a zero-length row keeps its initial state and scores nothing', () => {
  const cfg = config({ cell: 'lstm' });
  const model = new Model(cfg);
  fillParams(model.params, 2);
  const init = model.zeroState(2);
  init.h.forEach((h, k) => h.fill(0.25 * (k + 1)));
  init.c!.forEach((c, k) => c.fill(-0.5 * (k + 1)));
  const batch = randomBatch(cfg, 2, 3, 4, [3, 0]);
  const r = model.step(batch, { initialState: init });
  assert.equal(r.scored, 3);
  const H = cfg.hiddenSize;
  for (let k = 0; k < cfg.layers; k++) {
    assert.deepEqual(Array.from(r.finalState.h[k].subarray(H, 2 * H)), Array(H).fill(0.25 * (k + 1)));
    assert.deepEqual(Array.from(r.finalState.c![k].subarray(H, 2 * H)), Array(H).fill(-0.5 * (k + 1)));
  }
});

test('mse mask: masked positions are not scored and their targets do not matter', () => {
  const cfg = config({ cell: 'gru', input: real, loss: 'mse', outputSize: 2 });
  const model = new Model(cfg);
  fillParams(model.params, 3);
  const { result: b, batch } = checkMseMask(model);
  // And the loss is the mean over the unmasked elements.
  let sum = 0;
  for (let n = 0; n < 8; n++) {
    if (!batch.mask![n]) continue;
    for (let o = 0; o < 2; o++) sum += (b.outputs[n * 2 + o] - batch.targetReals![n * 2 + o]) ** 2;
  }
  assert.ok(Math.abs(b.loss - sum / 8) < 1e-15);
});

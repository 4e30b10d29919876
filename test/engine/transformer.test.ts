// The Transformer's gradients against finite differences (every parameter, float64), and what the
// causal mask and padding promise: a padded batch gives exactly what each row alone gives, and no
// position's output depends on a later input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradcheck } from '../../src/engine/gradcheck';
import type { TransformerConfig } from '../../src/engine/model-config';
import { TransformerModel } from '../../src/engine/transformer/transformer-model';
import { assertGradcheckRows, checkMseMask, poisonPadding, randomBatch, relErr, rowAlone } from './engine-helpers';
import { fillTransformer, tconfig } from './transformer-helpers';

const TOL = 1e-6;

function check(label: string, cfg: TransformerConfig, opts: { B?: number; T?: number; lengths?: number[] } = {}) {
  test(`transformer gradcheck: ${label}`, () => {
    const B = opts.B ?? 3;
    const T = opts.T ?? 5;
    const batch = randomBatch(cfg, B, T, 7, opts.lengths);
    const rows = gradcheck(cfg, batch, { init: (ps) => fillTransformer(ps, 3), maxPerTensor: 48 });
    const m = new TransformerModel(cfg);
    assertGradcheckRows(label, rows, m, TOL);
    // The check saw real gradients: every tensor has some (the keys' in_proj_bias rows are exactly 0:
    // a softmax does not see a shift shared by all keys).
    fillTransformer(m.params, 3);
    m.step(batch);
    for (const p of m.params)
      assert.ok(
        p.grad.some((g) => Math.abs(g) > 1e-4),
        `${p.name}: all gradients ~0`,
      );
    const inB = m.param('encoder.layers.0.self_attn.in_proj_bias').grad;
    const H = cfg.hiddenSize;
    assert.ok(
      inB.subarray(H, 2 * H).every((g) => Math.abs(g) < 1e-12),
      "the keys' bias has no gradient",
    );
  });
}

const real = { kind: 'real', size: 3 } as const;
check('tokens, cross-entropy at every, 2 layers, 2 heads', tconfig());
check('tokens, cross-entropy at last', tconfig({ at: 'last' }));
check('reals, mse at every', tconfig({ input: real, loss: 'mse', outputSize: 2 }));
check('reals, mse at last, 3 heads of 2', tconfig({ input: real, loss: 'mse', at: 'last', outputSize: 2, heads: 3 }));
check('tokens, one head, one layer, T = context', tconfig({ heads: 1, layers: 1, context: 5 }));
check('tokens, variable lengths at every', tconfig(), { B: 4, T: 6, lengths: [6, 3, 1, 5] });
check('reals, variable lengths, mse at last', tconfig({ input: real, loss: 'mse', at: 'last', outputSize: 2 }), { B: 3, T: 6, lengths: [2, 6, 4] });

const TIGHT = 1e-12;

function padded(label: string, cfg: TransformerConfig, lengths: number[]) {
  test(`transformer padding changes nothing: ${label}`, () => {
    const T = Math.max(...lengths) + 1; // every row has at least one padding position
    const B = lengths.length;
    const model = new TransformerModel({ ...cfg, context: T });
    fillTransformer(model.params, 11);
    const batch = randomBatch(cfg, B, T, 5, lengths);
    poisonPadding(cfg, batch);

    const all = model.step(batch, { probe: true });
    const allOutputs = Float64Array.from(all.outputs);
    const allGrads = model.params.map((p) => Float64Array.from(p.grad));
    assert.ok(Number.isFinite(all.loss));
    for (const g of allGrads) assert.ok(g.every(Number.isFinite));

    const O = cfg.outputSize;
    let lossSum = 0;
    let scored = 0;
    const gradSum = model.params.map((p) => new Float64Array(p.grad.length));
    for (let b = 0; b < B; b++) {
      const one = model.step(rowAlone(cfg, batch, b));
      lossSum += one.loss * one.scored;
      scored += one.scored;
      model.params.forEach((p, i) => p.grad.forEach((g, j) => (gradSum[i][j] += g * one.scored)));
      const len = lengths[b];
      const want = cfg.at === 'every' ? allOutputs.subarray(b * T * O, (b * T + len) * O) : allOutputs.subarray(b * O, b * O + O);
      assert.ok(relErr(one.outputs, want) < TIGHT, `row ${b} outputs: ${relErr(one.outputs, want)}`);
    }
    assert.equal(all.scored, scored);
    assert.ok(Math.abs(all.loss - lossSum / scored) <= TIGHT * Math.abs(all.loss), `loss ${all.loss} vs ${lossSum / scored}`);
    model.params.forEach((p, i) => {
      const want = gradSum[i].map((g) => g / scored);
      assert.ok(relErr(allGrads[i], want) < TIGHT, `${p.name}: relative error ${relErr(allGrads[i], want)}`);
    });
    // The positions table's padded rows get no gradient: no row is longer than max(lengths).
    const pos = model.param('position.weight');
    const H = cfg.hiddenSize;
    assert.ok(
      allGrads[model.params.indexOf(pos)].subarray((T - 1) * H, T * H).every((g) => g === 0),
      'gradient at a position only padding reached',
    );
    // Row 0's probe: padded queries attend to nothing and carry no gradient.
    const len0 = lengths[0];
    for (const layer of all.probe!) {
      for (const head of layer.attention!)
        for (let t = len0; t < T; t++)
          assert.ok(
            head[t].every((w) => w === 0),
            `padded query ${t}`,
          );
      for (let t = len0; t < T; t++) assert.equal(layer.gradNorm[t], 0);
    }
  });
}

const embed = { kind: 'tokens', vocabSize: 6, embedding: 6 } as const;
padded('tokens, cross-entropy at every', tconfig({ input: embed }), [4, 2, 1, 3]);
padded('tokens, cross-entropy at last', tconfig({ input: embed, at: 'last' }), [3, 5, 1]);
padded('reals, mse at every', tconfig({ input: real, loss: 'mse', outputSize: 2 }), [2, 5, 3]);
padded('reals, mse at last', tconfig({ input: real, loss: 'mse', at: 'last', outputSize: 2 }), [1, 4]);

test('transformer: a fully padded row scores nothing and changes nothing', () => {
  const cfg = tconfig();
  const m = new TransformerModel(cfg);
  fillTransformer(m.params, 2);
  const batch = randomBatch(cfg, 2, 4, 4, [4, 0]);
  const a = m.step(batch);
  assert.equal(a.scored, 4);
  const grads = m.params.map((p) => Float64Array.from(p.grad));
  const b = m.step(rowAlone(cfg, batch, 0));
  assert.ok(Math.abs(a.loss - b.loss) < 1e-12);
  m.params.forEach((p, i) => assert.ok(relErr(grads[i], p.grad) < 1e-12, p.name));
});

test('transformer: causal — an output never depends on a later input', () => {
  for (const input of [embed, real]) {
    const cfg = tconfig({ input, loss: input.kind === 'real' ? 'mse' : 'cross-entropy', outputSize: input.kind === 'real' ? 2 : 4 });
    const m = new TransformerModel(cfg);
    fillTransformer(m.params, 9);
    const T = 6;
    const O = cfg.outputSize;
    const batch = randomBatch(cfg, 1, T, 3);
    const before = Float64Array.from(m.step(batch, { backward: false }).outputs);
    const t0 = 3;
    if (batch.tokens) batch.tokens[t0] = (batch.tokens[t0] + 1) % 6;
    else for (let i = 0; i < 3; i++) batch.reals![t0 * 3 + i] += 0.7;
    const after = m.step(batch, { backward: false }).outputs;
    assert.deepEqual(Array.from(after.subarray(0, t0 * O)), Array.from(before.subarray(0, t0 * O)), `${input.kind}: positions before ${t0}`);
    assert.ok(relErr(after.subarray(t0 * O), before.subarray(t0 * O)) > 1e-6, `${input.kind}: position ${t0} on must change`);
  }
});

test('transformer: mse mask — masked positions are not scored and their targets do not matter', () => {
  const cfg = tconfig({ input: real, loss: 'mse', outputSize: 2 });
  const m = new TransformerModel(cfg);
  fillTransformer(m.params, 3);
  checkMseMask(m);
});

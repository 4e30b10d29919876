import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOptimizer, type OptimizerKind } from '../../src/engine/optimizers';
import type { Param } from '../../src/engine/param';

const KINDS: OptimizerKind[] = ['sgd', 'momentum', 'adam', 'adagrad', 'rmsprop'];

function param(values: number[], f64 = true): Param {
  const data = f64 ? Float64Array.from(values) : Float32Array.from(values);
  return { name: 'w', shape: [values.length], data, grad: f64 ? new Float64Array(values.length) : new Float32Array(values.length) };
}

// Three steps from p0 = [0.5, -1.5] with lr = 0.1 and these gradients. The expected values were
// computed with a plain-python (float64) transcription of torch.optim's single-tensor update rules
// at their defaults (momentum 0.9; Adam β=(0.9, 0.999), eps 1e-8, exp_avg via lerp; Adagrad
// eps 1e-10; RMSprop α 0.99, eps 1e-8), then pasted here via repr().
const P0 = [0.5, -1.5];
const GRADS = [
  [0.1, -0.2],
  [0.3, 0.05],
  [-0.4, 0.25],
];
const EXPECTED: Record<OptimizerKind, number[][]> = {
  sgd: [
    [0.49, -1.48],
    [0.45999999999999996, -1.4849999999999999],
    [0.5, -1.5099999999999998],
  ],
  momentum: [
    [0.49, -1.48],
    [0.45099999999999996, -1.467],
    [0.45589999999999997, -1.4803000000000002],
  ],
  adam: [
    [0.400000009999999, -1.4000000049999999],
    [0.3082219022055899, -1.353053191100447],
    [0.3143620019388818, -1.379283398301436],
  ],
  adagrad: [
    [0.4000000001, -1.40000000005],
    [0.3051316703249486, -1.4242535625418684],
    [0.3835781243648376, -1.501405237499105],
  ],
  rmsprop: [
    [-0.4999990000009996, -0.5000004999997504],
    [-1.449156695453293, -0.7436854706492522],
    [-0.6630290992076255, -1.518236047868025],
  ],
};

function close(actual: ArrayLike<number>, expected: number[], tol: number, what: string): void {
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

for (const kind of KINDS) {
  test(`${kind}: three steps match torch.optim reference (float64)`, () => {
    const p = param(P0);
    const opt = createOptimizer(kind, 0.1, [p]);
    GRADS.forEach((g, t) => {
      p.grad.set(g);
      opt.step();
      close(p.data, EXPECTED[kind][t], 1e-14, `step ${t + 1}`);
    });
    assert.equal(opt.stepCount, 3);
  });

  test(`${kind}: float32 params track the reference`, () => {
    const p = param(P0, false);
    const opt = createOptimizer(kind, 0.1, [p]);
    for (const g of GRADS) {
      p.grad.set(g);
      opt.step();
    }
    close(p.data, EXPECTED[kind][2], 1e-5, 'step 3');
  });

  test(`${kind}: decreases a convex quadratic`, () => {
    // f(p) = ½ Σ a_i (p_i − c_i)², ∇f = a ⊙ (p − c); lr chosen per rule's scale.
    const a = [1, 3, 0.5, 5];
    const c = [1, -2, 0.5, 3];
    const p = param([0, 0, 0, 0]);
    const f = () => a.reduce((s, ai, i) => s + 0.5 * ai * (p.data[i] - c[i]) ** 2, 0);
    const lr = { sgd: 0.1, momentum: 0.05, adam: 0.05, adagrad: 0.5, rmsprop: 0.01 }[kind];
    const opt = createOptimizer(kind, lr, [p]);
    const f0 = f();
    for (let s = 0; s < 300; s++) {
      for (let i = 0; i < a.length; i++) p.grad[i] = a[i] * (p.data[i] - c[i]);
      opt.step();
    }
    assert.ok(f() < 0.01 * f0, `f went from ${f0} to ${f()}`);
  });

  test(`${kind}: exported state resumes exactly`, () => {
    const a = param(P0);
    const opt = createOptimizer(kind, 0.1, [a]);
    for (const g of GRADS.slice(0, 2)) {
      a.grad.set(g);
      opt.step();
    }
    const saved = opt.state();
    const b = param([...a.data]);
    const resumed = createOptimizer(kind, 0.5, [b]);
    resumed.loadState(saved);
    assert.equal(resumed.learningRate, 0.1);
    assert.equal(resumed.stepCount, 2);
    a.grad.set(GRADS[2]);
    b.grad.set(GRADS[2]);
    opt.step();
    resumed.step();
    assert.deepEqual([...b.data], [...a.data]);
    close(a.data, EXPECTED[kind][2], 1e-14, 'resumed');
    // The export is a snapshot: stepping afterwards doesn't change it.
    assert.equal(saved.step, 2);
  });
}

test('state buffers are named after PyTorch state keys', () => {
  const p: Param = { name: 'head.bias', shape: [2], data: new Float32Array(2), grad: new Float32Array(2) };
  const names = (k: OptimizerKind) =>
    createOptimizer(k, 0.1, [p])
      .state()
      .buffers.map((b) => b.name);
  assert.deepEqual(names('sgd'), []);
  assert.deepEqual(names('momentum'), ['head.bias.momentum_buffer']);
  assert.deepEqual(names('adam'), ['head.bias.exp_avg', 'head.bias.exp_avg_sq']);
  assert.deepEqual(names('adagrad'), ['head.bias.sum']);
  assert.deepEqual(names('rmsprop'), ['head.bias.square_avg']);
  const b = createOptimizer('adam', 0.1, [p]).state().buffers[0];
  assert.ok(b.data instanceof Float32Array, 'buffers keep the param dtype');
  assert.deepEqual(b.shape, [2]);
});

test('loadState rejects a mismatched state and leaves the optimizer untouched', () => {
  const p = param(P0);
  const adam = createOptimizer('adam', 0.1, [p]);
  assert.throws(() => adam.loadState(createOptimizer('rmsprop', 0.1, [p]).state()), /rmsprop/);
  const other = createOptimizer('adam', 0.1, [{ ...param([1, 2, 3]), name: 'w' }]).state();
  other.step = 7;
  assert.throws(() => adam.loadState(other), /values/);
  assert.equal(adam.stepCount, 0);
});

test('setLearningRate applies from the next step', () => {
  const p = param([1]);
  const opt = createOptimizer('sgd', 0.1, [p]);
  p.grad[0] = 1;
  opt.step();
  opt.setLearningRate(0.01);
  opt.step();
  close(p.data, [1 - 0.1 - 0.01], 1e-15, 'p');
  assert.equal(opt.learningRate, 0.01);
  assert.throws(() => opt.setLearningRate(NaN));
});

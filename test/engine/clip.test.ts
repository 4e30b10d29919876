import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allFinite, clipGradients, gradNorm } from '../../src/engine/clip';
import type { Param } from '../../src/engine/param';

function withGrad(name: string, grad: number[], f64 = true): Param {
  const n = grad.length;
  return {
    name,
    shape: [n],
    data: f64 ? new Float64Array(n) : new Float32Array(n),
    grad: f64 ? Float64Array.from(grad) : Float32Array.from(grad),
  };
}

// Two tensors whose grads together are the vector (3, 4, 12): global norm 13.
const make = (f64 = true) => [withGrad('a', [3, 4], f64), withGrad('b', [12], f64)];

test('no clipping: returns the global L2 norm and leaves grads alone', () => {
  const ps = make();
  assert.deepEqual(clipGradients(ps, undefined), { norm: 13, clipped: false });
  assert.deepEqual([...ps[0].grad, ...ps[1].grad], [3, 4, 12]);
});

test('norm clipping scales by max_norm / (norm + 1e-6), and reports the pre-clip norm', () => {
  const ps = make();
  assert.deepEqual(clipGradients(ps, { norm: 1 }), { norm: 13, clipped: true });
  const coef = 1 / (13 + 1e-6);
  assert.deepEqual([...ps[0].grad, ...ps[1].grad], [3 * coef, 4 * coef, 12 * coef]);
  assert.ok(Math.abs(gradNorm(ps) - 1) < 1e-6);
});

test('norm clipping below the threshold changes nothing', () => {
  const ps = make();
  assert.deepEqual(clipGradients(ps, { norm: 13.5 }), { norm: 13, clipped: false });
  assert.deepEqual([...ps[0].grad, ...ps[1].grad], [3, 4, 12]);
});

test('norm clipping works on float32 grads', () => {
  const ps = make(false);
  const r = clipGradients(ps, { norm: 6.5 });
  assert.equal(r.norm, 13);
  assert.ok(r.clipped);
  assert.ok(Math.abs(ps[1].grad[0] - 6) < 1e-5);
});

test('value clipping clamps each element to [-v, v]', () => {
  const ps = [withGrad('a', [0.5, -3, 2]), withGrad('b', [-0.25])];
  const r = clipGradients(ps, { value: 1 });
  assert.equal(r.clipped, true);
  assert.equal(r.norm, Math.sqrt(0.25 + 9 + 4 + 0.0625));
  assert.deepEqual([...ps[0].grad, ...ps[1].grad], [0.5, -1, 1, -0.25]);
});

test('value clipping with every element inside reports clipped = false', () => {
  const ps = [withGrad('a', [0.5, -1, 1])];
  assert.equal(clipGradients(ps, { value: 1 }).clipped, false);
  assert.deepEqual([...ps[0].grad], [0.5, -1, 1]);
});

test('non-finite gradients: norm is NaN/Infinity, norm clipping leaves grads alone', () => {
  const inf = [withGrad('a', [1, Infinity])];
  assert.deepEqual(clipGradients(inf, { norm: 1 }), { norm: Infinity, clipped: false });
  assert.deepEqual([...inf[0].grad], [1, Infinity]);
  const nan = [withGrad('a', [1, NaN])];
  assert.ok(Number.isNaN(clipGradients(nan, { norm: 1 }).norm));
  // Like clip_grad_value_, value clipping clamps infinities.
  const v = [withGrad('a', [1, -Infinity])];
  assert.equal(clipGradients(v, { value: 0.5 }).clipped, true);
  assert.deepEqual([...v[0].grad], [0.5, -0.5]);
});

test('huge but finite float64 grads do not overflow the norm', () => {
  const ps = [withGrad('a', [3e200, 4e200])];
  const r = clipGradients(ps, { norm: 1 });
  assert.ok(Math.abs(r.norm / 5e200 - 1) < 1e-15);
  assert.ok(Math.abs(gradNorm(ps) - 1) < 1e-6);
});

test('allFinite detects NaN and ±Infinity anywhere', () => {
  assert.equal(allFinite(make()), true);
  assert.equal(allFinite([]), true);
  assert.equal(allFinite([...make(), withGrad('c', [0, NaN])]), false);
  assert.equal(allFinite([withGrad('c', [-Infinity], false)]), false);
  assert.equal(allFinite([withGrad('c', [Infinity])]), false);
});

test('bad clip settings throw', () => {
  assert.throws(() => clipGradients(make(), { norm: 0 }));
  assert.throws(() => clipGradients(make(), { value: -1 }));
});

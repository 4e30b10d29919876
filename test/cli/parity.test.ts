// PyTorch parity through the real `grads` command: every fixture, float64 to 1e-9 and float32 to 1e-4,
// relative to each tensor's largest |value|.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { rnnLab, workspace } from './cli-helpers';

const FIXTURES = path.resolve(__dirname, '../fixtures/parity');
const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

function relErr(got: number[], want: number[]): number {
  assert.equal(got.length, want.length, 'length');
  const scale = Math.max(1e-12, ...want.map(Math.abs));
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / scale);
  return worst;
}

test('there are parity cases for every cell', () => {
  assert.ok(cases.length >= 11);
  for (const cell of ['rnn', 'lstm', 'gru', 'transformer'])
    assert.ok(
      cases.some((c) => c.startsWith(`${cell}-`)),
      cell,
    );
});

for (const dtype of ['float64', 'float32'] as const) {
  const tol = dtype === 'float64' ? 1e-9 : 1e-4;
  for (const name of cases) {
    test(`grads matches PyTorch: ${name} (${dtype})`, () => {
      const dir = path.join(FIXTURES, name);
      const r = rnnLab(['grads', 'spec.rnn.json', '--weights', 'weights.safetensors', '--batch', 'batch.json', '--dtype', dtype], dir);
      assert.equal(r.code, 0, r.stderr);
      const got = JSON.parse(r.stdout);
      const want = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
      const errs: Record<string, number> = { loss: relErr([got.loss], [want.loss]), outputs: relErr(got.outputs.flat(Infinity), want.outputs.flat(Infinity)) };
      assert.deepEqual(Object.keys(got.grads).sort(), Object.keys(want.grads).sort());
      for (const k of Object.keys(want.grads)) errs[k] = relErr(got.grads[k], want.grads[k].flat(Infinity));
      for (const [k, e] of Object.entries(errs)) assert.ok(e <= tol, `${name} ${k}: relative error ${e} > ${tol}`);
    });
  }
}

test("grads: a transformer takes heads from the spec, and heads that do not divide the weights' width is an error naming the tensor", () => {
  const src = path.join(FIXTURES, 'transformer-2layer-last-ce');
  const spec = JSON.parse(readFileSync(path.join(src, 'spec.rnn.json'), 'utf8'));
  const files = (heads: number, hiddenSize: number) => ({
    'spec.rnn.json': JSON.stringify({ ...spec, model: { ...spec.model, heads, hiddenSize } }),
    'batch.json': readFileSync(path.join(src, 'batch.json'), 'utf8'),
  });
  const run = (dir: string) => {
    const weights = path.join(src, 'weights.safetensors');
    return rnnLab(['grads', 'spec.rnn.json', '--weights', weights, '--batch', 'batch.json'], dir);
  };
  // 5 heads (a valid spec for hiddenSize 10) cannot split the weights' width 12
  const bad = run(workspace(files(5, 10)));
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /5 heads do not divide the width 12 of 'position\.weight'/);
  assert.doesNotMatch(bad.stderr, /internal error/);
  // 4 heads of 3 (hiddenSize from the spec is ignored): a valid model, but not the fixture's 3 heads of 4
  const other = run(workspace(files(4, 12)));
  assert.equal(other.code, 0, other.stderr);
  const want = JSON.parse(readFileSync(path.join(src, 'expected.json'), 'utf8'));
  assert.ok(Math.abs(JSON.parse(other.stdout).loss - want.loss) > 1e-6, 'heads must change the model');
});

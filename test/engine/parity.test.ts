// PyTorch parity of the engine itself (computeGrads, no CLI): every fixture's loss, head outputs
// and gradients, to 1e-9 (float64) and 1e-4 (float32) relative to each tensor's largest |value|.
// test/fixtures/parity is the shared set (copied from the lead's fixtures); parity-extra adds the
// `both` residual, a GRU with the time residual, and larger weights (see its README).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { computeGrads } from '../../src/engine/grads';
import { readSafetensors } from '../../src/engine/safetensors';
import { setKernelPreference } from '../../src/engine/wasm/heap';
import { relErr } from './engine-helpers';

const ROOT = path.resolve(__dirname, '../fixtures');
const folders = ['parity', 'parity-extra'];

interface Expected {
  loss: number;
  outputs: unknown[];
  grads: Record<string, number[]>;
}

const worst = { float64: 0, float32: 0 };

for (const folder of folders) {
  const dir = path.join(ROOT, folder);
  const cases = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  test(`${folder}: has cases`, () => assert.ok(cases.length >= 5, `${cases.length} cases in ${dir}`));
  for (const name of cases) {
    const read = (f: string) => readFileSync(path.join(dir, name, f));
    const spec = JSON.parse(read('spec.rnn.json').toString('utf8'));
    const batch = JSON.parse(read('batch.json').toString('utf8'));
    const want = JSON.parse(read('expected.json').toString('utf8')) as Expected;
    const weights = readSafetensors(new Uint8Array(read('weights.safetensors')));
    // float32 runs on the WebAssembly SIMD kernels where available, and on the JS kernels too
    for (const [dtype, kernels] of [
      ['float64', 'js'],
      ['float32', 'auto'],
      ['float32', 'js'],
    ] as const) {
      const tol = dtype === 'float64' ? 1e-9 : 1e-4;
      test(`${folder}/${name} matches PyTorch (${dtype}${dtype === 'float32' ? `, ${kernels === 'js' ? 'JS' : 'wasm'} kernels` : ''})`, () => {
        setKernelPreference(kernels);
        let got;
        try {
          got = computeGrads(spec.model, weights, batch, dtype);
        } finally {
          setKernelPreference('auto');
        }
        const errs: Record<string, number> = {
          loss: relErr([got.loss], [want.loss]),
          outputs: relErr(got.outputs, (want.outputs as number[]).flat(Infinity) as number[]),
        };
        assert.deepEqual(Object.keys(got.grads).sort(), Object.keys(want.grads).sort());
        for (const k of Object.keys(want.grads)) errs[k] = relErr(got.grads[k], want.grads[k]);
        for (const [k, e] of Object.entries(errs)) {
          worst[dtype] = Math.max(worst[dtype], e);
          assert.ok(e <= tol, `${name} ${k}: relative error ${e} > ${tol}`);
        }
      });
    }
  }
}

test('parity: largest errors seen', () => {
  // Not an assertion beyond the per-case ones: the numbers for the record (visible with --test-reporter=spec).
  console.log(`parity max relative error: float64 ${worst.float64.toExponential(2)}, float32 ${worst.float32.toExponential(2)}`);
  assert.ok(worst.float64 <= 1e-9 && worst.float32 <= 1e-4);
});

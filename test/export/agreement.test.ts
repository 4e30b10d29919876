// (b) RNN Lab and the export train the same model on the same batches: from one spec and seed, both
// start from the same initial weights (train.py draws them with RNN Lab's generator, and --steps 0
// checkpoints must be byte-identical) and read the same batches (data.py ports the tasks and the
// generator), so their losses agree step by step for 50 steps, within float32 rounding.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readSafetensors } from '../../src/engine/safetensors';
import { createTask } from '../../src/tasks';
import { loadSpec } from '../../src/node/load-spec';
import { Trainer } from '../../src/train/trainer';
import { rnnLab } from '../cli/cli-helpers';
import { jsonEvents, needTorch, python, workspaceWith } from './export-helpers';

const STEPS = 50;
const TOLERANCE = 1e-4; // relative, float32

/** Five small models covering the cells, the Transformer, residual across time, embeddings, every optimizer and both clips. */
const SPECS: Record<string, object> = {
  // an LSTM on copy, with truncated BPTT inside the sequences (bptt 4 of T = 9)
  'lstm-copy': {
    name: 'lstm-copy',
    task: { kind: 'copy', symbols: 4, length: 4 },
    model: { cell: 'lstm', hiddenSize: 16 },
    training: { optimizer: 'adam', learningRate: 0.01, batchSize: 8, bptt: 4, steps: STEPS, clip: { norm: 1 }, seed: 3, evalEvery: 25 },
  },
  // a GRU with residual across time, two layers (the summed state grows without bound over a long
  // stream, so a short fixed-length task; a chaotic setting would turn float32 rounding into O(1)
  // differences within 50 steps: in float64 the two agree to 1e-15 at first, whatever the setting)
  'gru-time-residual': {
    name: 'gru-time-residual',
    task: { kind: 'copy', symbols: 3, length: 3 },
    model: { cell: 'gru', hiddenSize: 8, layers: 2, residual: 'time' },
    training: { optimizer: 'momentum', learningRate: 0.005, batchSize: 8, steps: STEPS, clip: { value: 0.5 }, seed: 5, evalEvery: 25 },
  },
  // an embedding model: a tanh RNN over word embeddings, classifying padded sequences at their last step
  'rnn-embedding': {
    name: 'rnn-embedding',
    task: { kind: 'classify', file: 'examples/data/reviews.jsonl', split: 'words', validation: 0.2 },
    model: { cell: 'rnn', hiddenSize: 12, embedding: 6, residual: 'layers', layers: 2 },
    training: { optimizer: 'rmsprop', learningRate: 0.005, batchSize: 8, steps: STEPS, clip: { norm: 2 }, seed: 7, evalEvery: 25 },
  },
  // the Transformer, from the same initial draws (train.py ports RNN Lab's initialisation)
  'transformer-copy': {
    name: 'transformer-copy',
    task: { kind: 'copy', symbols: 4, length: 4 },
    model: { cell: 'transformer', hiddenSize: 16, layers: 2, heads: 2 },
    training: { optimizer: 'adam', learningRate: 0.005, batchSize: 8, steps: STEPS, clip: { norm: 1 }, seed: 11, evalEvery: 25 },
  },
  // sgd and adagrad on a regression stream
  'rnn-relu-series': {
    name: 'rnn-relu-series',
    task: { kind: 'series', file: 'examples/data/weather.csv', columns: ['temperature', 'humidity'] },
    model: { cell: 'rnn', activation: 'relu', hiddenSize: 8, init: 'xavier' },
    training: { optimizer: 'adagrad', learningRate: 0.01, batchSize: 4, bptt: 16, steps: STEPS, seed: 9, evalEvery: 25 },
  },
};

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));

test(`RNN Lab and the export agree step by step for ${STEPS} steps`, (t) => {
  if (!needTorch(t)) return;
  const ws = workspaceWith(['examples/data/reviews.jsonl', 'examples/data/weather.csv']);
  const summary: string[] = [];
  for (const [name, spec] of Object.entries(SPECS)) {
    const specFile = path.join(ws, `${name}.rnn.json`);
    writeFileSync(specFile, JSON.stringify(spec, null, 2));
    const out = path.join(ws, `export-${name}`);
    const ex = rnnLab(['export', specFile, '--out', out], ws);
    assert.equal(ex.code, 0, ex.stderr);

    // the same initial weights, bit for bit, RNN Lab's Trainer against train.py's step-0 checkpoint
    // (for the first model; for the others the first step's equal loss says as much)
    if (name === 'lstm-copy') checkInitialWeights(name, specFile, out, ws);

    const lab = jsonEvents(rnnLab(['train', specFile, '--json'], ws).stdout);
    const py = jsonEvents(python([path.join(out, 'train.py'), '--json'], ws).stdout);
    const losses = (ev: Array<Record<string, any>>, type: string, key: string) => ev.filter((e) => e.type === type).map((e) => e[key] as number);
    const labLoss = losses(lab, 'progress', 'loss');
    const pyLoss = losses(py, 'progress', 'loss');
    assert.equal(labLoss.length, STEPS, `${name}: RNN Lab ran ${labLoss.length} steps`);
    assert.equal(pyLoss.length, STEPS, `${name}: the export ran ${pyLoss.length} steps`);
    let worst = 0;
    labLoss.forEach((l, i) => {
      const e = rel(pyLoss[i], l);
      worst = Math.max(worst, e);
      assert.ok(e <= TOLERANCE, `${name} step ${i + 1}: RNN Lab ${l}, PyTorch ${pyLoss[i]} (relative ${e})`);
    });
    const labVal = losses(lab, 'eval', 'valLoss');
    const pyVal = losses(py, 'eval', 'valLoss');
    assert.equal(pyVal.length, labVal.length);
    labVal.forEach((v, i) => assert.ok(rel(pyVal[i], v) <= TOLERANCE, `${name} eval ${i}: ${v} vs ${pyVal[i]}`));
    summary.push(`${name}: largest relative loss difference ${worst.toExponential(2)} (first ${labLoss[0].toFixed(4)}, last ${labLoss[STEPS - 1].toFixed(4)})`);
  }
  for (const s of summary) t.diagnostic(s);
});

function checkInitialWeights(name: string, specFile: string, out: string, ws: string): void {
  const { spec: parsed } = loadSpec(specFile);
  const trainer = new Trainer(parsed, createTask(parsed, ws, { readText: (p) => readFileSync(p, 'utf8') }));
  const py0 = python([path.join(out, 'train.py'), '--steps', '0', '--json'], ws);
  assert.equal(py0.status, 0, py0.stderr);
  const pyWeights = readSafetensors(new Uint8Array(readFileSync(path.join(jsonEvents(py0.stdout)[0].folder, 'weights.safetensors'))));
  assert.deepEqual(
    [...pyWeights.keys()],
    trainer.model.params.map((p) => p.name),
    `${name}: weight names`,
  );
  for (const p of trainer.model.params) {
    assert.deepEqual(Array.from(pyWeights.get(p.name)!.data), Array.from(p.data), `${name}: initial ${p.name} differs`);
  }
}

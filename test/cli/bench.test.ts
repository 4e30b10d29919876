// `rnn-lab bench` on a real spec: the JSON it prints, the split, and the thread count it reports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rnnLab, workspace } from './cli-helpers';

const TEXT = Array.from({ length: 200 }, (_, i) => `a quick brown fox ${i % 5} jumps.\n`).join('');
const SPEC = JSON.stringify({
  name: 'bench-me',
  task: { kind: 'char-lm', file: 'text.txt' },
  model: { cell: 'gru', hiddenSize: 32, layers: 1 },
  training: { optimizer: 'adam', learningRate: 0.01, batchSize: 16, steps: 1000, bptt: 20, seed: 1 },
});

function bench(args: string[], env: Record<string, string> = {}) {
  const ws = workspace({ 'b.rnn.json': SPEC, 'text.txt': TEXT });
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return rnnLab(['bench', 'b.rnn.json', '--steps', '4', '--warmup', '1', ...args], ws);
  } finally {
    process.env = saved;
  }
}

test('bench --json prints throughput, the split of a step and the threads used', () => {
  const r = bench(['--json', '--threads', '2']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.steps, 4);
  assert.equal(j.tokensPerStep, 16 * 20);
  assert.ok(j.msPerStep > 0 && Number.isFinite(j.msPerStep));
  assert.ok(Math.abs(j.tokensPerSec - (j.tokensPerStep * 1000) / j.msPerStep) < 1e-6 * j.tokensPerSec);
  const parts = ['inputProjection', 'recurrence', 'headLoss', 'backward', 'optimizer'];
  assert.deepEqual(Object.keys(j.split).sort(), [...parts].sort());
  const sum = parts.reduce((s, k) => s + j.split[k], 0);
  assert.ok(Math.abs(sum - 1) < 1e-9, `split fractions sum to ${sum}`);
  assert.ok(j.split.recurrence > 0 && j.split.backward > 0);
  assert.ok(j.parallelFraction > 0 && j.parallelFraction < 1);
  assert.equal(j.kernels, 'wasm');
  assert.equal(j.threads, 2);
  assert.ok(j.peakRssMB > 0);
});

test('bench takes its thread count from --threads, then RNN_LAB_THREADS', () => {
  assert.equal(JSON.parse(bench(['--json', '--threads', '1']).stdout).threads, 1);
  assert.equal(JSON.parse(bench(['--json'], { RNN_LAB_THREADS: '3' }).stdout).threads, 3);
  assert.equal(JSON.parse(bench(['--json', '--threads', '2'], { RNN_LAB_THREADS: '3' }).stdout).threads, 2);
  const bad = bench(['--threads', '0']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--threads/);
});

test('bench without --json prints a readable report', () => {
  const r = bench(['--threads', '1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /bench-me: gru-32 ×1, batch 16, 320 tokens\/step/);
  assert.match(r.stdout, /tokens\/s, [\d.]+ ms\/step \(median of 4\)/);
  assert.match(r.stdout, /float32, kernels WebAssembly SIMD, 1 thread\n/);
  assert.match(r.stdout, /recurrence \(sequential\)\s+[\d.]+%/);
  // in Chinese, with the parts named as in the panel's Parallelism tab
  const zh = bench(['--threads', '1', '--lang', 'zh-cn']);
  assert.equal(zh.code, 0, zh.stderr);
  assert.match(zh.stdout, /bench-me：gru-32 ×1，批大小 16，每步 320 个词元/);
  assert.match(zh.stdout, /循环（顺序）\s+[\d.]+%/);
});

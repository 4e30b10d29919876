// `rnn-lab train` on real files: a complete run folder, JSON events, determinism, stop and kill.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { jsonLines, rnnLab, rnnLabAsync, workspace } from './cli-helpers';

const TEXT = Array.from({ length: 300 }, (_, i) => `the cat sat on mat ${i % 7}. a dog ran far.\n`).join('');

const charSpec = (over: Record<string, unknown> = {}) =>
  JSON.stringify(
    {
      name: 'tiny-char',
      task: { kind: 'char-lm', file: 'data/text.txt' },
      model: { cell: 'lstm', hiddenSize: 24, layers: 1 },
      training: { optimizer: 'adam', learningRate: 0.01, batchSize: 8, steps: 60, bptt: 16, seed: 3, evalEvery: 20, ...over },
    },
    null,
    2,
  );

function runFolder(ws: string): string {
  const runs = path.join(ws, '.rnn-lab', 'runs');
  const ids = readdirSync(runs);
  assert.equal(ids.length, 1, `expected one run in ${runs}`);
  return path.join(runs, ids[0]);
}

test('train --json writes a complete run and prints its events', () => {
  const ws = workspace({ 'tiny.rnn.json': charSpec(), 'data/text.txt': TEXT });
  const r = rnnLab(['train', 'tiny.rnn.json', '--json'], ws);
  assert.equal(r.code, 0, r.stderr);
  const events = jsonLines(r.stdout);
  assert.equal(events[0].type, 'started');
  assert.ok(events[0].parameterCount > 0);
  assert.equal(events[0].kernels, 'wasm', 'float32 trains on the WebAssembly SIMD kernels');
  assert.ok(Number.isInteger(events[0].threads) && events[0].threads >= 1);
  const last = events.at(-1)!;
  assert.equal(last.type, 'finished');
  assert.equal(last.status, 'completed');
  const progress = events.filter((e) => e.type === 'progress');
  assert.equal(progress.length, 60);
  for (const p of progress) for (const k of ['step', 'loss', 'gradNorm', 'clipped', 'tokensPerSec']) assert.ok(k in p, `progress has ${k}`);
  const evals = events.filter((e) => e.type === 'eval');
  assert.deepEqual(
    evals.map((e) => e.step),
    [0, 20, 40, 60],
  );
  assert.ok(evals.at(-1)!.valLoss < evals[0].valLoss, 'validation loss falls');
  assert.ok(events.some((e) => e.type === 'probe' && e.layers.length === 1 && e.layers[0].gradNorm.length > 0));

  const folder = runFolder(ws);
  for (const f of ['run.json', 'spec.rnn.json', 'metrics.jsonl', 'weights.safetensors', 'vocab.json', 'probe.json', 'probes.jsonl', 'resume.safetensors']) {
    assert.ok(existsSync(path.join(folder, f)), `${f} exists`);
  }
  const run = JSON.parse(readFileSync(path.join(folder, 'run.json'), 'utf8'));
  assert.equal(run.status, 'completed');
  assert.equal(run.summary.steps, 60);
  // metrics.jsonl holds every event but the probes, which go to probes.jsonl
  assert.equal(jsonLines(readFileSync(path.join(folder, 'metrics.jsonl'), 'utf8')).length, events.filter((e) => e.type !== 'probe').length);
  assert.equal(jsonLines(readFileSync(path.join(folder, 'probes.jsonl'), 'utf8')).length, events.filter((e) => e.type === 'probe').length);

  const list = JSON.parse(rnnLab(['runs', '--json'], ws).stdout);
  assert.equal(list.length, 1);
  for (const k of ['id', 'name', 'status', 'createdAt', 'bestValLoss']) assert.ok(k in list[0], `runs --json has ${k}`);
  assert.equal(list[0].bestValLoss, Math.min(...evals.map((e) => e.valLoss)));

  const s = rnnLab(['sample', list[0].id, '--length', '40', '--prime', 'the '], ws);
  assert.equal(s.code, 0, s.stderr);
  assert.ok(s.stdout.startsWith('the '));
  assert.ok(s.stdout.length >= 40);
});

test('same spec and seed give the same run, step for step, on one thread or two', () => {
  const ws = workspace({ 'a.rnn.json': charSpec({ steps: 25 }), 'data/text.txt': TEXT });
  const losses = (threads: string) =>
    jsonLines(rnnLab(['train', 'a.rnn.json', '--json', '--threads', threads], ws).stdout)
      .filter((e) => e.type === 'progress' || e.type === 'eval')
      .map((e) => e.loss ?? e.valLoss);
  const a = losses('1');
  const b = losses('2');
  assert.equal(a.length, 25 + 3);
  assert.deepEqual(a, b);
  const ws2 = workspace({ 'a.rnn.json': charSpec({ steps: 25, seed: 4 }), 'data/text.txt': TEXT });
  const c = jsonLines(rnnLab(['train', 'a.rnn.json', '--json', '--threads', '1'], ws2).stdout)
    .filter((e) => e.type === 'progress')
    .map((e) => e.loss);
  assert.notDeepEqual(a.slice(0, 25), c);
});

test('a diverging run stops as diverged with a remedy and keeps a checkpoint', () => {
  const ws = workspace({
    'boom.rnn.json': JSON.stringify({
      name: 'boom',
      task: { kind: 'adding', length: 8 },
      model: { cell: 'rnn', activation: 'relu', hiddenSize: 16, init: 'identity' },
      training: { optimizer: 'sgd', learningRate: 1e6, batchSize: 4, steps: 200, seed: 1, evalEvery: 1000 },
    }),
  });
  const r = rnnLab(['train', 'boom.rnn.json', '--threads', '2'], ws);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^run \S+: \d+ parameters, 200 steps, kernels WebAssembly SIMD, 2 threads\n/);
  assert.match(r.stderr, /diverged at step \d+/);
  assert.match(r.stderr, /clip|learningRate/);
  const folder = runFolder(ws);
  const run = JSON.parse(readFileSync(path.join(folder, 'run.json'), 'utf8'));
  assert.equal(run.status, 'diverged');
  // The value that showed it survives JSON (a NaN or infinity would be written as null): the panel renders it from here.
  const d = run.summary.divergence;
  if (d.cause !== 'loss-grew') assert.match(d.value, /^(NaN|-?Infinity)$/);
  assert.ok(existsSync(path.join(folder, 'weights.safetensors')));
});

function waitForLine(child: ReturnType<typeof rnnLabAsync>, pred: (e: Record<string, any>) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      if (lines.some((l) => l && pred(JSON.parse(l)))) resolve();
    });
    child.on('exit', () => reject(new Error('exited before the expected event')));
  });
}

test('Ctrl-C stops cleanly and records the run as stopped with a checkpoint', async () => {
  const ws = workspace({ 'long.rnn.json': charSpec({ steps: 100000, evalEvery: 10 }), 'data/text.txt': TEXT });
  const child = rnnLabAsync(['train', 'long.rnn.json', '--json'], ws);
  await waitForLine(child, (e) => e.type === 'progress' && e.step >= 15);
  child.kill('SIGINT');
  const code = await new Promise((r) => child.on('exit', r));
  assert.equal(code, 0);
  const folder = runFolder(ws);
  const run = JSON.parse(readFileSync(path.join(folder, 'run.json'), 'utf8'));
  assert.equal(run.status, 'stopped');
  assert.ok(run.summary.steps >= 15);
  assert.ok(existsSync(path.join(folder, 'weights.safetensors')));
});

test('a killed run reads back as interrupted, never as a corrupt folder', async () => {
  const ws = workspace({ 'long.rnn.json': charSpec({ steps: 100000, evalEvery: 5 }), 'data/text.txt': TEXT });
  const child = rnnLabAsync(['train', 'long.rnn.json', '--json'], ws);
  await waitForLine(child, (e) => e.type === 'eval' && e.step >= 5);
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  const list = JSON.parse(rnnLab(['runs', '--json'], ws).stdout);
  assert.equal(list.length, 1);
  assert.equal(list[0].status, 'interrupted');
  // a half-written last line of metrics must not break reading
  const folder = runFolder(ws);
  writeFileSync(path.join(folder, 'metrics.jsonl'), readFileSync(path.join(folder, 'metrics.jsonl'), 'utf8') + '{"type":"progr');
  const again = rnnLab(['runs', '--json'], ws);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout)[0].status, 'interrupted');
});

test('a damaged checkpoint is named, not an internal error: resume and sample say which file of which run', () => {
  const ws = workspace({ 'a.rnn.json': charSpec({ steps: 20, evalEvery: 10 }), 'data/text.txt': TEXT });
  assert.equal(rnnLab(['train', 'a.rnn.json', '--threads', '1'], ws).code, 0);
  const folder = runFolder(ws);
  const id = path.basename(folder);
  const weights = readFileSync(path.join(folder, 'weights.safetensors'));
  writeFileSync(path.join(folder, 'resume.safetensors'), 'garbage'); // cut short
  const resume = rnnLab(['resume', id, '--steps', '40', '--threads', '1'], ws);
  assert.equal(resume.code, 1);
  assert.match(resume.stderr, new RegExp(`run ${id}: its resume\\.safetensors cannot be read \\(not a valid safetensors file`));
  assert.doesNotMatch(resume.stderr, /internal error|\n\s+at /);
  assert.match(rnnLab(['resume', id, '--steps', '40', '--lang', 'zh-cn'], ws).stderr, /无法读取其 resume\.safetensors/);

  writeFileSync(path.join(folder, 'vocab.json'), '{"kind": "char-lm", "vo');
  const sample = rnnLab(['sample', id], ws);
  assert.equal(sample.code, 1);
  assert.match(sample.stderr, /its vocab\.json cannot be read/);
  assert.doesNotMatch(sample.stderr, /internal error|\n\s+at /);
  assert.deepEqual(readFileSync(path.join(folder, 'weights.safetensors')), weights, 'the weights are left as they were');
});

// (d) Every bundled example exports and trains a few steps with plain python3, and its first losses
// and probe are RNN Lab's (same vocabulary, splits, windows, batches and initial weights for all six task
// kinds). Also: what cannot be exported fails with a clear message (exit 1) and writes no script.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { rnnLab } from '../cli/cli-helpers';
import { jsonEvents, needTorch, python, readJson, REPO, workspaceWith } from './export-helpers';

const STEPS = 3;
const examples = readdirSync(path.join(REPO, 'examples')).filter((f) => f.endsWith('.rnn.json'));
const dataFiles = readdirSync(path.join(REPO, 'examples/data')).map((f) => `examples/data/${f}`);

test('every example exports, trains with python3 and starts as RNN Lab does', (t) => {
  if (!needTorch(t)) return;
  assert.ok(examples.length >= 6);
  const ws = workspaceWith([...examples.map((e) => `examples/${e}`), ...dataFiles]);
  const kinds = new Set<string>();
  for (const example of examples) {
    const spec = path.join(ws, 'examples', example);
    const out = path.join(ws, 'exports', example.replace('.rnn.json', ''));
    const copy = example.startsWith('char-lm'); // one example with its data copied in
    const ex = rnnLab(['export', spec, '--out', out, ...(copy ? ['--copy-data'] : [])], ws);
    assert.equal(ex.code, 0, ex.stderr);
    for (const f of ['model.py', 'data.py', 'train.py', 'spec.rnn.json', 'README.md']) assert.ok(existsSync(path.join(out, f)), `${example}: ${f}`);
    const exported = readJson(path.join(out, 'spec.rnn.json'));
    kinds.add(exported.task.kind);
    if (copy) assert.ok(existsSync(path.join(out, exported.task.file)), 'the data file was copied in');
    const readme = readFileSync(path.join(out, 'README.md'), 'utf8');
    assert.match(readme, /torchrun --standalone --nproc_per_node=2 train\.py/);
    assert.match(readme, /torchrun --redirects 1 --tee 1 --standalone/);

    // from another working directory, no arguments but the step count
    const py = python([path.join(out, 'train.py'), '--steps', String(STEPS), '--json'], path.join(REPO, 'test'));
    assert.equal(py.status, 0, `${example}: ${py.stderr}`);
    const lab = rnnLab(['train', spec, '--steps', String(STEPS), '--json'], ws);
    assert.equal(lab.code, 0, lab.stderr);
    const pick = (text: string) =>
      jsonEvents(text)
        .filter((e) => e.type === 'progress' || e.type === 'eval')
        .map((e) => e.loss ?? e.valLoss);
    const [a, b] = [pick(lab.stdout), pick(py.stdout)];
    assert.equal(b.length, a.length, example);
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= 1e-4 * Math.abs(v), `${example} event ${i}: RNN Lab ${v}, PyTorch ${b[i]}`));
    // the probe: same sequence, same labels, same hidden states, gates and gradient through time
    const probeOf = (text: string) => jsonEvents(text).find((e) => e.type === 'probe')!;
    const [pa, pb] = [probeOf(lab.stdout), probeOf(py.stdout)];
    assert.deepEqual(pb.stepLabels, pa.stepLabels, `${example}: probe labels`);
    assert.equal(pb.layers.length, pa.layers.length);
    pa.layers.forEach((layer: any, k: number) => {
      const close = (x: number[][], y: number[][], what: string) =>
        x.forEach((row, t) => row.forEach((v, j) => assert.ok(Math.abs(v - y[t][j]) <= 1e-5, `${example} layer ${k} ${what}[${t}][${j}]: ${v} vs ${y[t][j]}`)));
      close(layer.h, pb.layers[k].h, 'h');
      for (const g of Object.keys(layer.gates ?? {})) close(layer.gates[g], pb.layers[k].gates[g], g);
      layer.gradNorm.forEach((v: number, t: number) =>
        assert.ok(Math.abs(v - pb.layers[k].gradNorm[t]) <= 1e-4 * Math.abs(v) + 1e-9, `${example} gradNorm[${t}]`),
      );
    });
  }
  assert.deepEqual([...kinds].sort(), ['adding', 'char-lm', 'classify', 'copy', 'series', 'word-lm']);
  // the PyTorch runs are listed beside RNN Lab's
  const runs = JSON.parse(rnnLab(['runs', '--json'], ws).stdout);
  assert.equal(runs.filter((r: any) => r.trainedBy === 'pytorch' && r.status === 'completed').length, examples.length);
  assert.match(rnnLab(['runs'], ws).stdout, /completed \(PyTorch\)/);
});

test('export --from a run copies its weights, and train.py starts from them', (t) => {
  if (!needTorch(t)) return;
  const ws = workspaceWith(['examples/copy.rnn.json']);
  const spec = path.join(ws, 'examples/copy.rnn.json');
  assert.equal(rnnLab(['train', spec, '--steps', '2', '--json'], ws).code, 0);
  const out = path.join(ws, 'from-run');
  const ex = rnnLab(['export', spec, '--from', 'latest', '--out', out], ws);
  assert.equal(ex.code, 0, ex.stderr);
  assert.ok(existsSync(path.join(out, 'weights.safetensors')));
  const py = python([path.join(out, 'train.py'), '--steps', '1'], ws);
  assert.equal(py.status, 0, py.stderr);
  assert.match(py.stdout, /starting from .*weights\.safetensors/);
});

test('what cannot be exported gets a clear message and exit 1', () => {
  const ws = workspaceWith([]);
  const write = (name: string, spec: object) => {
    writeFileSync(path.join(ws, name), JSON.stringify(spec));
    return path.join(ws, name);
  };
  // a bad spec: every problem, nothing written
  const bad = write('bad.rnn.json', { name: 'bad', task: { kind: 'adding', length: 10 }, model: { cell: 'lstn' }, training: {} });
  let r = rnnLab(['export', bad, '--out', path.join(ws, 'out-bad')], ws);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cell/);
  assert.ok(!existsSync(path.join(ws, 'out-bad', 'train.py')));
  // a data file that is not there
  const missing = write('missing.rnn.json', { name: 'missing', task: { kind: 'char-lm', file: 'nope.txt' }, model: { cell: 'lstm' }, training: {} });
  r = rnnLab(['export', missing, '--out', path.join(ws, 'out-missing')], ws);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /nope\.txt/);
  assert.ok(!existsSync(path.join(ws, 'out-missing', 'train.py')));
  // weights of another model
  const good = write('good.rnn.json', { name: 'good', task: { kind: 'adding', length: 10 }, model: { cell: 'gru', hiddenSize: 4 }, training: { steps: 1 } });
  const other = write('other.rnn.json', {
    name: 'other',
    task: { kind: 'adding', length: 10 },
    model: { cell: 'lstm', hiddenSize: 4 },
    training: { steps: 1 },
  });
  assert.equal(rnnLab(['train', other, '--json'], ws).code, 0);
  r = rnnLab(['export', good, '--from', 'latest', '--out', path.join(ws, 'out-from')], ws);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /does not fit/);
  // a Transformer whose context is shorter than the task's sequences (RNN Lab cuts them; the export does not)
  const short = write('short.rnn.json', {
    name: 'short',
    task: { kind: 'copy', symbols: 4, length: 4 },
    model: { cell: 'transformer', hiddenSize: 8, heads: 2, context: 5 },
    training: {},
  });
  r = rnnLab(['export', short, '--out', path.join(ws, 'out-short')], ws);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /model\.context \(5\) is shorter than the task's window \(9 steps\)/);
  assert.ok(!existsSync(path.join(ws, 'out-short')));
  // no --out
  r = rnnLab(['export', good], ws);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--out/);
});

test('a Transformer spec exports and trains with python3, probe with attention weights included', (t) => {
  if (!needTorch(t)) return;
  const ws = workspaceWith([]);
  const spec = path.join(ws, 'tf.rnn.json');
  writeFileSync(
    spec,
    JSON.stringify({
      name: 'tf-copy',
      task: { kind: 'copy', symbols: 4, length: 3 },
      model: { cell: 'transformer', hiddenSize: 8, layers: 2, heads: 2 },
      training: { optimizer: 'adam', learningRate: 0.01, batchSize: 4, steps: 3, evalEvery: 3 },
    }),
  );
  const out = path.join(ws, 'pytorch');
  const ex = rnnLab(['export', spec, '--out', out], ws);
  assert.equal(ex.code, 0, ex.stderr);
  const py = python([path.join(out, 'train.py'), '--json'], ws);
  assert.equal(py.status, 0, py.stderr);
  const events = jsonEvents(py.stdout);
  assert.equal(events.at(-1)!.status, 'completed');
  const probe = events.find((e) => e.type === 'probe')!;
  assert.equal(probe.layers.length, 2);
  const T = 2 * 3 + 1;
  const attention: number[][][] = probe.layers[0].attention;
  assert.equal(attention.length, 2); // heads
  for (const head of attention) {
    head.forEach((row, q) => {
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5, 'each query attends with weights summing to 1');
      row.forEach((w, k) => k > q && assert.equal(w, 0, 'causal: nothing above the diagonal'));
    });
  }
  assert.equal(probe.layers[0].h.length, T);
  const weights = readJson(path.join(out, '..', '.rnn-lab', 'runs', readdirSync(path.join(ws, '.rnn-lab', 'runs'))[0], 'vocab.json'));
  assert.equal(weights.maxSteps, T);
});

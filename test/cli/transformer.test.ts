// The Transformer beside the RNN through the real CLI: every example's twin trains, the twin's size
// matches, bench --seq measures both families over lengths, sampling slides a window.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { jsonLines, rnnLab, workspace } from './cli-helpers';

const EXAMPLES = path.resolve(__dirname, '../../examples');
const KINDS = ['adding', 'char-lm', 'classify', 'copy', 'series', 'word-lm'];

/** The bundled examples in a fresh workspace (with .git, so runs land there). */
function examples(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-twins-'));
  mkdirSync(path.join(dir, '.git'));
  cpSync(EXAMPLES, dir, { recursive: true });
  return dir;
}

test('every example has a Transformer twin of about its size, and the twin trains', () => {
  const ws = examples();
  for (const kind of KINDS) {
    const made = rnnLab(['twin', `${kind}.rnn.json`, '--force'], ws);
    assert.equal(made.code, 0, made.stderr);
    const [, ours, theirs] = /([\d,]+) parameters \(the spec has ([\d,]+)\)/.exec(made.stdout)!.map((x) => x.replace(/,/g, ''));
    assert.ok(Math.abs(Number(ours) / Number(theirs) - 1) < 0.3, `${kind}: ${ours} vs ${theirs}`);
    const twin = JSON.parse(readFileSync(path.join(ws, `${kind}-transformer.rnn.json`), 'utf8'));
    assert.equal(twin.model.cell, 'transformer');
    assert.equal(twin.model.hiddenSize % twin.model.heads, 0);
    const r = rnnLab(['train', `${kind}-transformer.rnn.json`, '--steps', '4', '--json'], ws);
    assert.equal(r.code, 0, `${kind}: ${r.stderr}`);
    const events = jsonLines(r.stdout);
    assert.equal(events.at(-1)!.status, 'completed', kind);
    const probe = events.find((e) => e.type === 'probe')!;
    assert.ok(probe.layers[0].attention.length === twin.model.heads, `${kind}: a probe with attention per head`);
  }
  // and back: the twin of a Transformer is an LSTM
  const back = rnnLab(['twin', 'copy-transformer.rnn.json', '--out', 'copy-back.rnn.json'], ws);
  assert.equal(back.code, 0, back.stderr);
  assert.equal(JSON.parse(readFileSync(path.join(ws, 'copy-back.rnn.json'), 'utf8')).model.cell, 'lstm');
});

test('bench --seq --twin measures the spec and its twin at each length', () => {
  const ws = workspace({
    'a.rnn.json': JSON.stringify({ name: 'a-rnn', task: { kind: 'adding', length: 10 }, model: { cell: 'rnn', hiddenSize: 16 }, training: { batchSize: 4 } }),
  });
  const r = rnnLab(['bench', 'a.rnn.json', '--seq', '8,16', '--twin', '--seconds', '0.1', '--json'], ws);
  assert.equal(r.code, 0, r.stderr);
  const sweep = JSON.parse(r.stdout);
  assert.deepEqual(
    sweep.series.map((s: { cell: string }) => s.cell),
    ['rnn', 'transformer'],
  );
  for (const s of sweep.series) {
    assert.deepEqual(
      s.points.map((p: { T: number }) => p.T),
      [8, 16],
    );
    for (const p of s.points) assert.ok(p.msPerStep > 0 && p.tokensPerSec > 0);
  }
  const text = rnnLab(['bench', 'a.rnn.json', '--seq', '8,16', '--seconds', '0.1'], ws);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /sweep over sequence lengths/);
  const bad = rnnLab(['bench', 'a.rnn.json', '--seq', '8,x'], ws);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--seq takes sequence lengths/);
});

test('a Transformer samples past its context by sliding a window', () => {
  const text = 'the cat sat on the mat. '.repeat(200);
  const ws = workspace({
    't.rnn.json': JSON.stringify({
      name: 'tf',
      task: { kind: 'char-lm', file: 'text.txt' },
      model: { cell: 'transformer', hiddenSize: 16, heads: 2 },
      training: { batchSize: 4, bptt: 12, steps: 30, evalEvery: 30 },
    }),
    'text.txt': text,
  });
  assert.equal(rnnLab(['train', 't.rnn.json'], ws).code, 0);
  const r = rnnLab(['sample', 'latest', '--length', '60', '--prime', 'the '], ws);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.replace(/\n$/, '').length, 64, JSON.stringify(r.stdout));
  assert.ok(
    [...r.stdout.trim()].every((c) => 'the casonm.'.includes(c) || c === ' '),
    r.stdout,
  );
  assert.ok(readdirSync(path.join(ws, '.rnn-lab', 'runs')).length === 1);
});

test('a Transformer whose context is shorter than a last-step task says so', () => {
  const ws = workspace({
    'a.rnn.json': JSON.stringify({ name: 'a', task: { kind: 'adding', length: 20 }, model: { cell: 'transformer', hiddenSize: 8, heads: 2, context: 10 } }),
  });
  const v = rnnLab(['validate', 'a.rnn.json'], ws);
  assert.equal(v.code, 1);
  assert.match(v.stderr + v.stdout, /model\.context.*must be at least the sequence length \(20\)/);
  const heads = workspace({
    'h.rnn.json': JSON.stringify({ name: 'h', task: { kind: 'adding', length: 5 }, model: { cell: 'transformer', hiddenSize: 10, heads: 4 } }),
  });
  const h = rnnLab(['validate', 'h.rnn.json'], heads);
  assert.equal(h.code, 1);
  assert.match(h.stderr + h.stdout, /model\.heads.*must divide model\.hiddenSize \(10\)/);
});

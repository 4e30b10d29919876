// A spec may name a data file outside the workspace (/proc/self/environ, ../secret, a symlink out):
// validate and train refuse it unless --allow-outside-data, and never quote its contents.
import assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { rnnLab, workspace } from './cli-helpers';

const TEXT = Array.from({ length: 200 }, (_, i) => `the cat sat on the mat ${i % 5}.\n`).join('');

const charSpec = (file: string) =>
  JSON.stringify(
    {
      name: 'outside',
      task: { kind: 'char-lm', file },
      model: { cell: 'gru', hiddenSize: 8 },
      training: { optimizer: 'adam', learningRate: 0.01, batchSize: 2, steps: 2, bptt: 8, evalEvery: 2, seed: 1 },
    },
    null,
    2,
  );

function outsideFile(text = TEXT): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-outside-'));
  const file = path.join(dir, 'secret.txt');
  writeFileSync(file, text);
  return file;
}

for (const cmd of ['validate', 'train']) {
  test(`${cmd}: /proc/self/environ is refused without quoting it`, () => {
    const ws = workspace({ 'e.rnn.json': charSpec('/proc/self/environ') });
    const r = rnnLab([cmd, 'e.rnn.json'], ws);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /outside the workspace/);
    assert.match(r.stderr, /--allow-outside-data/);
    assert.ok(!r.stderr.includes('PATH='), 'the environment is not quoted');
    assert.doesNotMatch(r.stderr, /internal error/);
  });

  test(`${cmd}: ../ and a symlink out of the workspace are refused; --allow-outside-data reads them`, () => {
    const secret = outsideFile();
    const ws = workspace({ 'a.rnn.json': charSpec(path.relative('/', secret).replace(/^/, '/')), 'data/.keep': '' });
    symlinkSync(secret, path.join(ws, 'data', 'link.txt'));
    writeFileSync(path.join(ws, 'b.rnn.json'), charSpec('data/link.txt'));
    writeFileSync(path.join(ws, 'c.rnn.json'), charSpec(path.relative(ws, secret)));
    for (const spec of ['a.rnn.json', 'b.rnn.json', 'c.rnn.json']) {
      const r = rnnLab([cmd, spec], ws);
      assert.equal(r.code, 1, `${spec}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /outside the workspace/, spec);
      assert.ok(!r.stderr.includes('the cat sat'), 'the file is not quoted');
      const allowed = rnnLab([cmd, spec, '--allow-outside-data', ...(cmd === 'train' ? ['--json'] : [])], ws);
      assert.equal(allowed.code, 0, `${spec} allowed: ${allowed.stderr}`);
    }
  });
}

test('a symlink inside the workspace to a file inside it is fine', () => {
  const ws = workspace({ 'data/real.txt': TEXT, 'l.rnn.json': charSpec('data/link.txt') });
  symlinkSync(path.join(ws, 'data', 'real.txt'), path.join(ws, 'data', 'link.txt'));
  const r = rnnLab(['validate', 'l.rnn.json'], ws);
  assert.equal(r.code, 0, r.stderr);
});

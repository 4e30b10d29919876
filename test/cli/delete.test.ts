// `rnn-lab delete RUN` on real run folders: deletes what it is told, and nothing behind a symbolic link.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { nodeRunStore } from '../../src/node/run-store';
import { rnnLab, workspace } from './cli-helpers';

function finishedRun(ws: string, name: string) {
  const run = nodeRunStore(ws).create({ name, specPath: `${name}.rnn.json`, specText: '{}' });
  run.finish('completed', { steps: 3 });
  return run;
}

test('delete removes a run by id and by unique prefix; an unknown run is exit 1', () => {
  const ws = workspace({});
  const a = finishedRun(ws, 'alpha');
  const b = finishedRun(ws, 'beta');
  const r = rnnLab(['delete', a.id], ws);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`deleted run ${a.id}`));
  assert.equal(existsSync(a.folder), false);
  assert.ok(existsSync(b.folder));

  const missing = rnnLab(['delete', '20990101-000000-nothing-0000'], ws);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no run '20990101-000000-nothing-0000'/);
  assert.doesNotMatch(missing.stderr, /internal error|\n\s+at /);
  // the run store's refusals are messages, rendered in the CLI's language
  const zh = rnnLab(['delete', '20990101-000000-nothing-0000', '--lang', 'zh-cn'], ws);
  assert.match(zh.stderr, /中没有运行 '20990101-000000-nothing-0000'/);

  const traversal = rnnLab(['delete', '../..'], ws);
  assert.equal(traversal.code, 1);
  assert.ok(existsSync(b.folder));

  const byPrefix = rnnLab(['delete', b.id.slice(0, b.id.length - 2)], ws);
  assert.equal(byPrefix.code, 0, byPrefix.stderr);
  assert.equal(existsSync(b.folder), false);
});

test('delete refuses a run that is still training unless --force', () => {
  const ws = workspace({});
  // pid = this test process: alive on this host, so the run reads back as running
  const run = nodeRunStore(ws, { pid: process.pid }).create({ name: 'live', specPath: 'live.rnn.json', specText: '{}' });
  const r = rnnLab(['delete', run.id], ws);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /still training .*--force/);
  assert.ok(existsSync(run.folder));
  const forced = rnnLab(['delete', run.id, '--force'], ws);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(existsSync(run.folder), false);
});

test('a symlinked .rnn-lab/runs: runs lists nothing and says why; delete refuses and deletes nothing', () => {
  const ws = workspace({});
  const target = mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-precious-'));
  const id = '20261126-181502-home-0000';
  mkdirSync(path.join(target, id));
  writeFileSync(path.join(target, id, 'thesis.tex'), 'do not delete');
  mkdirSync(path.join(ws, '.rnn-lab'));
  symlinkSync(target, path.join(ws, '.rnn-lab', 'runs'), 'dir');

  const list = rnnLab(['runs', '--json'], ws);
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual(JSON.parse(list.stdout), []);
  assert.match(list.stderr, /symbolic link/);

  const r = rnnLab(['delete', id], ws);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /refusing to delete run .*symbolic link/);
  assert.doesNotMatch(r.stderr, /internal error/);
  assert.equal(readFileSync(path.join(target, id, 'thesis.tex'), 'utf8'), 'do not delete');
});

test('a symlinked .rnn-lab: delete refuses', () => {
  const ws = workspace({});
  const target = mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-precious-'));
  const id = '20261126-181502-home-0000';
  mkdirSync(path.join(target, 'runs', id), { recursive: true });
  writeFileSync(path.join(target, 'runs', id, 'notes.txt'), 'do not delete');
  symlinkSync(target, path.join(ws, '.rnn-lab'), 'dir');
  const r = rnnLab(['delete', id], ws);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /\.rnn-lab is a symbolic link/);
  const zh = rnnLab(['delete', id, '--lang', 'zh-cn'], ws);
  assert.match(zh.stderr, /拒绝删除运行 \S+：\S+\.rnn-lab 是指向 \S+ 的符号链接/, "the refusal in the CLI's language, not English");
  assert.ok(existsSync(path.join(target, 'runs', id, 'notes.txt')));
});

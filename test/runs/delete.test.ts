import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { nodeRunStore } from '../../src/node/run-store';
import { tempWorkspace } from './helpers';

function setup() {
  const root = tempWorkspace();
  const store = nodeRunStore(root);
  const run = store.create({ name: 'keep', specPath: 'k.rnn.json', specText: '{}' });
  const outside = path.join(root, 'precious');
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'data.txt'), 'do not delete');
  return { root, store, run, outside };
}

describe('RunStore.delete', () => {
  it('removes a run folder recursively', () => {
    const { store, run } = setup();
    run.writeCheckpoint(new Uint8Array([1, 2, 3]), ['a']);
    store.delete(run.id);
    assert.equal(fs.existsSync(run.folder), false);
    assert.equal(store.get(run.id), undefined);
    assert.deepEqual(store.list(), []);
  });

  it('refuses traversal, absolute paths, nested paths and the runs folder itself', () => {
    const { root, store, outside, run } = setup();
    for (const bad of ['..', '../..', '../../precious', outside, `${run.id}/..`, `${run.id}/metrics.jsonl`, '.', '', '.hidden', root]) {
      assert.throws(() => store.delete(bad), /Refusing/, `should refuse ${JSON.stringify(bad)}`);
    }
    assert.equal(fs.readFileSync(path.join(outside, 'data.txt'), 'utf8'), 'do not delete');
    assert.ok(fs.existsSync(run.folder));
  });

  it('refuses a symlink inside the runs folder and leaves its target alone', () => {
    const { store, outside } = setup();
    fs.symlinkSync(outside, path.join(store.runsDir, '20261126-181502-evil-0000'), 'dir');
    assert.throws(() => store.delete('20261126-181502-evil-0000'), /symbolic link/);
    assert.equal(fs.readFileSync(path.join(outside, 'data.txt'), 'utf8'), 'do not delete');
    assert.ok(fs.existsSync(path.join(store.runsDir, '20261126-181502-evil-0000')));
  });

  it('refuses a plain file and a missing run', () => {
    const { store } = setup();
    fs.writeFileSync(path.join(store.runsDir, 'notes.txt'), 'hi');
    assert.throws(() => store.delete('notes.txt'), /not a folder/);
    assert.throws(() => store.delete('20990101-000000-none-0000'), /no run/);
  });

  it('does not follow symlinks inside a run folder', () => {
    const { store, run, outside } = setup();
    fs.symlinkSync(outside, path.join(run.folder, 'link'), 'dir');
    store.delete(run.id);
    assert.equal(fs.readFileSync(path.join(outside, 'data.txt'), 'utf8'), 'do not delete');
  });
});

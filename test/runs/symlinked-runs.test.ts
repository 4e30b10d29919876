// A cloned repository can ship `.rnn-lab` or `.rnn-lab/runs` as a symbolic link to somewhere else.
// Listing and deleting must only follow real folders: nothing behind such a link is a run.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { render } from '../../src/messages/render';
import { nodeRunStore } from '../../src/node/run-store';
import type { RunStore } from '../../src/runs/run-store';
import { tempWorkspace } from './helpers';

/** Why the store refuses its runs folder, in English ('' when it does not). */
const reason = (store: RunStore, lang: 'en' | 'zh-cn' = 'en'): string => {
  const m = store.unsafeReason();
  return m ? render(m, lang) : '';
};

/** A folder outside the workspace that looks like a runs folder: subfolders with valid run ids. */
function precious(): string {
  const target = tempWorkspace();
  for (const id of ['20261126-181502-home-0000', '20261126-181503-docs-0000']) {
    fs.mkdirSync(path.join(target, id));
    fs.writeFileSync(path.join(target, id, 'data.txt'), 'do not delete');
  }
  return target;
}

function intact(target: string): void {
  for (const id of ['20261126-181502-home-0000', '20261126-181503-docs-0000']) {
    assert.equal(fs.readFileSync(path.join(target, id, 'data.txt'), 'utf8'), 'do not delete');
  }
}

describe('a symlinked runs folder', () => {
  it('.rnn-lab/runs as a symlink: nothing is listed, nothing can be deleted', () => {
    const root = tempWorkspace();
    const target = precious();
    fs.mkdirSync(path.join(root, '.rnn-lab'));
    fs.symlinkSync(target, path.join(root, '.rnn-lab', 'runs'), 'dir');
    const store = nodeRunStore(root);
    assert.deepEqual(store.list(), []);
    assert.match(reason(store), /symbolic link/);
    assert.match(reason(store, 'zh-cn'), /符号链接/, "the refusal is data, rendered in the user's language");
    assert.equal(store.get('20261126-181502-home-0000'), undefined);
    assert.throws(() => store.resolve('20261126'), /symbolic link/);
    assert.throws(() => store.delete('20261126-181502-home-0000'), /Refusing.*symbolic link/);
    intact(target);
  });

  it('.rnn-lab as a symlink: nothing is listed, nothing can be deleted', () => {
    const root = tempWorkspace();
    const target = tempWorkspace();
    fs.mkdirSync(path.join(target, 'runs'));
    const runs = precious();
    for (const id of fs.readdirSync(runs)) fs.cpSync(path.join(runs, id), path.join(target, 'runs', id), { recursive: true });
    fs.symlinkSync(target, path.join(root, '.rnn-lab'), 'dir');
    const store = nodeRunStore(root);
    assert.deepEqual(store.list(), []);
    assert.match(reason(store), /\.rnn-lab.*symbolic link/);
    assert.throws(() => store.delete('20261126-181502-home-0000'), /Refusing.*symbolic link/);
    intact(path.join(target, 'runs'));
  });

  it('a new run is not written through a symlinked runs folder', () => {
    const root = tempWorkspace();
    const target = tempWorkspace();
    fs.mkdirSync(path.join(root, '.rnn-lab'));
    fs.symlinkSync(target, path.join(root, '.rnn-lab', 'runs'), 'dir');
    assert.throws(() => nodeRunStore(root).create({ name: 'x', specPath: 'x.rnn.json', specText: '{}' }), /symbolic link/);
    assert.deepEqual(fs.readdirSync(target), []);
  });

  it('a plain .rnn-lab/runs still lists and deletes', () => {
    const root = tempWorkspace();
    const store = nodeRunStore(root);
    const run = store.create({ name: 'ok', specPath: 'ok.rnn.json', specText: '{}' });
    run.finish('completed');
    assert.equal(store.unsafeReason(), undefined);
    assert.deepEqual(
      store.list().map((r) => r.id),
      [run.id],
    );
    store.delete(run.id);
    assert.deepEqual(store.list(), []);
  });

  it('.rnn-lab as a file: nothing listed, a clear refusal', () => {
    const root = tempWorkspace();
    fs.writeFileSync(path.join(root, '.rnn-lab'), 'x');
    const store = nodeRunStore(root);
    assert.deepEqual(store.list(), []);
    assert.match(reason(store), /not a folder/);
    assert.throws(() => store.delete('20261126-181502-home-0000'), /Refusing|not a folder/);
  });
});

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { render } from '../../src/messages/render';
import { nodeRunStore } from '../../src/node/run-store';
import { tempWorkspace } from './helpers';

describe('RunStore.list on damaged folders', () => {
  it('is empty when there is no runs folder', () => {
    assert.deepEqual(nodeRunStore(tempWorkspace()).list(), []);
  });

  it('never throws: damaged folders are listed as failed with a note, strays are skipped', () => {
    const root = tempWorkspace();
    const store = nodeRunStore(root);
    const good = store.create({ name: 'good', specPath: 'g.rnn.json', specText: '{}' });
    good.finish('completed');
    const dir = store.runsDir;
    const mk = (name: string, runJson?: string) => {
      fs.mkdirSync(path.join(dir, name));
      if (runJson !== undefined) fs.writeFileSync(path.join(dir, name, 'run.json'), runJson);
    };
    mk('20250101-000000-empty-aaaa');
    mk('20250101-000001-garbled-bbbb', '{"id": "x", "status": "runn');
    mk('20250101-000002-array-cccc', '[1, 2, 3]');
    mk('20250101-000003-oddstatus-dddd', JSON.stringify({ name: 'odd', status: 'exploded', createdAt: 'yesterday', summary: 'nope', pid: 'x' }));
    mk('not-a-run-id-at-all');
    fs.mkdirSync(path.join(dir, '20250101-000004-runjson-is-dir-eeee', 'run.json'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stray-file.txt'), 'x');
    fs.writeFileSync(path.join(dir, '.run.json.123-1-abc.tmp'), 'x');
    fs.symlinkSync(root, path.join(dir, '20250101-000005-symlink-ffff'), 'dir');

    const runs = store.list();
    const byId = new Map(runs.map((r) => [r.id, r]));
    const times = runs.map((r) => Date.parse(r.createdAt));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    ); // newest first
    assert.equal(byId.get(good.id)!.status, 'completed');
    assert.equal(byId.has('20250101-000005-symlink-ffff'), false);
    assert.equal(byId.has('stray-file.txt'), false);

    const damaged = (id: string, note: RegExp) => {
      const r = byId.get(id);
      assert.ok(r, `${id} listed`);
      assert.equal(r.status, 'failed');
      assert.match(r.note ? render(r.note, 'en') : '', note);
      assert.match(
        r.note ? render(r.note, 'zh-cn') : '',
        /run\.json.*[\u4e00-\u9fff]|[\u4e00-\u9fff].*run\.json/,
        "the note is data, in the reader's language",
      );
      assert.equal(typeof r.summary.steps, 'number');
      assert.ok(Number.isFinite(Date.parse(r.createdAt)));
    };
    damaged('20250101-000000-empty-aaaa', /missing/);
    damaged('20250101-000001-garbled-bbbb', /not valid JSON/);
    damaged('20250101-000002-array-cccc', /object/);
    damaged('20250101-000003-oddstatus-dddd', /unknown status/);
    damaged('20250101-000004-runjson-is-dir-eeee', /cannot be read/);
    assert.equal(byId.get('20250101-000000-empty-aaaa')!.createdAt, '2025-01-01T00:00:00.000Z'); // from the id
    assert.equal(byId.get('20250101-000003-oddstatus-dddd')!.name, 'odd');
    assert.ok(byId.get('not-a-run-id-at-all'));

    // per-run readers are just as forgiving
    assert.deepEqual(store.readMetrics('20250101-000001-garbled-bbbb'), []);
    assert.equal(store.readProbe('20250101-000001-garbled-bbbb'), undefined);
    assert.equal(store.get('../..'), undefined);
    assert.throws(() => store.readMetrics('../x'), /Not a run id/);

    // and a damaged folder can be deleted
    store.delete('20250101-000001-garbled-bbbb');
    assert.equal(store.get('20250101-000001-garbled-bbbb'), undefined);
  });
});

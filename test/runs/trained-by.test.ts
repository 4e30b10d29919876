// Runs recorded by an exported train.py (rnn-lab export) carry "trainedBy": "pytorch": the store
// reads it back, lists it, and keeps it when a dead process's run is marked interrupted.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { toRunListEntry } from '../../src/runs/run-listing';
import { nodeRunStore } from '../../src/node/run-store';
import { tempWorkspace } from './helpers';

function writeRun(root: string, id: string, record: Record<string, unknown>): void {
  const folder = path.join(root, '.rnn-lab', 'runs', id);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'run.json'), JSON.stringify(record));
  fs.writeFileSync(path.join(folder, 'metrics.jsonl'), '{"type":"progress","step":3,"loss":1.5,"gradNorm":1,"clipped":false,"tokensPerSec":1,"elapsedMs":1}\n');
}

const base = {
  version: 1,
  name: 'x',
  specPath: 'x.rnn.json',
  createdAt: '2026-12-04T10:00:00.000Z',
  updatedAt: '2026-12-04T10:00:00.000Z',
  hostname: 'here',
  summary: { steps: 0 },
  config: { processes: 2 },
};

it('reads, lists and keeps trainedBy', () => {
  const root = tempWorkspace();
  writeRun(root, '20261204-100000-x-0001', { ...base, id: 'a', status: 'completed', pid: 1, trainedBy: 'pytorch' });
  writeRun(root, '20261204-100001-x-0002', { ...base, id: 'b', status: 'running', pid: 999_999_999, trainedBy: 'pytorch' });
  writeRun(root, '20261204-100002-x-0003', { ...base, id: 'c', status: 'completed', pid: 1 });
  const store = nodeRunStore(root, { hostname: 'here', isProcessAlive: () => false });
  const runs = store.list();
  const byId = Object.fromEntries(runs.map((r) => [r.id, r]));
  assert.equal(byId['20261204-100000-x-0001'].trainedBy, 'pytorch');
  assert.equal(toRunListEntry(byId['20261204-100000-x-0001']).trainedBy, 'pytorch');
  assert.equal(byId['20261204-100002-x-0003'].trainedBy, undefined);
  assert.equal('trainedBy' in toRunListEntry(byId['20261204-100002-x-0003']), false);
  const dead = byId['20261204-100001-x-0002'];
  assert.equal(dead.status, 'interrupted');
  assert.equal(dead.summary.steps, 3);
  const onDisk = JSON.parse(fs.readFileSync(path.join(dead.folder, 'run.json'), 'utf8'));
  assert.equal(onDisk.status, 'interrupted');
  assert.equal(onDisk.trainedBy, 'pytorch');
});

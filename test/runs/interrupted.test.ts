import { render } from '../../src/messages/render';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunStore } from '../../src/runs/run-store';
import { nodeRunStore } from '../../src/node/run-store';
import { tempWorkspace } from './helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

function readRunJson(store: RunStore, id: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(store.runsDir, id, 'run.json'), 'utf8'));
}

describe('interrupted runs', () => {
  it('a run whose process was killed (SIGKILL) reads as interrupted', async () => {
    const root = tempWorkspace();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', 'start-run-and-hang.ts'), root], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const id = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('exit', () => reject(new Error(`child exited before creating a run: ${stderr}`)));
    });

    const store = nodeRunStore(root);
    const alive = store.get(id);
    assert.equal(alive?.status, 'running');
    assert.equal(alive?.pid, child.pid);

    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL'); // 'exit' fires after the child is reaped: its pid is gone

    const info = store.get(id);
    assert.ok(info);
    assert.equal(info.status, 'interrupted');
    assert.equal(info.note, undefined);
    assert.match(info.summary.message ?? '', /no longer running/);
    // the same as data, so each front end says it in its user's language
    assert.equal(info.summary.msg?.code, 'run.interrupted');
    assert.match(render(info.summary.msg!, 'zh-cn'), /已中断：它的进程（pid \d+）已不在运行/);
    assert.equal(info.summary.bestValLoss, 2.4); // recovered from metrics.jsonl
    assert.equal(info.summary.steps, 1);
    assert.equal(info.finishedAt, info.updatedAt);
    assert.equal(readRunJson(store, id).status, 'interrupted'); // recorded, so it stays that way
    assert.deepEqual(
      store.list().map((r) => [r.id, r.status]),
      [[id, 'interrupted']],
    );
    assert.equal(store.readMetrics(id).length, 2);
  });

  it('a run on another host is interrupted only once its heartbeat is stale', () => {
    let now = Date.parse('2026-11-26T18:00:00Z');
    const clock = () => new Date(now);
    const writerStore = nodeRunStore(tempWorkspace(), { now: clock, hostname: 'gpu-box', pid: 4242 });
    const writer = writerStore.create({ name: 'remote', specPath: 'r.rnn.json', specText: '{}' });
    const reader = nodeRunStore(writerStore.root, {
      now: clock,
      hostname: 'laptop',
      staleAfterMs: 60_000,
      isProcessAlive: () => {
        throw new Error('pids of another host must not be checked here');
      },
    });
    now += 50_000;
    assert.equal(reader.get(writer.id)?.status, 'running');
    writer.heartbeat();
    now += 50_000;
    assert.equal(reader.get(writer.id)?.status, 'running');
    now += 20_000;
    const info = reader.get(writer.id);
    assert.equal(info?.status, 'interrupted');
    assert.match(info?.summary.message ?? '', /no heartbeat from gpu-box/);
  });

  it('a running run on this host with a live pid stays running; finished runs are never touched', () => {
    const store = nodeRunStore(tempWorkspace(), { isProcessAlive: () => false });
    const done = store.create({ name: 'done', specPath: 'd.rnn.json', specText: '{}' });
    done.finish('stopped');
    assert.equal(store.get(done.id)?.status, 'stopped');
    const live = nodeRunStore(store.root).create({ name: 'live', specPath: 'l.rnn.json', specText: '{}' });
    assert.equal(nodeRunStore(store.root).get(live.id)?.status, 'running'); // this very process
  });
});

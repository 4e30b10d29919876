import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { ProbeEvent } from '../../src/protocol/events';
import { nodeRunStore } from '../../src/node/run-store';
import { toRunListEntry } from '../../src/runs/run-listing';
import { evaluation, progress, tempWorkspace } from './helpers';

const SPEC_TEXT = '{\n  // comments kept\n  "name": "adding-lstm"\n}\n';

describe('RunStore round trip', () => {
  it('create -> append -> checkpoint -> probe -> finish reads back', () => {
    const root = tempWorkspace();
    const store = nodeRunStore(root);
    const writer = store.create({
      name: 'adding-lstm',
      specPath: path.join(root, 'specs', 'adding.rnn.json'),
      specText: SPEC_TEXT,
      config: { cell: 'lstm', hiddenSize: 64, learningRate: 0.001 },
    });
    assert.equal(writer.folder, path.join(root, '.rnn-lab', 'runs', writer.id));
    assert.match(writer.id, /^\d{8}-\d{6}-adding-lstm-[0-9a-f]{4}$/);

    const running = store.get(writer.id);
    assert.equal(running?.status, 'running');
    assert.equal(running?.specPath, 'specs/adding.rnn.json');
    assert.equal(running?.specFile, path.join(root, 'specs', 'adding.rnn.json'));
    assert.equal(fs.readFileSync(path.join(writer.folder, 'spec.rnn.json'), 'utf8'), SPEC_TEXT);
    assert.equal(store.readSpecSnapshot(writer.id), SPEC_TEXT);
    assert.deepEqual(store.readMetrics(writer.id), []);
    assert.equal(store.weightsPath(writer.id), undefined);

    writer.append({ type: 'started', runId: writer.id, folder: writer.folder, parameterCount: 17, totalSteps: 3, name: 'adding-lstm' });
    writer.append(progress(1, 0.9));
    writer.append(evaluation(1, 0.8));
    writer.append(progress(2, 0.5));
    writer.append(evaluation(2, 0.6));
    writer.append(progress(3, 0.4));
    writer.append(evaluation(3, 0.7));

    const weights = new Uint8Array([1, 2, 3, 4, 5]);
    writer.writeCheckpoint(weights, { tokens: ['a', 'b'] });
    const probe: ProbeEvent = { type: 'probe', step: 3, stepLabels: ['a'], layers: [{ h: [[0.1]], gradNorm: [1] }] };
    writer.writeProbe(probe);
    const summary = writer.finish('completed', { tokensPerSec: 1234 });

    assert.equal(summary.steps, 3);
    assert.equal(summary.bestValLoss, 0.6);
    assert.equal(summary.lastValLoss, 0.7);
    assert.equal(summary.finalLoss, 0.4);
    assert.equal(summary.parameterCount, 17);
    assert.equal(summary.tokensPerSec, 1234);

    const info = store.get(writer.id);
    assert.ok(info);
    assert.equal(info.status, 'completed');
    assert.equal(info.name, 'adding-lstm');
    assert.deepEqual(info.config, { cell: 'lstm', hiddenSize: 64, learningRate: 0.001 });
    assert.deepEqual(info.summary, summary);
    assert.equal(info.pid, process.pid);
    assert.ok(info.finishedAt && Date.parse(info.finishedAt) >= Date.parse(info.createdAt));
    assert.equal(info.note, undefined);

    const events = store.readMetrics(writer.id);
    assert.deepEqual(
      events.map((e) => e.type),
      ['started', 'progress', 'eval', 'progress', 'eval', 'progress', 'eval', 'finished'],
    );
    const last = events.at(-1);
    assert.equal(last?.type, 'finished');
    if (last?.type === 'finished') {
      assert.equal(last.status, 'completed');
      assert.equal(last.summary.bestValLoss, 0.6);
    }

    const weightsFile = store.weightsPath(writer.id);
    assert.equal(weightsFile, path.join(writer.folder, 'weights.safetensors'));
    assert.deepEqual(new Uint8Array(fs.readFileSync(weightsFile!)), weights);
    assert.deepEqual(store.readVocab(writer.id), { tokens: ['a', 'b'] });
    assert.deepEqual(store.readProbe(writer.id), probe);

    const entry = toRunListEntry(info);
    assert.equal(entry.bestValLoss, 0.6);
    assert.equal(JSON.parse(JSON.stringify(entry)).createdAt, info.createdAt);

    // no temp files left behind by the atomic writes
    assert.deepEqual(
      fs.readdirSync(writer.folder).filter((f) => f.startsWith('.')),
      [],
    );
  });

  it('a later checkpoint replaces the earlier one', () => {
    const store = nodeRunStore(tempWorkspace());
    const writer = store.create({ name: 'x', specPath: 'x.rnn.json', specText: '{}' });
    writer.writeCheckpoint(new Uint8Array([1, 1, 1, 1]));
    writer.writeCheckpoint(new Uint8Array([2, 2]));
    assert.deepEqual([...fs.readFileSync(store.weightsPath(writer.id)!)], [2, 2]);
  });

  it('finish appends one finished event, not a second when the caller appended it', () => {
    const store = nodeRunStore(tempWorkspace());
    const writer = store.create({ name: 'x', specPath: 'x.rnn.json', specText: '{}' });
    writer.append(progress(1, Number.NaN));
    writer.append({ type: 'finished', status: 'diverged', summary: { steps: 1, message: 'loss became NaN at step 1' } });
    assert.throws(() => writer.finish('running'), /not 'running'/);
    writer.finish('diverged');
    const finished = store.readMetrics(writer.id).filter((e) => e.type === 'finished');
    assert.equal(finished.length, 1);
    const info = store.get(writer.id)!;
    assert.equal(info.status, 'diverged');
    assert.equal(info.summary.message, 'loss became NaN at step 1');
    assert.equal(info.summary.finalLoss, undefined); // NaN is not a loss to report
    assert.throws(() => writer.finish('completed'), /already finished/);
  });

  it('append refreshes run.json (heartbeat + running summary) when the interval has passed', () => {
    let now = Date.parse('2026-11-26T18:15:02Z');
    const store = nodeRunStore(tempWorkspace(), { now: () => new Date(now), heartbeatEveryMs: 30_000 });
    const writer = store.create({ name: 'x', specPath: 'x.rnn.json', specText: '{}' });
    writer.append(evaluation(5, 1.5));
    assert.equal(store.get(writer.id)!.summary.bestValLoss, undefined);
    now += 31_000;
    writer.append(evaluation(10, 1.25));
    const info = store.get(writer.id)!;
    assert.equal(info.status, 'running');
    assert.equal(info.updatedAt, new Date(now).toISOString());
    assert.equal(info.summary.bestValLoss, 1.25);
    assert.equal(info.summary.steps, 10);
  });

  it('list is newest first', () => {
    let now = Date.parse('2026-11-26T18:15:02Z');
    const store = nodeRunStore(tempWorkspace(), { now: () => new Date(now) });
    const ids: string[] = [];
    for (const name of ['first', 'second', 'third']) {
      ids.push(store.create({ name, specPath: 'x.rnn.json', specText: '{}' }).id);
      now += 1500;
    }
    assert.deepEqual(
      store.list().map((r) => r.id),
      ids.reverse(),
    );
    assert.equal(store.resolve('latest').name, 'third');
  });

  it('resolve finds a unique prefix and explains misses', () => {
    const store = nodeRunStore(tempWorkspace(), { now: () => new Date('2026-11-26T18:15:02Z') });
    const a = store.create({ name: 'alpha', specPath: 'x.rnn.json', specText: '{}' });
    store.create({ name: 'beta', specPath: 'x.rnn.json', specText: '{}' });
    assert.equal(store.resolve(a.id).id, a.id);
    assert.equal(store.resolve('20261126-181502-alpha').id, a.id);
    assert.throws(() => store.resolve('20261126'), /matches 2 runs/);
    assert.throws(() => store.resolve('nope'), /no run 'nope'/);
  });

  it('a spec outside the root is recorded with its absolute path', () => {
    const root = tempWorkspace();
    const elsewhere = path.join(path.dirname(root), 'elsewhere', 'a.rnn.json');
    const store = nodeRunStore(root);
    const writer = store.create({ name: 'x', specPath: elsewhere, specText: '{}' });
    assert.equal(store.get(writer.id)!.specPath, elsewhere);
  });
});

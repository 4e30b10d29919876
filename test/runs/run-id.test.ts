import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeRunId, slugify, timeOfRunId } from '../../src/runs/run-id';
import { nodeRunStore } from '../../src/node/run-store';
import { tempWorkspace } from './helpers';

describe('run ids', () => {
  it('are readable: UTC time, slugified name, 4-hex suffix', () => {
    assert.equal(makeRunId('Adding LSTM!', new Date('2026-11-26T18:15:02Z'), '3f9a'), '20261126-181502-adding-lstm-3f9a');
    assert.equal(slugify('  Ünïcode   name / with:stuff '), 'unicode-name-with-stuff');
    assert.equal(slugify('***'), 'run');
    assert.ok(slugify('x'.repeat(200)).length <= 40);
    assert.deepEqual(timeOfRunId('20261126-181502-adding-lstm-3f9a'), new Date('2026-11-26T18:15:02Z'));
    assert.equal(timeOfRunId('garbage'), undefined);
  });

  it('are unique when many runs are created in the same second', () => {
    const fixed = new Date('2026-11-26T18:15:02.123Z');
    const store = nodeRunStore(tempWorkspace(), { now: () => fixed });
    const ids = Array.from({ length: 50 }, () => store.create({ name: 'same', specPath: 's.rnn.json', specText: '{}' }).id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^20261126-181502-same-[0-9a-f]{4}$/);
    assert.equal(store.list().length, 50);
  });

  it('a colliding suffix is retried, not reused', (t) => {
    const fixed = new Date('2026-11-26T18:15:02Z');
    const store = nodeRunStore(tempWorkspace(), { now: () => fixed });
    const draws = [0.5, 0.5, 0.25]; // the second create draws the first's suffix twice before a new one
    t.mock.method(Math, 'random', () => draws.shift() ?? 0.75);
    const a = store.create({ name: 'same', specPath: 's.rnn.json', specText: '{}' }).id;
    const b = store.create({ name: 'same', specPath: 's.rnn.json', specText: '{}' }).id;
    assert.equal(a, '20261126-181502-same-8000');
    assert.equal(b, '20261126-181502-same-4000');
    assert.equal(draws.length, 0);
  });

  it('sort by creation time', () => {
    let now = Date.parse('2026-12-31T23:59:58Z');
    const store = nodeRunStore(tempWorkspace(), { now: () => new Date(now) });
    const ids: string[] = [];
    for (const name of ['zeta', 'alpha', 'mid', 'beta', 'aaa']) {
      ids.push(store.create({ name, specPath: 's.rnn.json', specText: '{}' }).id);
      now += 1000; // crosses a year boundary
    }
    assert.deepEqual([...ids].sort(), ids);
  });
});

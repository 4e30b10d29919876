import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseMetricsText } from '../../src/runs/metrics-reader';
import { summarizeMetrics } from '../../src/runs/metrics-summary';
import { nodeRunStore } from '../../src/node/run-store';
import { RunFileError } from '../../src/runs/run-file-error';
import { evaluation, progress, tempWorkspace } from './helpers';

describe('metrics.jsonl', () => {
  it('a truncated last line is skipped, not thrown', () => {
    const store = nodeRunStore(tempWorkspace());
    const writer = store.create({ name: 'trunc', specPath: 't.rnn.json', specText: '{}' });
    writer.append(progress(1, 1.0));
    writer.append(evaluation(1, 0.9));
    fs.appendFileSync(writer.metricsPath, '{"type":"progress","step":2,"loss":0.');
    const events = store.readMetrics(writer.id);
    assert.deepEqual(
      events.map((e) => e.type),
      ['progress', 'eval'],
    );
  });

  it('garbled, blank and non-event lines are skipped', () => {
    const text = [
      JSON.stringify(progress(1, 2)),
      '',
      'garbage',
      '[1,2]',
      '{"type":"nonsense"}',
      JSON.stringify(evaluation(1, 1.5)),
      '{"type":"eval","step":2,"valLo',
    ].join('\n');
    assert.deepEqual(
      parseMetricsText(text).map((e) => e.type),
      ['progress', 'eval'],
    );
  });

  it('readMetrics of a run with no metrics file is empty', () => {
    const store = nodeRunStore(tempWorkspace());
    const writer = store.create({ name: 'm', specPath: 'm.rnn.json', specText: '{}' });
    fs.rmSync(writer.metricsPath);
    assert.deepEqual(store.readMetrics(writer.id), []);
  });

  it('summarizeMetrics: best validation loss, last loss, steps', () => {
    const summary = summarizeMetrics([
      progress(1, 3),
      evaluation(1, 2.5),
      progress(2, 2),
      evaluation(2, 1.5),
      progress(3, 1.8),
      evaluation(3, 1.7),
      // as read back from disk, NaN is null
      { type: 'eval', step: 4, valLoss: null as unknown as number },
    ]);
    assert.equal(summary.steps, 4);
    assert.equal(summary.bestValLoss, 1.5);
    assert.equal(summary.lastValLoss, 1.7);
    assert.equal(summary.finalLoss, 1.8);
    assert.deepEqual(summarizeMetrics([]), { steps: 0 });
  });

  it('a full disk on append is an error naming the file and "disk full"; the next line starts clean', { skip: !fs.existsSync('/dev/full') }, () => {
    const store = nodeRunStore(tempWorkspace());
    const writer = store.create({ name: 'full', specPath: 'f.rnn.json', specText: '{}' });
    writer.append(progress(1, 1));
    const real = writer.metricsPath;
    const saved = `${real}.saved`;
    fs.renameSync(real, saved);
    fs.symlinkSync('/dev/full', real);
    assert.throws(
      () => writer.append(progress(2, 0.5)),
      (err: unknown) => err instanceof RunFileError && err.diskFull && err.message.includes(real) && /disk full/.test(err.message),
    );
    fs.rmSync(real);
    fs.renameSync(saved, real);
    fs.appendFileSync(real, '{"type":"progress","st'); // what a partial write could have left
    writer.append(progress(3, 0.25));
    assert.deepEqual(
      store.readMetrics(writer.id).map((e) => (e.type === 'progress' ? e.step : -1)),
      [1, 3],
    );
    assert.equal(path.basename(real), 'metrics.jsonl');
  });
});

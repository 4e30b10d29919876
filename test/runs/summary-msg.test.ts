// summary.msg in run.json is read back only when it is a message of the catalogue, whatever the file holds.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { render } from '../../src/messages/render';
import { nodeRunStore } from '../../src/node/run-store';
import { tempWorkspace } from './helpers';

function runWithMsg(msgValue: unknown) {
  const store = nodeRunStore(tempWorkspace());
  const run = store.create({ name: 'm', specPath: 'm.rnn.json', specText: '{}' });
  run.finish('failed');
  const file = path.join(run.folder, 'run.json');
  const record = JSON.parse(fs.readFileSync(file, 'utf8'));
  record.summary = { ...record.summary, message: 'Failed: boom.', msg: msgValue };
  fs.writeFileSync(file, JSON.stringify(record));
  return store.get(run.id)!;
}

describe('summary.msg read back from run.json', () => {
  it('keeps a known message with its arguments, nested messages included', () => {
    const m = { code: 'run.workerEndedFailed', args: { error: { code: 'run.workerCrashed', args: { error: 'out of memory' } } } };
    const info = runWithMsg(m);
    assert.deepEqual(info.summary.msg, m);
    assert.equal(render(info.summary.msg!, 'en'), 'Failed: the training worker crashed: out of memory. The last checkpoint is kept.');
    assert.match(render(info.summary.msg!, 'zh-cn'), /^失败：训练工作线程崩溃：out of memory。/);
  });

  it('drops an unknown code, a wrong shape, odd arguments and deep nesting, keeping the English message', () => {
    let deep: unknown = { code: 'run.noCheckpoint' };
    for (let i = 0; i < 50; i++) deep = { code: 'text', args: { text: deep } };
    for (const bad of [
      { code: 'no.such.code' },
      'run.noCheckpoint',
      [1, 2],
      { code: 'text', args: { text: { html: '<b>x</b>' } } },
      { code: 'text', args: { text: Number.NaN } },
      { code: 'text', args: [1] },
      deep,
    ]) {
      const info = runWithMsg(bad);
      assert.equal(info.summary.msg, undefined, JSON.stringify(bad).slice(0, 60));
      assert.equal(info.summary.message, 'Failed: boom.');
    }
  });
});

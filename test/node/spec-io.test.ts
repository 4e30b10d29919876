import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseSpecFile, specNameFromPath } from '../../src/node/spec-io';

describe('spec-io', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-lab-spec-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('parseSpecFile resolves task.file next to the spec and names the spec after its file', () => {
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'tiny.txt'), 'hello world\n');
    writeFileSync(join(dir, 'tiny.rnn.json'), '\uFEFF{ "task": { "kind": "char-lm", "file": "data/tiny.txt" } }');
    const { spec, problems } = parseSpecFile(join(dir, 'tiny.rnn.json'));
    assert.deepEqual(problems, []);
    assert.equal(spec?.name, 'tiny');
    assert.equal(spec?.dataFile, join(dir, 'data', 'tiny.txt'));
  });

  it('a folder is not a data file; a missing spec is a problem, not an exception', () => {
    writeFileSync(join(dir, 'dir.rnn.json'), '{ "task": { "kind": "char-lm", "file": "data" } }');
    const { problems } = parseSpecFile(join(dir, 'dir.rnn.json'));
    assert.equal(problems[0].path, 'task.file');
    assert.ok(problems[0].message.includes(join(dir, 'data')));
    const missing = parseSpecFile(join(dir, 'nope.rnn.json'));
    assert.match(missing.problems[0].message, /^cannot read the spec: no such file/);
  });

  it('specNameFromPath', () => assert.equal(specNameFromPath('/x/adding-lstm.rnn.json'), 'adding-lstm'));
});

// The spec check (validate, the editor's Problems) refuses a data file that resolves outside the workspace.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { dataOutsideWorkspace } from '../../src/node/data-access';
import { parseSpecFile } from '../../src/node/spec-io';

function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-access-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const spec = (file: string) => `{
  "name": "x",
  "task": { "kind": "char-lm",
    "file": ${JSON.stringify(file)} },
  "model": { "cell": "gru", "hiddenSize": 8 },
  "training": { "steps": 1 }
}
`;

test('dataOutsideWorkspace: inside, outside, through links, and allowed', () => {
  const ws = tmp();
  const outside = path.join(tmp(), 'secret.txt');
  fs.writeFileSync(outside, 'secret');
  fs.writeFileSync(path.join(ws, 'in.txt'), 'fine');
  fs.symlinkSync(outside, path.join(ws, 'out-link.txt'));
  fs.symlinkSync(path.join(ws, 'in.txt'), path.join(ws, 'in-link.txt'));
  assert.equal(dataOutsideWorkspace(path.join(ws, 'in.txt'), ws), undefined);
  assert.equal(dataOutsideWorkspace(path.join(ws, 'in-link.txt'), ws), undefined);
  assert.match(dataOutsideWorkspace(path.join(ws, 'out-link.txt'), ws) ?? '', /resolves to .*secret\.txt, outside the workspace/);
  assert.match(dataOutsideWorkspace(outside, ws) ?? '', /secret\.txt is outside the workspace/);
  assert.match(dataOutsideWorkspace('/proc/self/environ', ws) ?? '', /outside the workspace/);
  assert.equal(dataOutsideWorkspace(outside, ws, true), undefined);
  assert.equal(dataOutsideWorkspace(path.join(ws, 'missing.txt'), ws), undefined, 'a missing file is reported as missing');
});

test('parseSpecFile: the problem is on task.file with its line, unless allowed', () => {
  const ws = tmp();
  fs.mkdirSync(path.join(ws, '.git'));
  const file = path.join(ws, 's.rnn.json');
  fs.writeFileSync(file, spec('/proc/self/environ'));
  const { problems } = parseSpecFile(file);
  const p = problems.find((q) => q.path === 'task.file');
  assert.ok(p, JSON.stringify(problems));
  assert.equal(p.severity, 'error');
  assert.equal(p.line, 4);
  assert.match(p.message, /outside the workspace.*--allow-outside-data.*rnnLab\.data\.allowOutsideWorkspace/);
  assert.equal(parseSpecFile(file, { allowOutside: true }).problems.filter((q) => q.path === 'task.file').length, 0);
});

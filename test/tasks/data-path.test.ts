import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveDataPath, TaskDataError } from '../../src/tasks';

test('resolveDataPath joins POSIX and Windows paths without node:path', () => {
  assert.equal(resolveDataPath('/ws/specs', 'data/t.txt'), '/ws/specs/data/t.txt');
  assert.equal(resolveDataPath('/ws/specs/', './data//t.txt'), '/ws/specs/data/t.txt');
  assert.equal(resolveDataPath('/ws/specs', '../data/t.txt'), '/ws/data/t.txt');
  assert.equal(resolveDataPath('/ws', '/abs/t.txt'), '/abs/t.txt');
  assert.equal(resolveDataPath('C:\\ws\\specs', 'data/t.txt'), 'C:\\ws\\specs\\data\\t.txt');
  assert.equal(resolveDataPath('C:\\ws\\specs', '..\\data\\t.txt'), 'C:\\ws\\data\\t.txt');
  assert.equal(resolveDataPath('C:\\ws', 'D:\\x\\t.txt'), 'D:\\x\\t.txt');
  assert.equal(resolveDataPath('\\\\server\\share\\specs', 't.txt'), '\\\\server\\share\\specs\\t.txt');
  assert.equal(resolveDataPath('/', '../../t.txt'), '/t.txt');
});

test('TaskDataError formats file:line:column', () => {
  const e = new TaskDataError('"label" is missing', { file: 'data/reviews.jsonl', line: 12 });
  assert.equal(e.message, 'data/reviews.jsonl:12: "label" is missing');
  assert.equal(e.name, 'TaskDataError');
  assert.equal(new TaskDataError('x', { file: 'a.csv', line: 2, column: 3 }).message, 'a.csv:2:3: x');
  assert.equal(new TaskDataError('x').message, 'x');
});

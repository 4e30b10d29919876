import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editDistance, nearest } from '../../src/spec/edit-distance';
import { pathToString, pointerToPath } from '../../src/spec/json-path';
import { joinSpecPath } from '../../src/spec/resolve-path';
import { lineStartsOf, positionAt } from '../../src/spec/text-position';

describe('spec helpers', () => {
  it('editDistance counts a transposition as one edit', () => {
    assert.equal(editDistance('hiddenSzie', 'hiddenSize'), 1);
    assert.equal(editDistance('lstn', 'lstm'), 1);
    assert.equal(editDistance('', 'abc'), 3);
  });

  it('nearest suggests plausible typos only', () => {
    assert.equal(nearest('hiddensize', ['hiddenSize', 'layers']), 'hiddenSize');
    assert.equal(nearest('lr', ['learningRate', 'seed']), undefined);
    assert.equal(nearest('adamw', ['sgd', 'adam', 'rmsprop']), 'adam');
    assert.equal(nearest('zzz', ['cell', 'init']), undefined);
  });

  it('pathToString and pointerToPath', () => {
    assert.equal(pathToString(['model', 'hiddenSize']), 'model.hiddenSize');
    assert.equal(pathToString(['task', 'columns', 2]), 'task.columns[2]');
    assert.equal(pathToString(['odd key']), '["odd key"]');
    assert.equal(pathToString([]), '');
    const data = { task: { columns: ['a', 'b'] }, m: { '0': 1 } };
    assert.deepEqual(pointerToPath('/task/columns/1', data), ['task', 'columns', 1]);
    assert.deepEqual(pointerToPath('/m/0', data), ['m', '0']);
    assert.deepEqual(pointerToPath('/a~1b/c~0d', {}), ['a/b', 'c~d']);
  });

  it('joinSpecPath folds . and .. and keeps absolute paths', () => {
    assert.equal(joinSpecPath('/a/b', 'data/x.txt'), '/a/b/data/x.txt');
    assert.equal(joinSpecPath('/a/b', '../x.txt'), '/a/x.txt');
    assert.equal(joinSpecPath('/a/b', './x.txt'), '/a/b/x.txt');
    assert.equal(joinSpecPath('/a', '../../x.txt'), '/x.txt');
    assert.equal(joinSpecPath('/a/b', '/etc/x.txt'), '/etc/x.txt');
    assert.equal(joinSpecPath('.', 'x.txt'), 'x.txt');
    assert.equal(joinSpecPath('specs', '../data/x.txt'), 'data/x.txt');
    assert.equal(joinSpecPath('C:\\work\\specs', 'data\\x.txt'), 'C:\\work\\specs\\data\\x.txt');
  });

  it('positionAt is 1-based and handles \\n, \\r\\n and \\r', () => {
    const starts = lineStartsOf('ab\ncd\r\nef\rg');
    assert.deepEqual(positionAt(starts, 0), { line: 1, column: 1 });
    assert.deepEqual(positionAt(starts, 4), { line: 2, column: 2 });
    assert.deepEqual(positionAt(starts, 7), { line: 3, column: 1 });
    assert.deepEqual(positionAt(starts, 10), { line: 4, column: 1 });
  });
});

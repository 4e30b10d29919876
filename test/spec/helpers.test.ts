import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editDistance, nearest } from '../../src/spec/edit-distance';
import { pathToString, pointerToPath } from '../../src/spec/json-path';
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

  it('positionAt is 1-based and handles \\n, \\r\\n and \\r', () => {
    const starts = lineStartsOf('ab\ncd\r\nef\rg');
    assert.deepEqual(positionAt(starts, 0), { line: 1, column: 1 });
    assert.deepEqual(positionAt(starts, 4), { line: 2, column: 2 });
    assert.deepEqual(positionAt(starts, 7), { line: 3, column: 1 });
    assert.deepEqual(positionAt(starts, 10), { line: 4, column: 1 });
  });
});

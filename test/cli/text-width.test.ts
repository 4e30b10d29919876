// Terminal tables: columns line up when a cell holds Chinese (two columns a character).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tableLines } from '../../src/cli/text-width';

test('tableLines pads by display width and right-aligns the columns asked', () => {
  const lines = tableLines(
    [
      ['参数', '已检查'],
      ['rnn.weight_ih_l0', '48/48'],
      ['b', '1/1'],
    ],
    [false, true],
  );
  // '参数' is 4 columns wide, '已检查' 6: the first column is 16 wide, the second 6
  assert.deepEqual(lines, [`参数${' '.repeat(12 + 2)}已检查`, `rnn.weight_ih_l0${' '.repeat(2 + 1)}48/48`, `b${' '.repeat(15 + 2 + 3)}1/1`]);
});

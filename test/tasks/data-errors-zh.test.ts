// Task data errors are data all the way down: every part of the message (the reason a JSON line does
// not parse, the columns a CSV has, the unit of a too-long sequence) is a catalogue message, so a
// Chinese front end shows no English sentence inside the Chinese one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderError } from '../../src/messages/errors';
import type { TaskSpec } from '../../src/spec/types';
import { createTask } from '../../src/tasks';
import { at, memoryIO, specOf, SPEC_DIR } from './task-helpers';

function errorOf(task: TaskSpec, file: string, text: string): unknown {
  try {
    createTask(specOf(task), SPEC_DIR, memoryIO({ [at(file)]: text }));
  } catch (e) {
    return e;
  }
  assert.fail('the task was accepted');
}

const classify = (text: string, split: 'tokens' | 'chars' | 'words' = 'words'): unknown =>
  errorOf({ kind: 'classify', file: 'd.jsonl', split, validation: 0 }, 'd.jsonl', text);

const cases: [string, unknown, RegExp, RegExp][] = [
  [
    'a CSV without the column',
    errorOf({ kind: 'series', file: 'w.csv', columns: ['pressure'], validation: 0.2 }, 'w.csv', 'time,temp\n1,2\n'),
    /^w\.csv:1：没有名为 "pressure" 的列；现有的列是 "time", "temp"$/,
    /there is no column "pressure"; the columns are "time", "temp"/,
  ],
  ['a JSON line cut short', classify('{"input": "a", "label": "x"\n'), /^d\.jsonl:1：第 \d+ 列不是有效的 JSON（[^a-z]*）/, /expected/],
  ['text after the value', classify('{"input": "a", "label": "x"} 1\n'), /JSON 值之后还有多余的文本/, /unexpected text after the JSON value/],
  ['a comment', classify('// note\n{"input": "a", "label": "x"}\n'), /JSON 行中不允许注释/, /comments are not allowed/],
  ['a line with no words', classify('{"input": "a", "label": "x"}\n{"input": "  ", "label": "y"}\n'), /"input" 中没有 words/, /"input" has no words/],
];

for (const [what, e, zh, en] of cases) {
  test(`task data error in Chinese, and in English: ${what}`, () => {
    assert.match(renderError(e, 'zh-cn'), zh);
    assert.match(renderError(e, 'en'), en);
  });
}

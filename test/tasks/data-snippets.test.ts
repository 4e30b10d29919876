// Errors about a data file never quote more than a short snippet of it (≤ 40 characters around the
// position, with the position marked): a data file may hold secrets (a .env, /proc/self/environ).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTask, TaskDataError } from '../../src/tasks';
import { snippetAt, SNIPPET_CHARS } from '../../src/tasks/snippet';
import type { TaskSpec } from '../../src/spec/types';
import { at, memoryIO, specOf, SPEC_DIR } from './task-helpers';

const SECRET = 'S3CRET';

function refusal(task: TaskSpec, text: string): TaskDataError {
  try {
    createTask(specOf(task, { batchSize: 2, bptt: 3 }), SPEC_DIR, memoryIO({ [at('data/f')]: text }));
  } catch (e) {
    assert.ok(e instanceof TaskDataError, String(e));
    return e;
  }
  assert.fail('expected a refusal');
}

/** The longest run of characters from `text` (≥ 8 long) that the message quotes. */
function longestQuoted(message: string, text: string): number {
  let best = 0;
  for (let i = 0; i < text.length; i++) {
    let n = 0;
    while (n < 200 && i + n < text.length && message.includes(text.slice(i, i + n + 1))) n++;
    best = Math.max(best, n);
  }
  return best;
}

test('snippetAt: at most 40 characters of the text around the position, which is marked', () => {
  const text = 'a'.repeat(100) + 'X' + 'b'.repeat(100);
  const s = snippetAt(text, 100);
  assert.ok(s.includes('▶X'), s);
  const chars = s.replace(/[…▶"]/g, '');
  assert.ok(chars.length <= SNIPPET_CHARS, `${chars.length}: ${s}`);
  assert.equal(snippetAt('short', 2), '"sh▶ort"');
  assert.match(snippetAt('a\u0000b', 1), /\\u0000/, 'control characters are escaped');
});

test('classify: a JSON error on a long line quotes a short marked snippet, with the column', () => {
  const line = `{"input": "${SECRET}${'k'.repeat(300)}", "label": oops ${'v'.repeat(300)}}`;
  const e = refusal({ kind: 'classify', file: 'data/f', split: 'chars', validation: 0 }, `${line}\n`);
  assert.match(e.message, /^data\/f:1: not valid JSON at column \d+/);
  assert.ok(e.message.includes('▶'), e.message);
  assert.ok(longestQuoted(e.message, line) <= SNIPPET_CHARS, e.message);
  assert.ok(!e.message.includes(SECRET));
});

test('classify: an environ-like file (NUL-separated secrets) is not quoted beyond a snippet', () => {
  const environ = `AWS_SECRET_ACCESS_KEY=${'Z'.repeat(60)}\u0000HOME=/root\u0000TOKEN=${'T'.repeat(60)}\u0000`;
  const e = refusal({ kind: 'classify', file: 'data/f', split: 'chars', validation: 0 }, environ);
  assert.ok(longestQuoted(e.message, environ) <= SNIPPET_CHARS, e.message);
  assert.ok(!e.message.includes('T'.repeat(10)), e.message);
});

test('series: a missing column does not list a huge header; a non-number cell is clipped', () => {
  const header = Array.from({ length: 50 }, (_, i) => `${SECRET}_column_${i}`).join(',');
  const e = refusal({ kind: 'series', file: 'data/f', columns: ['price'], validation: 0 }, `${header}\n1\n2\n`);
  assert.match(e.message, /no column "price"/);
  assert.ok(longestQuoted(e.message, header) <= SNIPPET_CHARS, e.message);

  const cell = `${SECRET}${'q'.repeat(200)}`;
  const c = refusal({ kind: 'series', file: 'data/f', columns: ['price'], validation: 0 }, `price\n1\n${cell}\n3\n`);
  assert.match(c.message, /^data\/f:3:1: column "price" has /);
  assert.ok(longestQuoted(c.message, cell) <= SNIPPET_CHARS, c.message);
});

test('classify: a single long label is clipped in the message', () => {
  const label = `${SECRET}${'L'.repeat(200)}`;
  const lines = [1, 2, 3].map((i) => JSON.stringify({ input: `text ${i}`, label })).join('\n');
  const e = refusal({ kind: 'classify', file: 'data/f', split: 'chars', validation: 0 }, lines);
  assert.match(e.message, /classification needs at least two labels/);
  assert.ok(longestQuoted(e.message, label) <= SNIPPET_CHARS, e.message);
});

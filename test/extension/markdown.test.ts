// Workspace text (run names, messages, config values from run.json; spec names) goes into tooltips as
// Markdown: it must read as the text it is, never as links, images, HTML, headings or emphasis.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeMarkdown, runTooltipMarkdown, statusTooltipMarkdown } from '../../src/extension/util/markdown';

const HOSTILE =
  '**bold** [click](command:rnnLab.deleteRun?%7B%7D) ![x](https://evil/x.png) <img src=x onerror=alert(1)> `code` # head $(zap) _u_ https://evil.example';

/** Every Markdown-significant ASCII character in `md` outside the given allowed spans is backslash-escaped. */
function unescapedSpecials(md: string): string[] {
  const bad: string[] = [];
  for (let i = 0; i < md.length; i++) {
    const c = md[i];
    if (!/[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/.test(c)) continue;
    if (c === '\\') {
      i++; // an escape: skip the escaped character
      continue;
    }
    bad.push(c);
  }
  return bad;
}

/** `raw` appears in `md` with its first character not backslash-escaped. */
function containsUnescaped(md: string, raw: string): boolean {
  for (let i = md.indexOf(raw); i >= 0; i = md.indexOf(raw, i + 1)) if (md[i - 1] !== '\\') return true;
  return false;
}

test('escapeMarkdown escapes every ASCII punctuation character; plain words are untouched', () => {
  const e = escapeMarkdown(HOSTILE);
  assert.deepEqual(unescapedSpecials(e), []);
  assert.equal(escapeMarkdown('plain words 123'), 'plain words 123');
  assert.equal(escapeMarkdown('a*b'), 'a\\*b');
  assert.equal(escapeMarkdown('line one\nline two'), 'line one  \nline two', 'newlines become line breaks, not blocks');
  assert.ok(!/\n\s*\n/.test(escapeMarkdown('a\n\n\n    b')), 'no blank line (a new block) survives');
});

test('the run tooltip escapes the name, message, note and config values from run.json', () => {
  const md = runTooltipMarkdown({
    id: '20261126-181502-x-0000',
    name: HOSTILE,
    status: 'failed',
    summary: { steps: 3, message: HOSTILE, finalLoss: 1.5 },
    config: { steps: 10, cell: '<b>lstm</b>', hiddenSize: '[x](y)', layers: 2, optimizer: '**adam**', learningRate: '`1`' },
    note: HOSTILE,
  });
  for (const raw of ['**bold**', '[click](', '![x]', '<img', '<b>', '[x](y)', '**adam**', '`1`', '$(zap)']) {
    assert.ok(!containsUnescaped(md, raw), `${raw} must not reach the tooltip as markup:\n${md}`);
  }
  assert.match(md, /^\*\*.*\*\* — `20261126-181502-x-0000`/, "the tooltip's own markup is kept");
});

test('the status bar tooltip escapes the spec name and the message', () => {
  const md = statusTooltipMarkdown({ name: HOSTILE, phase: 'failed', step: '3/10', loss: '1.5', valLoss: '—', message: HOSTILE, others: 0 });
  for (const raw of ['**bold**', '[click](', '<img', '$(zap)']) assert.ok(!containsUnescaped(md, raw), raw);
  assert.match(md, /Click to open the panel\./);
});

// No English sentence is left in the panel's view code: every text a user reads comes from the
// catalogue (src/messages). A simple scan of string literals (quotes and template literals) in
// webview/**/*.ts, outside webview/dev/: a literal with two or more Latin words separated by a space
// is prose, unless it is on the allow-list (CSS classes, equations, PyTorch names, code).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const WEBVIEW = path.resolve(__dirname, '../../webview');

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'dev') yield* files(p);
    } else if (name.endsWith('.ts')) yield p;
  }
}

/** String literals with their line, comments dropped; ${…} inside template literals become a space. */
function literals(text: string): { value: string; line: number }[] {
  const out: { value: string; line: number }[] = [];
  const noComments = text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const re = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.|\$\{[^}]*\})*`/g;
  for (const m of noComments.matchAll(re)) {
    const value = m[0].slice(1, -1).replace(/\$\{[^}]*\}/g, ' ');
    out.push({ value, line: noComments.slice(0, m.index).split('\n').length });
  }
  return out;
}

/** Literals that are not prose: CSS classes, selectors, equations, names, format snippets. */
const ALLOWED: RegExp[] = [
  /^[a-z0-9- ]+$/, // class lists: 'view loss-view', 'data param-table', `tag tag-${kind}`
  /@/, // the notes views hand the test API (ctx.rendered), never shown
  /^WebAssembly SIMD$/, // a product name
  /[=⟨⟩⊙σ·∂‖]/, // equations and notation
  /^(W|b)_/, // parameter symbols
  /\b(weight|bias)(_[a-z]+)?\b.*\./, // PyTorch names
  /^[^A-Za-z]*$/, // no letters
  /^\s*(px|em|%|ms)\b/,
  /^(tanh|relu|GELU)\b/,
];

/** Two or more Latin words separated by a space (a sentence or a label). */
const PROSE = /[A-Za-z]{2,}[,.;:]? +[A-Za-z]{2,}/;

describe('webview strings', () => {
  it('no English prose in webview/**/*.ts outside the catalogue', () => {
    const found: string[] = [];
    for (const file of files(WEBVIEW)) {
      const text = readFileSync(file, 'utf8');
      for (const { value, line } of literals(text)) {
        if (!PROSE.test(value) || ALLOWED.some((re) => re.test(value))) continue;
        if (/^import |from '/.test(value)) continue;
        found.push(`${path.relative(WEBVIEW, file)}:${line}: ${JSON.stringify(value)}`);
      }
    }
    assert.deepEqual(found, []);
  });
});

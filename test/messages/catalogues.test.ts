// Every catalogue has a zh-CN entry for every key, with the same placeholders: the message catalogue
// (src/messages), the extension host's l10n bundle, package.nls, and the schema's translation table.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EN } from '../../src/messages/catalog';
import { placeholders } from '../../src/messages/render';
import { ZH_CN } from '../../src/messages/zh-cn';
// @ts-expect-error: an .mjs script without types
import { extensionKeys } from '../../scripts/l10n-keys.mjs';
// @ts-expect-error: an .mjs script without types
import { loadSchemaAndTable, schemaTexts, translateSchema } from '../../scripts/build-schema-zh-cn.mjs';

const ROOT = path.resolve(__dirname, '../..');
const json = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));
const sorted = (s: Set<string>) => [...s].sort().join(',');
/** vscode.l10n.t's positional placeholders: {0}, {1} … */
const positional = (s: string) => new Set([...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]));

describe('message catalogue (src/messages)', () => {
  it('zh-cn has every code, with the same placeholders', () => {
    const bad: string[] = [];
    for (const [code, en] of Object.entries(EN)) {
      const zh = (ZH_CN as Record<string, string>)[code];
      if (zh === undefined)
        bad.push(`${code}: missing`); // '' is allowed: a word Chinese does without ("here")
      else if (sorted(placeholders(en)) !== sorted(placeholders(zh))) bad.push(`${code}: {${sorted(placeholders(en))}} vs {${sorted(placeholders(zh))}}`);
    }
    assert.deepEqual(bad, []);
    assert.deepEqual(
      Object.keys(ZH_CN).filter((k) => !(k in EN)),
      [],
      'zh-cn codes that English does not have',
    );
  });
});

describe('extension host bundle (l10n/)', () => {
  const keys: string[] = extensionKeys(ROOT);
  const zh = json('l10n/bundle.l10n.zh-cn.json') as Record<string, string>;
  it('finds the host messages', () => assert.ok(keys.length > 100, `${keys.length} keys`));
  it('bundle.l10n.zh-cn.json has every vscode.l10n.t key, with the same {n} placeholders', () => {
    assert.deepEqual(
      keys.filter((k) => !(k in zh)),
      [],
    );
    assert.deepEqual(
      keys.filter((k) => sorted(positional(k)) !== sorted(positional(zh[k]))),
      [],
    );
  });
  it('the English bundle lists the same keys (npm run l10n:keys rewrites it)', () => {
    assert.deepEqual(Object.keys(json('l10n/bundle.l10n.json')).sort(), [...keys].sort());
  });
});

describe('package.nls', () => {
  const pkg = readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  const en = json('package.nls.json') as Record<string, string>;
  const zh = json('package.nls.zh-cn.json') as Record<string, string>;
  it('every %key% of package.json is in package.nls.json', () => {
    const refs = [...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(refs.length > 20);
    assert.deepEqual(
      refs.filter((k) => !(k in en)),
      [],
    );
  });
  it('package.nls.zh-cn.json has every key', () =>
    assert.deepEqual(
      Object.keys(en).filter((k) => !(k in zh)),
      [],
    ));
  it('command titles and settings are no longer written in package.json itself', () => {
    const p = JSON.parse(pkg);
    for (const c of p.contributes.commands) assert.match(c.title, /^%.+%$/);
    for (const [k, v] of Object.entries<any>(p.contributes.configuration.properties)) assert.match(v.description ?? v.markdownDescription, /^%.+%$/, k);
  });
  it('the Chinese jsonValidation points at the Chinese schema', () => {
    assert.equal(en['jsonValidation.rnnSchema.url'], './schema/rnn.schema.json');
    assert.equal(zh['jsonValidation.rnnSchema.url'], './schema/rnn.schema.zh-cn.json');
  });
});

describe('schema translation (schema/rnn.schema.zh-cn.table.json)', () => {
  const { schema, table } = loadSchemaAndTable(ROOT);
  it('every description, markdownDescription, enumDescriptions and snippet text has a translation', () => {
    const texts: string[] = schemaTexts(schema);
    assert.ok(texts.length > 100);
    assert.deepEqual(
      texts.filter((s) => !(s in table)),
      [],
    );
  });
  it('no stale translations', () => {
    const texts = new Set<string>(schemaTexts(schema));
    assert.deepEqual(
      Object.keys(table).filter((k) => !texts.has(k)),
      [],
    );
  });
  it('schema/rnn.schema.zh-cn.json is up to date (npm run build regenerates it)', () => {
    const zh = translateSchema(schema, table);
    zh.$id = String(zh.$id).replace(/rnn\.schema\.json$/, 'rnn.schema.zh-cn.json');
    assert.deepEqual(json('schema/rnn.schema.zh-cn.json'), zh);
  });
  it("translations keep the text's code spans and placeholders", () => {
    const bad = Object.entries<string>(table).filter(([en, zh]) => {
      const fences = (s: string) => [...s.matchAll(/```[\s\S]*?```/g)].map((m) => m[0]).join('|');
      const spans = (s: string) =>
        fences(s) +
        [...s.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`]+)`/g)]
          .map((m) => m[1])
          .sort()
          .join('|');
      return spans(en) !== spans(zh);
    });
    assert.deepEqual(
      bad.map(([en]) => en),
      [],
    );
  });
});

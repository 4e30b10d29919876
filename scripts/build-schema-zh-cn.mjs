// schema/rnn.schema.zh-cn.json: the spec's JSON Schema with its hover texts in Simplified Chinese,
// generated from schema/rnn.schema.json (the single source of truth) and the translation table
// schema/rnn.schema.zh-cn.table.json (English text → 中文). Run by `npm run build`; the extension's
// jsonValidation points at it when VS Code runs in Chinese (package.nls.zh-cn.json swaps the URL).
// `--check` exits 1 when a text has no translation (test/messages/catalogues.test.ts checks it too).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TEXT_KEYS = new Set(['title', 'description', 'markdownDescription', 'deprecationMessage', 'errorMessage']);
const LIST_KEYS = new Set(['enumDescriptions', 'markdownEnumDescriptions']);
const SNIPPET_KEYS = ['label', 'description', 'markdownDescription'];

/** Every text a user reads in the schema (hovers, completions, snippet labels), in document order. */
export function schemaTexts(schema) {
  const out = [];
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (TEXT_KEYS.has(k) && typeof v === 'string') out.push(v);
      else if (LIST_KEYS.has(k) && Array.isArray(v)) out.push(...v.filter((x) => typeof x === 'string'));
      else if (k === 'defaultSnippets' && Array.isArray(v)) {
        for (const s of v) for (const sk of SNIPPET_KEYS) if (typeof s[sk] === 'string') out.push(s[sk]);
      } else walk(v);
    }
  };
  walk(schema);
  return [...new Set(out)];
}

/** The schema with every text replaced by its translation (untranslated texts stay English). */
export function translateSchema(schema, table) {
  const tr = (s) => table[s] ?? s;
  const walk = (node) => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (TEXT_KEYS.has(k) && typeof v === 'string') out[k] = tr(v);
      else if (LIST_KEYS.has(k) && Array.isArray(v)) out[k] = v.map((x) => (typeof x === 'string' ? tr(x) : x));
      else if (k === 'defaultSnippets' && Array.isArray(v))
        out[k] = v.map((s) => Object.fromEntries(Object.entries(s).map(([sk, sv]) => [sk, SNIPPET_KEYS.includes(sk) && typeof sv === 'string' ? tr(sv) : sv])));
      else out[k] = walk(v);
    }
    return out;
  };
  return walk(schema);
}

export function loadSchemaAndTable(root = ROOT) {
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'schema', 'rnn.schema.json'), 'utf8'));
  const table = JSON.parse(fs.readFileSync(path.join(root, 'schema', 'rnn.schema.zh-cn.table.json'), 'utf8'));
  return { schema, table };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { schema, table } = loadSchemaAndTable();
  const missing = schemaTexts(schema).filter((s) => !(s in table));
  const zh = translateSchema(schema, table);
  zh.$id = typeof zh.$id === 'string' ? zh.$id.replace(/rnn\.schema\.json$/, 'rnn.schema.zh-cn.json') : zh.$id;
  fs.writeFileSync(path.join(ROOT, 'schema', 'rnn.schema.zh-cn.json'), JSON.stringify(zh, null, 2) + '\n');
  if (missing.length) {
    console.warn(`schema/rnn.schema.zh-cn.json: ${missing.length} text(s) without a translation in rnn.schema.zh-cn.table.json (left in English):`);
    for (const m of missing) console.warn(`  ${JSON.stringify(m)}`);
    if (process.argv.includes('--check')) process.exit(1);
  }
}

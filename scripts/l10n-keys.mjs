// The extension host's message keys: the first argument of every vscode.l10n.t('…') in src/extension/
// (and of t('…') in src/extension/util/markdown.ts, which callers hand vscode.l10n.t). VS Code's l10n
// bundles are keyed by these English strings. `node scripts/l10n-keys.mjs` writes l10n/bundle.l10n.json
// (the English bundle, the list of keys for translators) and lists keys missing from bundle.l10n.zh-cn.json.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function* tsFiles(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

/** A JS string literal ('…' or "…") starting at text[i]: its value and where it ends. */
function readLiteral(text, i) {
  const q = text[i];
  let out = '';
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') {
      const n = text[++j];
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n;
    } else if (c === q) return { value: out, end: j + 1 };
    else out += c;
  }
  return undefined;
}

export function extensionKeys(root = ROOT) {
  const keys = new Set();
  for (const file of tsFiles(path.join(root, 'src', 'extension'))) {
    const text = fs.readFileSync(file, 'utf8');
    const re = file.endsWith(path.join('util', 'markdown.ts')) ? /\bt\(\s*(['"])/g : /\bl10n\.t\(\s*(['"])/g;
    for (const m of text.matchAll(re)) {
      const lit = readLiteral(text, m.index + m[0].length - 1);
      if (lit) keys.add(lit.value);
    }
  }
  return [...keys].sort();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const keys = extensionKeys();
  const en = Object.fromEntries(keys.map((k) => [k, k]));
  fs.writeFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), JSON.stringify(en, null, 2) + '\n');
  const zhFile = path.join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json');
  const zh = fs.existsSync(zhFile) ? JSON.parse(fs.readFileSync(zhFile, 'utf8')) : {};
  const missing = keys.filter((k) => !(k in zh));
  console.log(`${keys.length} keys; ${missing.length} missing in bundle.l10n.zh-cn.json`);
  for (const k of missing) console.log(JSON.stringify(k));
}

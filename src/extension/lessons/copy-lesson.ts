// Copies a lesson's prepared spec (examples/lessons/<spec>.rnn.json in the extension) and the data
// file it names into the learner's lessons folder. No vscode import: the tests call it directly.
import { applyEdits, modify, parse } from 'jsonc-parser';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The lesson's spec in `dir` (copied there with its data the first time); returns its path. */
export function copyLesson(lessonsDir: string, dir: string, spec: string): string {
  const file = `${spec}.rnn.json`;
  const from = path.join(lessonsDir, file);
  const to = path.join(dir, file);
  const text = readFileSync(from, 'utf8');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(to)) writeFileSync(to, withoutSchema(text));
  const data = (parse(text) as { task?: { file?: unknown } } | undefined)?.task?.file;
  if (typeof data === 'string') {
    const dataTo = path.resolve(dir, data);
    if (!existsSync(dataTo) && inside(dataTo, dir)) {
      mkdirSync(path.dirname(dataTo), { recursive: true });
      copyFileSync(path.resolve(lessonsDir, data), dataTo);
    }
  }
  return to;
}

/** The shipped specs point $schema at ../../schema/; a copy relies on the extension's jsonValidation. */
function withoutSchema(text: string): string {
  return applyEdits(text, modify(text, ['$schema'], undefined, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

// Copies a shipped spec (an example, a lesson) into the user's folder with the data file it names.
// No vscode import: tests call it directly.
import { applyEdits, modify, parse } from 'jsonc-parser';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes `fromDir/file` to `target` without its `$schema` (the shipped specs point it at
 * ../schema/; a copy relies on the extension's jsonValidation), then copies the data file it names,
 * relative to both, unless one is there already or it would land outside the target's folder.
 */
export function copySpecWithData(fromDir: string, file: string, target: string): void {
  const text = readFileSync(path.join(fromDir, file), 'utf8');
  const dir = path.dirname(target);
  mkdirSync(dir, { recursive: true });
  writeFileSync(target, withoutSchemaPath(text));
  const data = (parse(text) as { task?: { file?: unknown } } | undefined)?.task?.file;
  if (typeof data !== 'string') return;
  const from = path.resolve(fromDir, data);
  const to = path.resolve(dir, data);
  if (existsSync(from) && !existsSync(to) && isInside(to, dir)) {
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(from, to);
  }
}

function withoutSchemaPath(text: string): string {
  return applyEdits(text, modify(text, ['$schema'], undefined, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

// task.file must name an existing file, resolved against the spec's folder.
import { msg } from '../messages/render';
import type { Message } from '../messages/types';
import type { SpecProblem } from './problem';
import type { SpecDocument } from './spec-document';

const KINDS_WITH_FILE = new Set(['char-lm', 'word-lm', 'classify', 'series']);

export interface FileAccess {
  specDir: string;
  fileExists: (absPath: string) => boolean;
  resolvePath: (specDir: string, rel: string) => string;
  /** Why an existing data file may not be read (it is outside the workspace), or undefined. */
  dataOutside?: (absPath: string) => Message | undefined;
}

/** The absolute data file of a raw (possibly invalid) spec, when it names one. */
export function dataFileOf(raw: unknown, specDir: string, resolvePath: FileAccess['resolvePath']): string | undefined {
  const task = (raw as { task?: { kind?: unknown; file?: unknown } } | undefined)?.task;
  if (!task || typeof task.kind !== 'string' || !KINDS_WITH_FILE.has(task.kind)) return undefined;
  if (typeof task.file !== 'string' || task.file === '') return undefined;
  return resolvePath(specDir, task.file);
}

/** Runs on the raw value, so a missing file is reported together with any schema problems. */
export function dataFileProblems(raw: unknown, doc: SpecDocument, io: FileAccess): SpecProblem[] {
  const abs = dataFileOf(raw, io.specDir, io.resolvePath);
  if (abs === undefined) return [];
  if (io.fileExists(abs)) {
    const outside = io.dataOutside?.(abs);
    return outside ? [doc.problemAt(['task', 'file'], 'value', outside)] : [];
  }
  return [doc.problemAt(['task', 'file'], 'value', msg('spec.dataFileMissing', { path: abs }))];
}

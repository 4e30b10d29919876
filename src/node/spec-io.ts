// Node-side conveniences around parseSpec (src/spec/parse.ts): real file checks and reading a spec from disk.
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { msg, render } from '../messages/render';
import { findWorkspaceRoot } from './workspace-root';
import type { DataAccess } from '../train/training-host';
import { dataOutsideMessage } from './data-access';
import { parseSpec, type ParseSpecOptions, type ParseSpecResult } from '../spec/parse';

function isFile(absPath: string): boolean {
  try {
    return statSync(absPath).isFile();
  } catch {
    return false;
  }
}

/** "experiments/adding.rnn.json" -> "adding". */
export function specNameFromPath(specPath: string): string {
  return basename(specPath)
    .replace(/\.rnn\.json$/i, '')
    .replace(/\.json$/i, '');
}

/**
 * parseSpec options for a spec at specPath on the local file system. A data file that resolves outside
 * the workspace is an error unless `access.allowOutside`.
 */
export function nodeSpecOptions(specPath: string, access: DataAccess = {}): Required<ParseSpecOptions> {
  let root: string | undefined = access.workspaceRoot;
  return {
    specDir: dirname(resolve(specPath)),
    fileExists: isFile,
    resolvePath: (specDir, rel) => resolve(specDir, rel),
    dataOutside: (abs) => dataOutsideMessage(abs, (root ??= findWorkspaceRoot(specPath)), access.allowOutside),
    defaultName: specNameFromPath(specPath),
  };
}

/** Reads and parses a spec file; an unreadable file becomes a problem, not an exception. */
export function parseSpecFile(specPath: string, access: DataAccess = {}): ParseSpecResult {
  let text: string;
  try {
    text = readFileSync(specPath, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? msg('error.noSuchFile') : (err as Error).message;
    const m = msg('spec.cannotRead', { reason, path: resolve(specPath) });
    return { problems: [{ path: '', line: 1, column: 1, offset: 0, length: 0, code: m.code, args: m.args, message: render(m, 'en'), severity: 'error' }] };
  }
  return parseSpec(text.replace(/^\uFEFF/, ''), nodeSpecOptions(specPath, access));
}

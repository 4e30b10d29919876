// Data files are read only from inside the workspace unless the user allows otherwise: a spec can name
// /proc/self/environ, ../../secrets or a symbolic link out of the workspace (a cloned repository can
// ship one), and an error would then quote what it read.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { msg, render } from '../messages/render';
import type { Message } from '../messages/types';

function real(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * Why `absPath` may not be read as data: it resolves (following every link) outside the workspace root.
 * Undefined when it is inside, when it does not exist (reported elsewhere), or when allowed.
 */
export function dataOutsideWorkspace(absPath: string, workspaceRoot: string, allowOutside = false): string | undefined {
  const m = dataOutsideMessage(absPath, workspaceRoot, allowOutside);
  return m && render(m, 'en');
}

/** dataOutsideWorkspace as a catalogue message. */
export function dataOutsideMessage(absPath: string, workspaceRoot: string, allowOutside = false): Message | undefined {
  if (allowOutside) return undefined;
  let resolved: string;
  try {
    resolved = realpathSync.native(absPath);
  } catch {
    return undefined; // a missing file is reported as missing
  }
  const root = real(workspaceRoot);
  const rel = path.relative(root, resolved);
  if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return undefined;
  const hint = msg('spec.allowOutsideHint');
  return resolved === path.resolve(absPath)
    ? msg('spec.dataOutside', { path: absPath, root, hint })
    : msg('spec.dataOutsideLink', { path: absPath, resolved, root, hint });
}

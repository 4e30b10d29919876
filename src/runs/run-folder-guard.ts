// The only folders the store will list or remove: real directories that are direct children of a runs
// folder that is itself a real directory (`.rnn-lab` and `.rnn-lab/runs`: no symbolic link at any level,
// since a cloned repository can ship one pointing anywhere).
import { UserError } from '../messages/errors';
import { msg } from '../messages/render';
import type { Message } from '../messages/types';
import { isValidRunId } from './run-files';
import { errorCode, type RunFs } from './run-fs';

/**
 * Why `.rnn-lab/` or `.rnn-lab/runs/` must not be used (a symbolic link, or not a folder), as a
 * message, or undefined when both are real folders or do not exist yet (no runs).
 */
export function runsDirProblem(fs: RunFs, runsDir: string): Message | undefined {
  const { path } = fs;
  const labDir = path.dirname(runsDir);
  for (const dir of [labDir, runsDir]) {
    let stat: ReturnType<RunFs['lstat']>;
    try {
      stat = fs.lstat(dir);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return undefined; // nothing there yet: no runs
      return msg('runs.dirUnreadable', { dir, reason: (err as Error).message });
    }
    if (stat.isSymbolicLink()) {
      let target = '?';
      try {
        target = fs.readlink(dir);
      } catch {
        // the target does not matter for the refusal
      }
      return msg('runs.dirSymlink', { dir, target });
    }
    if (!stat.isDirectory()) return msg('runs.dirNotFolder', { dir });
  }
  return undefined;
}

/** The run folder for `id`, or a UserError saying why it must not be touched (traversal, symlink, file, missing). */
export function checkedRunFolder(fs: RunFs, runsDir: string, id: string): string {
  const { path } = fs;
  if (!isValidRunId(id)) {
    throw new UserError(msg('runs.refuseNotId', { id, dir: runsDir }));
  }
  const unsafe = runsDirProblem(fs, runsDir);
  if (unsafe) throw new UserError(msg('runs.refuseRun', { id, reason: unsafe }));
  const folder = path.join(runsDir, id);
  let stat: ReturnType<RunFs['lstat']>;
  try {
    stat = fs.lstat(folder);
  } catch {
    throw new UserError(msg('error.noRun', { id, dir: runsDir }));
  }
  if (stat.isSymbolicLink()) throw new UserError(msg('runs.refuseSymlink', { folder }));
  if (!stat.isDirectory()) throw new UserError(msg('runs.refuseNotFolder', { folder }));
  // With no link at .rnn-lab, runs or the run folder, the real path is the workspace's real path plus
  // .rnn-lab/runs/<id>; anything else means a link or a mount changed under us.
  const expected = path.join(fs.realpath(path.dirname(path.dirname(runsDir))), path.basename(path.dirname(runsDir)), path.basename(runsDir), id);
  const realFolder = fs.realpath(folder);
  if (realFolder !== expected) {
    throw new UserError(msg('runs.refuseElsewhere', { folder, real: realFolder, expected }));
  }
  return folder;
}

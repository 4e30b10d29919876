// The only folders the store will list or remove: real directories that are direct children of a runs
// folder that is itself a real directory (`.rnn-lab` and `.rnn-lab/runs`: no symbolic link at any level,
// since a cloned repository can ship one pointing anywhere).
import { isValidRunId } from './run-files';
import { errorCode, type RunFs } from './run-fs';

/**
 * Why `.rnn-lab/` or `.rnn-lab/runs/` must not be used (a symbolic link, or not a folder), or undefined
 * when both are real folders or do not exist yet (no runs).
 */
export function runsDirProblem(fs: RunFs, runsDir: string): string | undefined {
  const { path } = fs;
  const labDir = path.dirname(runsDir);
  for (const dir of [labDir, runsDir]) {
    let stat: ReturnType<RunFs['lstat']>;
    try {
      stat = fs.lstat(dir);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return undefined; // nothing there yet: no runs
      return `${dir} cannot be read (${(err as Error).message})`;
    }
    if (stat.isSymbolicLink()) {
      let target = '';
      try {
        target = ` to ${fs.readlink(dir)}`;
      } catch {
        // the target does not matter for the refusal
      }
      return `${dir} is a symbolic link${target}, not a folder; RNN Lab only reads and deletes runs in a real .rnn-lab/runs/ folder inside the workspace (remove the link to use it)`;
    }
    if (!stat.isDirectory()) return `${dir} is not a folder`;
  }
  return undefined;
}

/** The run folder for `id`, or an Error saying why it must not be touched (traversal, symlink, file, missing). */
export function checkedRunFolder(fs: RunFs, runsDir: string, id: string): string {
  const { path } = fs;
  if (!isValidRunId(id)) {
    throw new Error(`Refusing "${id}": not a run id (a folder name directly inside ${runsDir})`);
  }
  const unsafe = runsDirProblem(fs, runsDir);
  if (unsafe) throw new Error(`Refusing to delete run ${id}: ${unsafe}`);
  const folder = path.join(runsDir, id);
  let stat: ReturnType<RunFs['lstat']>;
  try {
    stat = fs.lstat(folder);
  } catch {
    throw new Error(`No run ${id} in ${runsDir}`);
  }
  if (stat.isSymbolicLink()) throw new Error(`Refusing ${folder}: it is a symbolic link, not a run folder`);
  if (!stat.isDirectory()) throw new Error(`Refusing ${folder}: it is not a folder`);
  // With no link at .rnn-lab, runs or the run folder, the real path is the workspace's real path plus
  // .rnn-lab/runs/<id>; anything else means a link or a mount changed under us.
  const expected = path.join(fs.realpath(path.dirname(path.dirname(runsDir))), path.basename(path.dirname(runsDir)), path.basename(runsDir), id);
  const realFolder = fs.realpath(folder);
  if (realFolder !== expected) {
    throw new Error(`Refusing ${folder}: it resolves to ${realFolder}, not ${expected}`);
  }
  return folder;
}

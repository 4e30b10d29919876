// The only folders the store will remove: real directories that are direct children of the runs folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isValidRunId } from './run-files';

/** The run folder for `id`, or an Error saying why it must not be touched (traversal, symlink, file, missing). */
export function checkedRunFolder(runsDir: string, id: string): string {
  if (!isValidRunId(id)) {
    throw new Error(`Refusing "${id}": not a run id (a folder name directly inside ${runsDir})`);
  }
  const folder = path.join(runsDir, id);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(folder);
  } catch {
    throw new Error(`No run ${id} in ${runsDir}`);
  }
  if (stat.isSymbolicLink()) throw new Error(`Refusing ${folder}: it is a symbolic link, not a run folder`);
  if (!stat.isDirectory()) throw new Error(`Refusing ${folder}: it is not a folder`);
  const realRuns = fs.realpathSync(runsDir);
  const realFolder = fs.realpathSync(folder);
  if (path.dirname(realFolder) !== realRuns || path.basename(realFolder) !== id) {
    throw new Error(`Refusing ${folder}: it resolves to ${realFolder}, outside ${realRuns}`);
  }
  return folder;
}

// The CLI's workspace root for a spec: its nearest ancestor folder holding `.git`, else the spec's own folder.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function findWorkspaceRoot(specPath: string): string {
  const specDir = path.dirname(path.resolve(specPath));
  let dir = specDir;
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir; // a folder, or a file (worktrees, submodules)
    const parent = path.dirname(dir);
    if (parent === dir) return specDir;
    dir = parent;
  }
}

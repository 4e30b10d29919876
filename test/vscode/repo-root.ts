// The repository root, found from here whether running as test/vscode/*.ts (tsx) or bundled out/test/vscode/*.js.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function findRepoRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'test', 'vscode'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the repository root above ${from}`);
    dir = up;
  }
  return dir;
}

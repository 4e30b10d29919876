// Shared by the export tests: Debian's /usr/bin/python3 with torch (scripts/install-torch.sh), the
// real CLI, and temp workspaces. Without torch the tests fail under CI and skip elsewhere.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, type TestContext } from 'node:test';

export const PYTHON = '/usr/bin/python3';
export const REPO = path.resolve(__dirname, '../..');
export const EXPORT_PY = path.join(REPO, 'src/export/python');

let torchVersion: string | null | undefined;

/** torch's version, or null if /usr/bin/python3 cannot import it. */
export function torchAvailable(): string | null {
  if (torchVersion === undefined) {
    const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    torchVersion = r.status === 0 ? r.stdout.trim() : null;
  }
  return torchVersion;
}

/** True when the test may go on; under CI a missing torch is a failure, elsewhere a skip. */
export function needTorch(t: TestContext): boolean {
  if (torchAvailable()) return true;
  const why = `${PYTHON} cannot import torch: run 'bash scripts/install-torch.sh' (installs Debian's python3-torch)`;
  if (process.env.CI) throw new Error(why);
  t.skip(why);
  return false;
}

export function python(args: string[], cwd: string, timeoutMs = 180_000): SpawnSyncReturns<string> {
  return spawnSync(PYTHON, args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, OMP_NUM_THREADS: '1' } });
}

/** A fresh workspace (with .git) holding copies of the given repo files. */
export function workspaceWith(files: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-export-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, '.git'));
  for (const f of files) {
    const to = path.join(dir, f);
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(path.join(REPO, f), to);
  }
  return dir;
}

/** torchrun, or the module it runs. */
export function torchrunCommand(): string[] {
  for (const p of ['/usr/bin/torchrun', '/usr/local/bin/torchrun']) if (existsSync(p)) return [p];
  return [PYTHON, '-m', 'torch.distributed.run'];
}

export function readJson(file: string): any {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function jsonEvents(text: string): Array<Record<string, any>> {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

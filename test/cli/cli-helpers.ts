// Run the real, built CLI (out/cli.js) in a temp workspace.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CLI = path.resolve(__dirname, '../../out/cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** env: variables to set (or, as undefined, to unset) for this run, over the test's own environment. */
export function rnnLab(args: string[], cwd: string, timeoutMs = 120_000, env?: Record<string, string | undefined>): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: timeoutMs, env: env ? { ...process.env, ...env } : undefined });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function rnnLabAsync(args: string[], cwd: string) {
  return spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A fresh workspace (with .git so it is its own root) holding the given files. */
export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-cli-'));
  mkdirSync(path.join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export function jsonLines(text: string): Array<Record<string, any>> {
  return text
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l));
}

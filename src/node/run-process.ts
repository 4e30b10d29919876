// The run store's process port (src/runs/run-process.ts) on Node: this host, this pid, and signal 0 to
// ask whether another process is alive.
import * as os from 'node:os';
import type { RunProcess } from '../runs/run-process';

function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
  }
}

export function nodeRunProcess(): RunProcess {
  return { hostname: os.hostname(), pid: process.pid, isProcessAlive };
}

// Deciding whether a run recorded as 'running' still has a live process behind it.
import type { RunRecord } from './run-record';

/** A writer heartbeats at least this often while it appends events (RunWriter does it on append). */
export const HEARTBEAT_INTERVAL_MS = 30_000;
/** A run on another host with no heartbeat for this long is taken as interrupted. */
export const STALE_HEARTBEAT_MS = 10 * 60_000;

export interface LivenessCheck {
  hostname: string;
  now: number; // ms since epoch
  staleAfterMs: number;
  isAlive(pid: number): boolean;
}

/**
 * Why a run recorded as running is not running any more, or undefined if it may be.
 * Same host: its pid is gone. Another host (pids mean nothing here): its heartbeat is stale.
 */
export function orphanReason(record: Pick<RunRecord, 'status' | 'pid' | 'hostname' | 'updatedAt'>, check: LivenessCheck): string | undefined {
  if (record.status !== 'running') return undefined;
  if (record.hostname === check.hostname) {
    return check.isAlive(record.pid) ? undefined : `its process (pid ${record.pid}) is no longer running`;
  }
  const beat = Date.parse(record.updatedAt);
  if (!Number.isFinite(beat)) return `it has no valid heartbeat from ${record.hostname || 'an unknown host'}`;
  const age = check.now - beat;
  if (age <= check.staleAfterMs) return undefined;
  return `no heartbeat from ${record.hostname || 'an unknown host'} for ${Math.round(age / 60_000)} min`;
}

// Deciding whether a run recorded as 'running' still has a live process behind it.
import { msg } from '../messages/render';
import type { Message } from '../messages/types';
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
export function orphanReason(record: Pick<RunRecord, 'status' | 'pid' | 'hostname' | 'updatedAt'>, check: LivenessCheck): Message | undefined {
  if (record.status !== 'running') return undefined;
  if (record.hostname === check.hostname) {
    return check.isAlive(record.pid) ? undefined : msg('run.orphan.processGone', { pid: record.pid });
  }
  const host = record.hostname || msg('run.orphan.unknownHost');
  const beat = Date.parse(record.updatedAt);
  if (!Number.isFinite(beat)) return msg('run.orphan.noHeartbeat', { host });
  const age = check.now - beat;
  if (age <= check.staleAfterMs) return undefined;
  return msg('run.orphan.staleHeartbeat', { host, minutes: Math.round(age / 60_000) });
}

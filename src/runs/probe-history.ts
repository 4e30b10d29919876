// The probe history of a run (probes.jsonl): how hidden states, attention and the gradient through
// time evolved, kept apart from metrics.jsonl so the event log stays small. A probe is large (every
// hidden unit at every step of the probe sequence), so a long run keeps at most MAX_PROBES of them,
// spread over the run: when the file is full, every other older probe is dropped.
import type { ProbeEvent } from '../protocol/events';
import { writeFileAtomic } from './atomic-write';
import { parseMetricsText } from './metrics-reader';
import { RunFileError } from './run-file-error';
import type { RunFs } from './run-fs';

export const MAX_PROBES = 24;

export function readProbeHistory(fs: RunFs, file: string): ProbeEvent[] {
  let text: string;
  try {
    text = fs.readText(file);
  } catch {
    return [];
  }
  return parseMetricsText(text).filter((e): e is ProbeEvent => e.type === 'probe');
}

/** Appends one probe; past MAX_PROBES, rewrites the file (atomically) with every other older probe and the newest. */
export function appendProbe(fs: RunFs, file: string, probe: ProbeEvent, count: number): number {
  if (count + 1 <= MAX_PROBES) {
    try {
      fs.append(file, `${JSON.stringify(probe)}\n`);
    } catch (err) {
      throw new RunFileError('append to', file, err);
    }
    return count + 1;
  }
  const kept = thin(readProbeHistory(fs, file));
  kept.push(probe);
  writeFileAtomic(fs, file, kept.map((p) => `${JSON.stringify(p)}\n`).join(''));
  return kept.length;
}

/** Every other probe, the first one always kept: the history halves and stays spread over the run. */
export function thin<T>(probes: readonly T[]): T[] {
  return probes.filter((_, i) => i % 2 === 0);
}

/** Keeps the probes up to `step` (a resumed run's history goes on from its checkpoint). */
export function truncateProbeHistory(fs: RunFs, file: string, step: number): number {
  const all = readProbeHistory(fs, file);
  const kept = all.filter((p) => p.step <= step);
  if (kept.length !== all.length) writeFileAtomic(fs, file, kept.map((p) => `${JSON.stringify(p)}\n`).join(''));
  return kept.length;
}

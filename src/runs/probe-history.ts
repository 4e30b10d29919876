// The probe history of a run (probes.jsonl): how hidden states, attention and the gradient through
// time evolved, kept apart from metrics.jsonl so the event log stays small. A probe is large (every
// hidden unit at every step of the probe sequence), so a long run keeps at most MAX_PROBES of them,
// spread over the run: when the file is full, every other older probe is dropped.
import * as fs from 'node:fs';
import type { ProbeEvent } from '../protocol/events';
import { writeFileAtomic } from './atomic-write';
import { parseMetricsText } from './metrics-reader';
import { RunFileError } from './run-file-error';

export const MAX_PROBES = 24;

export function readProbeHistory(file: string): ProbeEvent[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return parseMetricsText(text).filter((e): e is ProbeEvent => e.type === 'probe');
}

/** Appends one probe; past MAX_PROBES, rewrites the file (atomically) with every other older probe and the newest. */
export function appendProbe(file: string, probe: ProbeEvent, count: number): number {
  if (count + 1 <= MAX_PROBES) {
    try {
      fs.appendFileSync(file, `${JSON.stringify(probe)}\n`);
    } catch (err) {
      throw new RunFileError('append to', file, err);
    }
    return count + 1;
  }
  const kept = thin(readProbeHistory(file));
  kept.push(probe);
  writeFileAtomic(file, kept.map((p) => `${JSON.stringify(p)}\n`).join(''));
  return kept.length;
}

/** Every other probe, the first one always kept: the history halves and stays spread over the run. */
export function thin<T>(probes: readonly T[]): T[] {
  return probes.filter((_, i) => i % 2 === 0);
}

/** Keeps the probes up to `step` (a resumed run's history goes on from its checkpoint). */
export function truncateProbeHistory(file: string, step: number): number {
  const all = readProbeHistory(file);
  const kept = all.filter((p) => p.step <= step);
  if (kept.length !== all.length) writeFileAtomic(file, kept.map((p) => `${JSON.stringify(p)}\n`).join(''));
  return kept.length;
}

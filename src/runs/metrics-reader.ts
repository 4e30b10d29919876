// Reading metrics.jsonl back: one TrainEvent per line; a truncated or garbled line is skipped, never thrown.
import type { TrainEvent } from '../protocol/events';
import type { RunFs } from './run-fs';

const EVENT_TYPES = new Set(['started', 'progress', 'eval', 'probe', 'finished']);

export function parseMetricsText(text: string): TrainEvent[] {
  const events: TrainEvent[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      continue; // the last line of a run killed mid-write, or a line cut short by a full disk
    }
    if (value && typeof value === 'object' && EVENT_TYPES.has((value as { type?: unknown }).type as string)) {
      events.push(value as TrainEvent);
    }
  }
  return events;
}

/** The events of a metrics file; [] when the file is missing or unreadable. */
export function readMetricsFile(fs: RunFs, file: string): TrainEvent[] {
  let text: string;
  try {
    text = fs.readText(file);
  } catch {
    return [];
  }
  return parseMetricsText(text);
}

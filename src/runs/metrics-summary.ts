// A run's summary from its events: steps, last loss, best and last validation loss, throughput.
import type { RunSummary, TrainEvent } from '../protocol/events';

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Incremental: RunWriter feeds it each appended event; summarizeMetrics feeds it a whole file. */
export class MetricsSummarizer {
  private current: RunSummary = { steps: 0 };

  add(event: TrainEvent): void {
    // Events read back from disk are untrusted (NaN is written as null), so check every field.
    const s = this.current;
    const e = event as unknown as Record<string, unknown>;
    if (finite(e.step)) s.steps = Math.max(s.steps, e.step);
    switch (event.type) {
      case 'started':
        if (finite(e.parameterCount)) s.parameterCount = e.parameterCount;
        break;
      case 'progress':
        if (finite(e.loss)) s.finalLoss = e.loss;
        if (finite(e.tokensPerSec)) s.tokensPerSec = e.tokensPerSec;
        if (finite(e.elapsedMs)) s.elapsedMs = e.elapsedMs;
        break;
      case 'eval':
        if (finite(e.valLoss)) {
          s.lastValLoss = e.valLoss;
          if (s.bestValLoss === undefined || e.valLoss < s.bestValLoss) s.bestValLoss = e.valLoss;
        }
        break;
      case 'finished':
        if (e.summary && typeof e.summary === 'object') this.current = mergeSummary(s, e.summary as RunSummary);
        break;
      default:
        break;
    }
  }

  get summary(): RunSummary {
    return { ...this.current };
  }
}

export function summarizeMetrics(events: Iterable<TrainEvent>): RunSummary {
  const summarizer = new MetricsSummarizer();
  for (const event of events) summarizer.add(event);
  return summarizer.summary;
}

/** `base` overridden by the fields of `over` that are set (undefined and null never erase a value). */
export function mergeSummary(base: RunSummary, over: Partial<RunSummary> | undefined): RunSummary {
  const merged: RunSummary = { ...base };
  for (const [key, value] of Object.entries(over ?? {})) {
    if (value !== undefined && value !== null) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return merged;
}

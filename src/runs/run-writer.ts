// The training process's handle on its run folder: append events, replace checkpoints and probes, finish.
import type { ProbeEvent, RunStatus, RunSummary, TrainEvent } from '../protocol/events';
import { writeFileAtomic } from './atomic-write';
import { mergeSummary, MetricsSummarizer } from './metrics-summary';
import { appendProbe } from './probe-history';
import { RUN_FILES } from './run-files';
import { RunFileError } from './run-file-error';
import type { RunRecord } from './run-record';
import type { RunFs } from './run-fs';

export interface RunWriterClock {
  now(): Date;
  /** append() rewrites run.json (updatedAt + the running summary) at most this often. */
  heartbeatEveryMs: number;
}

export class RunWriter {
  readonly id: string;
  readonly folder: string;
  private record: RunRecord;
  private readonly clock: RunWriterClock;
  private readonly summarizer = new MetricsSummarizer();
  private lastEventType: TrainEvent['type'] | undefined;
  private lineMayBeOpen = false; // a failed append may have left part of a line
  private lastBeat: number;
  private done = false;
  /** Probes in probes.jsonl (set by RunStore.reopen for a resumed run). */
  probeCount = 0;
  private readonly fs: RunFs;

  /** Made by RunStore.create, which has already written run.json, spec.rnn.json and an empty metrics.jsonl. */
  constructor(folder: string, record: RunRecord, clock: RunWriterClock, fs: RunFs) {
    this.fs = fs;
    this.id = record.id;
    this.folder = folder;
    this.record = { ...record };
    this.clock = clock;
    this.lastBeat = clock.now().getTime();
  }

  get status(): RunStatus {
    return this.record.status;
  }

  get finished(): boolean {
    return this.done;
  }

  /** The summary so far, from the appended events. */
  get summary(): RunSummary {
    return this.summarizer.summary;
  }

  get metricsPath(): string {
    return this.fileOf(RUN_FILES.metrics);
  }

  get weightsPath(): string {
    return this.fileOf(RUN_FILES.weights);
  }

  /** Appends one event as one line of metrics.jsonl. Throws a RunFileError ("disk full") when the write fails. */
  append(event: TrainEvent): void {
    const file = this.metricsPath;
    const line = `${this.lineMayBeOpen ? '\n' : ''}${JSON.stringify(event)}\n`;
    try {
      this.fs.append(file, line);
    } catch (err) {
      this.lineMayBeOpen = true; // start the next event on a fresh line; the reader skips the broken one
      throw new RunFileError('append to', file, err);
    }
    this.lineMayBeOpen = false;
    this.summarizer.add(event);
    this.lastEventType = event.type;
    if (!this.done && this.clock.now().getTime() - this.lastBeat >= this.clock.heartbeatEveryMs) this.heartbeat();
  }

  /**
   * Replaces the latest checkpoint: vocab.json (if given), the resume state (if given), then
   * weights.safetensors, each atomically. Both safetensors files carry the step in their metadata,
   * so a crash between the two shows as a mismatch, never as a silent mix.
   */
  writeCheckpoint(weights: Uint8Array, vocab?: unknown, resume?: Uint8Array): void {
    if (vocab !== undefined) writeFileAtomic(this.fs, this.fileOf(RUN_FILES.vocab), `${JSON.stringify(vocab)}\n`);
    if (resume !== undefined) writeFileAtomic(this.fs, this.fileOf(RUN_FILES.resume), resume);
    writeFileAtomic(this.fs, this.weightsPath, weights);
  }

  /** Events already in metrics.jsonl (a resumed run's): the summary goes on from them. */
  seed(events: readonly TrainEvent[]): void {
    for (const e of events) this.summarizer.add(e);
    this.lastEventType = events.at(-1)?.type;
  }

  /** Replaces probe.json with the latest probe and adds it to the history (probes.jsonl); metrics.jsonl does not get it. */
  writeProbe(probe: ProbeEvent): void {
    writeFileAtomic(this.fs, this.fileOf(RUN_FILES.probe), `${JSON.stringify(probe)}\n`);
    this.probeCount = appendProbe(this.fs, this.fileOf(RUN_FILES.probes), probe, this.probeCount);
  }

  /** Rewrites run.json with a fresh updatedAt and the summary so far. A no-op once finished. */
  heartbeat(): void {
    if (this.done) return;
    const now = this.clock.now();
    this.writeRecord({ ...this.record, updatedAt: now.toISOString(), summary: this.summarizer.summary });
    this.lastBeat = now.getTime();
  }

  /**
   * Records the final status. The summary is the one built from the events, overridden by the fields given.
   * Appends a `finished` event unless the last appended event already was one.
   * Throws if already finished, or if `status` is 'running'.
   */
  finish(status: RunStatus, summary?: Partial<RunSummary>): RunSummary {
    if (this.done) throw new Error(`Run ${this.id} is already finished (${this.record.status})`);
    if (status === 'running') throw new Error(`finish() needs a final status, not 'running'`);
    const final = mergeSummary(this.summarizer.summary, summary);
    let appendError: unknown;
    if (this.lastEventType !== 'finished') {
      try {
        this.append({ type: 'finished', status, summary: final });
      } catch (err) {
        appendError = err; // still try to record the status in run.json
      }
    }
    const at = this.clock.now().toISOString();
    const record: RunRecord = { ...this.record, status, summary: final, updatedAt: at, finishedAt: at };
    try {
      this.writeRecord(record);
    } catch (err) {
      // A full disk cannot take the temp file an atomic replace needs, but overwriting the small run.json
      // in place usually fits (truncating it frees its blocks). Worth the risk: otherwise the run stays
      // 'running' and later reads as 'interrupted', for the wrong reason.
      if (!(err instanceof RunFileError && err.diskFull)) throw err;
      const file = this.fileOf(RUN_FILES.record);
      try {
        this.fs.overwrite(file, `${JSON.stringify(record, null, 2)}\n`);
      } catch {
        throw appendError ?? err;
      }
      this.record = record;
    }
    this.done = true;
    if (appendError) throw appendError;
    return final;
  }

  private writeRecord(record: RunRecord): void {
    writeFileAtomic(this.fs, this.fileOf(RUN_FILES.record), `${JSON.stringify(record, null, 2)}\n`);
    this.record = record;
  }

  private fileOf(name: string): string {
    return this.fs.path.join(this.folder, name);
  }
}

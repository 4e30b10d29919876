// The workspace's runs: `<root>/.rnn-lab/runs/<run-id>/`. Creates runs, lists and reads them, deletes them safely.
import type { ProbeEvent, TrainEvent } from '../protocol/events';
import { writeFileAtomic } from './atomic-write';
import { readMetricsFile } from './metrics-reader';
import { mergeSummary, summarizeMetrics } from './metrics-summary';
import type { PathOps } from './path-ops';
import { HEARTBEAT_INTERVAL_MS, orphanReason, STALE_HEARTBEAT_MS } from './process-liveness';
import { readProbeHistory, truncateProbeHistory } from './probe-history';
import { checkedRunFolder, runsDirProblem } from './run-folder-guard';
import { isValidRunId, RUN_FILES, runsDirOf } from './run-files';
import { RunFileError } from './run-file-error';
import { errorCode, type RunFs } from './run-fs';
import { makeRunId } from './run-id';
import { readRunRecord } from './run-reader';
import type { RunProcess } from './run-process';
import { setEndMessage, type RunInfo, type RunRecord } from './run-record';
import { UserError } from '../messages/errors';
import { msg } from '../messages/render';
import type { Message } from '../messages/types';
import { RunWriter } from './run-writer';

export interface CreateRunOptions {
  name: string;
  /** The spec file (absolute, or relative to the process's cwd). */
  specPath: string;
  /** The spec text exactly as trained; saved as spec.rnn.json. */
  specText: string;
  /** Anything that helps compare runs; configDigest(spec) gives the usual fields. Must be JSON-serialisable. */
  config?: Record<string, unknown>;
}

/** What the store needs from its platform; nodeRunStore (src/node/run-store.ts) passes Node's. */
export interface RunStorePorts {
  /** Every file the store reads, writes, lists or removes (tests wrap it to fill the disk). */
  fs: RunFs;
  process: RunProcess;
}

/** Overrides for tests: the clock, the process seen as writing, the heartbeat timings. */
export interface RunStoreOptions {
  now?: () => Date;
  hostname?: string;
  pid?: number;
  isProcessAlive?: (pid: number) => boolean;
  /** A run on another host with no heartbeat for this long reads as interrupted. */
  staleAfterMs?: number;
  /** How often RunWriter.append refreshes run.json. */
  heartbeatEveryMs?: number;
}

const MAX_ID_ATTEMPTS = 100;

export class RunStore {
  readonly root: string;
  readonly runsDir: string;
  private readonly now: () => Date;
  private readonly hostname: string;
  private readonly pid: number;
  private readonly isAlive: (pid: number) => boolean;
  private readonly staleAfterMs: number;
  private readonly heartbeatEveryMs: number;
  private readonly fs: RunFs;
  private readonly path: PathOps;

  constructor(root: string, ports: RunStorePorts, options: RunStoreOptions = {}) {
    this.fs = ports.fs;
    this.path = ports.fs.path;
    this.root = this.path.resolve(root);
    this.runsDir = runsDirOf(this.path, this.root);
    this.now = options.now ?? (() => new Date());
    this.hostname = options.hostname ?? ports.process.hostname;
    this.pid = options.pid ?? ports.process.pid;
    this.isAlive = options.isProcessAlive ?? ((pid) => ports.process.isProcessAlive(pid));
    this.staleAfterMs = options.staleAfterMs ?? STALE_HEARTBEAT_MS;
    this.heartbeatEveryMs = options.heartbeatEveryMs ?? HEARTBEAT_INTERVAL_MS;
  }

  /** Makes a new run folder (run.json 'running', spec.rnn.json, empty metrics.jsonl). Nothing is left behind on failure. */
  create(options: CreateRunOptions): RunWriter {
    const created = this.now();
    const unsafeBefore = this.unsafeReason();
    if (unsafeBefore) throw new RunFileError('create a run in', this.runsDir, new UserError(unsafeBefore));
    try {
      this.fs.makeFolders(this.runsDir);
    } catch (err) {
      throw new RunFileError('create', this.runsDir, err);
    }
    const unsafeAfter = this.unsafeReason(); // a link made while we created the folder
    if (unsafeAfter) throw new RunFileError('create a run in', this.runsDir, new UserError(unsafeAfter));
    const { id, folder } = this.makeFolder(options.name, created);
    const at = created.toISOString();
    const record: RunRecord = {
      version: 1,
      id,
      name: options.name,
      specPath: this.storedSpecPath(options.specPath),
      status: 'running',
      createdAt: at,
      updatedAt: at,
      pid: this.pid,
      hostname: this.hostname,
      summary: { steps: 0 },
      config: options.config ?? {},
    };
    try {
      writeFileAtomic(this.fs, this.path.join(folder, RUN_FILES.record), `${JSON.stringify(record, null, 2)}\n`);
      writeFileAtomic(this.fs, this.path.join(folder, RUN_FILES.spec), options.specText);
      const metrics = this.path.join(folder, RUN_FILES.metrics);
      try {
        this.fs.createEmpty(metrics);
      } catch (err) {
        throw new RunFileError('create', metrics, err);
      }
    } catch (err) {
      this.fs.removeTree(folder);
      throw err;
    }
    return new RunWriter(folder, record, { now: this.now, heartbeatEveryMs: this.heartbeatEveryMs }, this.fs);
  }

  /**
   * Reopens a finished run to train on in its own folder: metrics.jsonl keeps the events up to
   * `step` (those after the checkpoint, and the `finished` event, are dropped, so the log reads as
   * one run), run.json says 'running' under this process. Refuses a run that is still running.
   */
  reopen(id: string, step: number): RunWriter {
    const info = this.get(id);
    if (!info) throw new UserError(msg('error.noRun', { id, dir: this.runsDir }));
    if (info.status === 'running') throw new UserError(msg('runs.stillRunning', { id, pid: info.pid, host: info.hostname }));
    const folder = checkedRunFolder(this.fs, this.runsDir, id);
    const metricsFile = this.path.join(folder, RUN_FILES.metrics);
    const kept = readMetricsFile(this.fs, metricsFile).filter((e) => e.type !== 'finished' && (!('step' in e) || e.step <= step));
    writeFileAtomic(this.fs, metricsFile, kept.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const { folder: _f, specFile: _s, note: _n, finishedAt: _e, ...base } = info;
    const record: RunRecord = { ...base, status: 'running', updatedAt: this.now().toISOString(), pid: this.pid, hostname: this.hostname };
    writeFileAtomic(this.fs, this.path.join(folder, RUN_FILES.record), `${JSON.stringify(record, null, 2)}\n`);
    const writer = new RunWriter(folder, record, { now: this.now, heartbeatEveryMs: this.heartbeatEveryMs }, this.fs);
    writer.seed(kept);
    writer.probeCount = truncateProbeHistory(this.fs, this.path.join(folder, RUN_FILES.probes), step);
    return writer;
  }

  /**
   * Why this workspace's runs cannot be listed or deleted (`.rnn-lab` or `.rnn-lab/runs` is a symbolic
   * link or not a folder), or undefined when they can.
   */
  unsafeReason(): Message | undefined {
    return runsDirProblem(this.fs, this.runsDir);
  }

  /**
   * Every run, newest first. Never throws: a damaged folder is listed as 'failed' with a note. Lists
   * nothing when the runs folder is not a real folder (see unsafeReason()).
   */
  list(): RunInfo[] {
    if (this.unsafeReason()) return [];
    let entries: ReturnType<RunFs['listFolder']>;
    try {
      entries = this.fs.listFolder(this.runsDir);
    } catch {
      return [];
    }
    const runs: RunInfo[] = [];
    for (const entry of entries) {
      // Plain folders only: symlinks, files and hidden names (temp files) are not runs.
      if (!entry.isDirectory() || !isValidRunId(entry.name)) continue;
      try {
        runs.push(this.readInfo(entry.name));
      } catch {
        // readInfo is tolerant already; a folder that vanished mid-listing is simply left out
      }
    }
    return runs.sort(newestFirst);
  }

  /** One run, or undefined if there is no such run folder. */
  get(id: string): RunInfo | undefined {
    if (!isValidRunId(id) || this.unsafeReason()) return undefined;
    try {
      const stat = this.fs.lstat(this.path.join(this.runsDir, id));
      if (!stat.isDirectory()) return undefined;
      return this.readInfo(id);
    } catch {
      return undefined;
    }
  }

  /** A run by exact id, unique id prefix, or 'latest'. Throws a UserError when none or several match. */
  resolve(query: string): RunInfo {
    const exact = this.get(query);
    if (exact) return exact;
    const unsafe = this.unsafeReason();
    if (unsafe) throw new UserError(msg('runs.unreadable', { reason: unsafe }));
    const runs = this.list();
    if (query === 'latest' && runs[0]) return runs[0];
    const matches = runs.filter((r) => r.id.startsWith(query));
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) throw new UserError(msg('error.noRun', { id: query, dir: this.runsDir }));
    const shown = matches
      .slice(0, 5)
      .map((r) => r.id)
      .join(', ');
    throw new UserError(msg('runs.ambiguous', { query, count: matches.length, shown: `${shown}${matches.length > 5 ? ', …' : ''}` }));
  }

  /** The events of metrics.jsonl; a truncated last line (a crash mid-write) is skipped. [] if there are none. */
  readMetrics(id: string): TrainEvent[] {
    return readMetricsFile(this.fs, this.path.join(this.folderOf(id), RUN_FILES.metrics));
  }

  /** The probe history, oldest first: probes.jsonl, and the probe events an older run kept in metrics.jsonl. */
  readProbes(id: string): ProbeEvent[] {
    const folder = this.folderOf(id);
    const old = readMetricsFile(this.fs, this.path.join(folder, RUN_FILES.metrics)).filter((e): e is ProbeEvent => e.type === 'probe');
    return [...old, ...readProbeHistory(this.fs, this.path.join(folder, RUN_FILES.probes))];
  }

  /** The latest probe, or undefined if none was written. */
  readProbe(id: string): ProbeEvent | undefined {
    const probe = this.readJson(this.path.join(this.folderOf(id), RUN_FILES.probe));
    return probe && typeof probe === 'object' ? (probe as ProbeEvent) : undefined;
  }

  /** The vocab saved with the latest checkpoint, or undefined. */
  readVocab(id: string): unknown {
    return this.readJson(this.path.join(this.folderOf(id), RUN_FILES.vocab));
  }

  /** The spec text the run was started with, or undefined. */
  readSpecSnapshot(id: string): string | undefined {
    try {
      return this.fs.readText(this.path.join(this.folderOf(id), RUN_FILES.spec));
    } catch {
      return undefined;
    }
  }

  /** The latest checkpoint's weights.safetensors, or undefined if the run has none yet. */
  weightsPath(id: string): string | undefined {
    const file = this.path.join(this.folderOf(id), RUN_FILES.weights);
    return this.fs.exists(file) ? file : undefined;
  }

  /** A file of the run folder (RUN_FILES), or undefined if it cannot be read. */
  readRunFile(id: string, name: string): Uint8Array | undefined {
    try {
      return this.fs.readBytes(this.path.join(this.folderOf(id), name));
    } catch {
      return undefined;
    }
  }

  /** Replaces a file of the run folder (RUN_FILES) atomically. */
  writeRunFile(id: string, name: string, data: string | Uint8Array): void {
    writeFileAtomic(this.fs, this.path.join(this.folderOf(id), name), data);
  }

  /** The folder of the spec a run was started from: its data file is named relative to it. */
  specDirOf(run: RunInfo): string {
    return this.path.dirname(run.specFile);
  }

  /** The folder a run id names (not checked for existence). Throws on anything that is not a plain run id. */
  folderOf(id: string): string {
    if (!isValidRunId(id)) throw new UserError(msg('runs.notId', { id }));
    return this.path.join(this.runsDir, id);
  }

  /** Removes a run folder recursively. Refuses anything but a real folder directly inside the runs folder. */
  delete(id: string): void {
    const folder = checkedRunFolder(this.fs, this.runsDir, id);
    this.fs.removeTree(folder);
  }

  private makeFolder(name: string, created: Date): { id: string; folder: string } {
    for (let attempt = 1; ; attempt++) {
      const id = makeRunId(name, created);
      const folder = this.path.join(this.runsDir, id);
      try {
        this.fs.makeFolder(folder); // not recursive: fails if another run took this id
        return { id, folder };
      } catch (err) {
        if (errorCode(err) === 'EEXIST' && attempt < MAX_ID_ATTEMPTS) continue;
        throw new RunFileError('create', folder, err);
      }
    }
  }

  private storedSpecPath(specPath: string): string {
    const { path } = this;
    const absolute = path.resolve(specPath);
    const relative = path.relative(this.root, absolute);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
    return absolute;
  }

  private readInfo(id: string): RunInfo {
    const folder = this.path.join(this.runsDir, id);
    const { record, note } = readRunRecord(this.fs, folder);
    const info: RunInfo = { ...record, folder, specFile: this.path.resolve(this.root, record.specPath) };
    if (note) info.note = note;
    const reason = orphanReason(record, {
      hostname: this.hostname,
      now: this.now().getTime(),
      staleAfterMs: this.staleAfterMs,
      isAlive: this.isAlive,
    });
    return reason ? this.markInterrupted(info, reason) : info;
  }

  /** A run whose process died: report it as interrupted, with what its metrics say, and record that in run.json. */
  private markInterrupted(info: RunInfo, reason: Message): RunInfo {
    const fromMetrics = summarizeMetrics(readMetricsFile(this.fs, this.path.join(info.folder, RUN_FILES.metrics)));
    const summary = mergeSummary(info.summary, fromMetrics);
    if (summary.message === undefined) setEndMessage(summary, msg('run.interrupted', { reason }));
    const { folder, specFile, note, ...record } = info;
    const updated: RunRecord = { ...record, status: 'interrupted', summary, finishedAt: record.updatedAt };
    try {
      writeFileAtomic(this.fs, this.path.join(folder, RUN_FILES.record), `${JSON.stringify(updated, null, 2)}\n`);
    } catch {
      // a read-only workspace: still report it as interrupted
    }
    const result: RunInfo = { ...updated, folder, specFile };
    if (note) result.note = note;
    return result;
  }

  private readJson(file: string): unknown {
    try {
      return JSON.parse(this.fs.readText(file));
    } catch {
      return undefined;
    }
  }
}

function newestFirst(a: RunInfo, b: RunInfo): number {
  const byTime = (Date.parse(b.createdAt) || 0) - (Date.parse(a.createdAt) || 0);
  return byTime !== 0 ? byTime : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

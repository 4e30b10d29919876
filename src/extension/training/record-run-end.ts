// When a training worker ends without recording how its run ended (it crashed, or a stop outlived its
// grace period), the extension records it as the worker would have: run.json gets the final status
// and a summary from metrics.jsonl, and metrics.jsonl a closing `finished` event. Without this the
// run would read as 'running' for good: its process (the extension host) is still alive.
import { appendFileSync, closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { nodeRunFs } from '../../node/run-fs';
import type { FinishedEvent, RunStatus } from '../../protocol/events';
import type { Message } from '../../messages/types';
import { mergeSummary, readMetricsFile, readRunRecord, RUN_FILES, setEndMessage, summarizeMetrics, writeFileAtomic } from '../../runs';

/** Records the end of a run still marked 'running'; returns the `finished` event written, or undefined if the run was already recorded. Throws when the folder cannot be written. */
export function recordRunEnd(folder: string, status: Exclude<RunStatus, 'running'>, message: Message): FinishedEvent | undefined {
  const { record, parsed } = readRunRecord(nodeRunFs, folder);
  if (!parsed || record.status !== 'running') return undefined;
  const metrics = path.join(folder, RUN_FILES.metrics);
  const summary = mergeSummary(record.summary, summarizeMetrics(readMetricsFile(nodeRunFs, metrics)));
  setEndMessage(summary, message);
  const finished: FinishedEvent = { type: 'finished', status, summary };
  appendFileSync(metrics, `${endsWithNewline(metrics) ? '' : '\n'}${JSON.stringify(finished)}\n`);
  const at = new Date().toISOString();
  writeFileAtomic(
    nodeRunFs,
    path.join(folder, RUN_FILES.record),
    `${JSON.stringify({ ...record, status, summary, updatedAt: at, finishedAt: at }, null, 2)}\n`,
  );
  return finished;
}

/** A crash mid-append can leave half a line: the closing event must start on a line of its own. */
function endsWithNewline(file: string): boolean {
  let fd: number | undefined;
  try {
    const size = statSync(file).size;
    if (size === 0) return true;
    fd = openSync(file, 'r');
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } catch {
    return true;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

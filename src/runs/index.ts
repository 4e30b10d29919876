// The run store: `<root>/.rnn-lab/runs/<run-id>/` (see docs/run-folder.md).
export { writeFileAtomic, tempPathFor, type AtomicWriteFs } from './atomic-write';
export { parseMetricsText, readMetricsFile } from './metrics-reader';
export { MetricsSummarizer, mergeSummary, summarizeMetrics } from './metrics-summary';
export type { PathOps } from './path-ops';
export { HEARTBEAT_INTERVAL_MS, STALE_HEARTBEAT_MS, orphanReason, type LivenessCheck } from './process-liveness';
export { configDigest, type ConfigDigest } from './run-config';
export { RunFileError } from './run-file-error';
export { errorCode, type RunFs } from './run-fs';
export type { RunProcess } from './run-process';
export { RUN_FILES, isValidRunId, runsDirOf } from './run-files';
export { makeRunId, runTimestamp, slugify, timeOfRunId } from './run-id';
export { toRunListEntry, type RunListEntry } from './run-listing';
export { readRunRecord } from './run-reader';
export { RUN_STATUSES, isRunStatus, setEndMessage, type RunInfo, type RunRecord } from './run-record';
export { RunStore, type CreateRunOptions, type RunStoreOptions, type RunStorePorts } from './run-store';
export { RunWriter, type RunWriterClock } from './run-writer';

// The run store: `<root>/.rnn-lab/runs/<run-id>/` (see docs/run-folder.md).
export { writeFileAtomic } from './atomic-write';
export { readMetricsFile } from './metrics-reader';
export { mergeSummary, summarizeMetrics } from './metrics-summary';
export { configDigest } from './run-config';
export { RunFileError } from './run-file-error';
export { RUN_FILES } from './run-files';
export { readRunRecord } from './run-reader';
export { setEndMessage } from './run-record';
export { RunStore } from './run-store';
export { RunWriter } from './run-writer';

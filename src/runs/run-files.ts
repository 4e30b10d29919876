// Where runs live: `<root>/.rnn-lab/runs/<run-id>/` and the file names inside a run folder.
import type { PathOps } from './path-ops';

export const RUN_FILES = {
  record: 'run.json',
  spec: 'spec.rnn.json',
  metrics: 'metrics.jsonl',
  weights: 'weights.safetensors',
  vocab: 'vocab.json',
  probe: 'probe.json',
  /** The probe history, downsampled over long runs (probe-history.ts). */
  probes: 'probes.jsonl',
  sweep: 'sweep.json',
  /** What resuming needs besides the weights: optimizer state, carried stream state, the step. */
  resume: 'resume.safetensors',
} as const;

export function runsDirOf(path: PathOps, root: string): string {
  return path.join(path.resolve(root), '.rnn-lab', 'runs');
}

const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** A run id is a plain folder name: no separators, no '.', '..' or hidden names. */
export function isValidRunId(id: unknown): id is string {
  return typeof id === 'string' && RUN_ID_PATTERN.test(id);
}

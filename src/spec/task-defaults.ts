// Defaults that depend on the task kind, applied in code after the schema's own defaults.
import type { TaskSpec } from './types';

/** Tasks whose data is one long stream, trained in truncated windows with the hidden state carried over. */
export const STREAM_KINDS: ReadonlySet<TaskSpec['kind']> = new Set(['char-lm', 'word-lm', 'series']);

/** Stream tasks train in windows of this many steps unless training.bptt says otherwise. */
const STREAM_BPTT_DEFAULT = 50;

/** word-lm learns an embedding of this size unless model.embedding says otherwise (one-hot over 10k words is wasteful). */
const WORD_LM_EMBEDDING_DEFAULT = 32;

function defaultBptt(kind: TaskSpec['kind']): number {
  return STREAM_KINDS.has(kind) ? STREAM_BPTT_DEFAULT : 0;
}

function defaultEmbedding(kind: TaskSpec['kind']): number {
  return kind === 'word-lm' ? WORD_LM_EMBEDDING_DEFAULT : 0;
}

/** Fills training.bptt and model.embedding in place when the spec leaves them out. */
export function applyTaskDefaults(spec: { task: { kind: TaskSpec['kind'] }; model: { embedding?: number }; training: { bptt?: number } }): void {
  if (spec.training.bptt === undefined) spec.training.bptt = defaultBptt(spec.task.kind);
  if (spec.model.embedding === undefined) spec.model.embedding = defaultEmbedding(spec.task.kind);
}

// The shape of run.json, and of a run as the store reads it back.
import { render } from '../messages/render';
import type { Message } from '../messages/types';
import type { RunStatus, RunSummary } from '../protocol/events';

const RUN_STATUSES: readonly RunStatus[] = ['running', 'completed', 'stopped', 'failed', 'diverged', 'interrupted'];

export function isRunStatus(value: unknown): value is RunStatus {
  return typeof value === 'string' && (RUN_STATUSES as readonly string[]).includes(value);
}

/** The contents of `<run>/run.json`. */
export interface RunRecord {
  version: 1;
  id: string;
  name: string;
  /** The spec file: relative to the workspace root ('/' separators) when inside it, else absolute. */
  specPath: string;
  status: RunStatus;
  createdAt: string; // ISO 8601, UTC
  updatedAt: string; // last heartbeat
  finishedAt?: string;
  pid: number;
  hostname: string;
  summary: RunSummary;
  /** Whatever helps compare runs: cell, hiddenSize, layers, optimizer, learningRate... (see configDigest). */
  config: Record<string, unknown>;
  /** Who trained it, when not RNN Lab itself: "pytorch" for a run of an exported train.py (rnn-lab export). */
  trainedBy?: string;
}

/** A run as read back by RunStore. */
export interface RunInfo extends RunRecord {
  /** Absolute path of the run folder. */
  folder: string;
  /** Absolute path of the spec file the run was started from (specPath resolved against the root). */
  specFile: string;
  /** Set when the folder is damaged (no or garbled run.json): explains the reported 'failed' status. */
  note?: Message;
}

/** Records how a run ended: the message as data, and in English for tools that read run.json. */
export function setEndMessage(summary: RunSummary, m: Message): void {
  summary.msg = m;
  summary.message = render(m, 'en');
}

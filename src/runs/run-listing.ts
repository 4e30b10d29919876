// One run as a flat object for `rnn-lab runs --json` and tables.
import type { RunStatus } from '../protocol/events';
import { render } from '../messages/render';
import type { RunInfo } from './run-record';

export interface RunListEntry {
  id: string;
  name: string;
  status: RunStatus;
  createdAt: string;
  finishedAt: string | null;
  steps: number;
  bestValLoss: number | null;
  lastValLoss: number | null;
  finalLoss: number | null;
  message: string | null;
  specPath: string;
  folder: string;
  config: Record<string, unknown>;
  note?: string;
  /** "pytorch" for a run trained by an exported train.py; absent for RNN Lab's own runs. */
  trainedBy?: string;
}

export function toRunListEntry(info: RunInfo): RunListEntry {
  const s = info.summary;
  const entry: RunListEntry = {
    id: info.id,
    name: info.name,
    status: info.status,
    createdAt: info.createdAt,
    finishedAt: info.finishedAt ?? null,
    steps: s.steps,
    bestValLoss: s.bestValLoss ?? null,
    lastValLoss: s.lastValLoss ?? null,
    finalLoss: s.finalLoss ?? null,
    message: s.message ?? null,
    specPath: info.specPath,
    folder: info.folder,
    config: info.config,
  };
  if (info.note) entry.note = render(info.note, 'en'); // in English, as `message`: for tools
  if (info.trainedBy) entry.trainedBy = info.trainedBy;
  return entry;
}

// Reading run.json tolerantly: a missing or garbled file gives a 'failed' record with a note, never an exception.
import { asMessage } from '../messages/message-data';
import { msg } from '../messages/render';
import type { Message } from '../messages/types';
import type { RunSummary } from '../protocol/events';
import { RUN_FILES } from './run-files';
import { timeOfRunId } from './run-id';
import { isRunStatus, type RunRecord } from './run-record';
import { errorCode, type RunFs } from './run-fs';

export interface ReadRecordResult {
  record: RunRecord;
  /** Why the record is not what run.json says (or why there is none). */
  note?: Message;
  /** True when run.json parsed as an object (even if some fields had to be filled in). */
  parsed: boolean;
}

export function readRunRecord(fs: RunFs, folder: string): ReadRecordResult {
  const id = fs.path.basename(folder);
  const file = fs.path.join(folder, RUN_FILES.record);
  let text: string;
  try {
    text = fs.readText(file);
  } catch (err) {
    const code = errorCode(err);
    const note = code === 'ENOENT' ? msg('run.note.missing') : msg('run.note.unreadable', { reason: code ?? String(err) });
    return { record: damagedRecord(fs, folder, id), note, parsed: false };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { record: damagedRecord(fs, folder, id), note: msg('run.note.notJson'), parsed: false };
  }
  if (!isObject(value)) {
    return { record: damagedRecord(fs, folder, id), note: msg('run.note.notObject'), parsed: false };
  }
  return { ...coerceRecord(fs, value, folder, id), parsed: true };
}

function coerceRecord(fs: RunFs, raw: Record<string, unknown>, folder: string, id: string): { record: RunRecord; note?: Message } {
  const fallbackTime = fallbackCreatedAt(fs, folder, id);
  const createdAt = isDateString(raw.createdAt) ? raw.createdAt : fallbackTime;
  let note: Message | undefined;
  let status = raw.status;
  if (!isRunStatus(status)) {
    note = msg('run.note.unknownStatus', { status: JSON.stringify(status) ?? '—' });
    status = 'failed';
  }
  const record: RunRecord = {
    version: 1,
    id, // the folder name is what every operation goes by
    name: typeof raw.name === 'string' ? raw.name : id,
    specPath: typeof raw.specPath === 'string' ? raw.specPath : '',
    status: status as RunRecord['status'],
    createdAt,
    updatedAt: isDateString(raw.updatedAt) ? raw.updatedAt : createdAt,
    pid: typeof raw.pid === 'number' ? raw.pid : 0,
    hostname: typeof raw.hostname === 'string' ? raw.hostname : '',
    summary: coerceSummary(raw.summary),
    config: isObject(raw.config) ? raw.config : {},
  };
  if (isDateString(raw.finishedAt)) record.finishedAt = raw.finishedAt;
  if (typeof raw.trainedBy === 'string' && raw.trainedBy !== '') record.trainedBy = raw.trainedBy;
  return { record, note };
}

const NUMERIC_SUMMARY_FIELDS = ['finalLoss', 'bestValLoss', 'lastValLoss', 'tokensPerSec', 'elapsedMs', 'parameterCount'] as const;

function coerceSummary(raw: unknown): RunSummary {
  if (!isObject(raw)) return { steps: 0 };
  const summary = { ...raw, steps: typeof raw.steps === 'number' ? raw.steps : 0 } as Record<string, unknown>;
  for (const key of NUMERIC_SUMMARY_FIELDS) if (typeof summary[key] !== 'number') delete summary[key];
  if (typeof summary.message !== 'string') delete summary.message;
  const m = asMessage(summary.msg);
  if (m) summary.msg = m;
  else delete summary.msg;
  return summary as unknown as RunSummary;
}

function damagedRecord(fs: RunFs, folder: string, id: string): RunRecord {
  const createdAt = fallbackCreatedAt(fs, folder, id);
  return {
    version: 1,
    id,
    name: id,
    specPath: '',
    status: 'failed',
    createdAt,
    updatedAt: createdAt,
    pid: 0,
    hostname: '',
    summary: { steps: 0 },
    config: {},
  };
}

/** For a damaged folder: the time in its id, else the folder's modification time. */
function fallbackCreatedAt(fs: RunFs, folder: string, id: string): string {
  const fromId = timeOfRunId(id);
  if (fromId) return fromId.toISOString();
  try {
    return fs.modifiedAt(folder).toISOString();
  } catch {
    return new Date(0).toISOString();
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDateString(value: unknown): value is string {
  return typeof value === 'string' && Number.isFinite(Date.parse(value));
}

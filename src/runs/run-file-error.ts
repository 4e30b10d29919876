// One error type for failed run-file writes, with a plain reason ("disk full") and the file named.
import { errorMessageOf, type ErrorCode } from '../messages/errors';
import { msg, render } from '../messages/render';
import type { Message } from '../messages/types';
import { errorCode } from './run-fs';

const ACTIONS = {
  create: 'run.action.create',
  'create a run in': 'run.action.createRunIn',
  'append to': 'run.action.appendTo',
  write: 'run.action.write',
} as const;

export class RunFileError extends Error {
  readonly code: ErrorCode = 'files';
  msg: Message;
  readonly file: string;
  /** The system error code of the cause (ENOSPC, EACCES, …). */
  readonly errno?: string;

  constructor(action: keyof typeof ACTIONS, file: string, cause: unknown) {
    const errno = errorCode(cause);
    const m = msg('run.cannot', { action: msg(ACTIONS[action]), file, reason: reasonOf(cause, errno) });
    super(render(m, 'en'), { cause });
    this.name = 'RunFileError';
    this.file = file;
    this.errno = errno;
    this.msg = m;
  }

  /** Replaces the message with a fuller one (e.g. what the trainer kept), in both forms. */
  explain(m: Message): void {
    this.msg = m;
    this.message = render(m, 'en');
  }

  get diskFull(): boolean {
    return this.errno === 'ENOSPC' || this.errno === 'EDQUOT';
  }
}

function reasonOf(cause: unknown, errno: string | undefined): Message {
  if (errno === 'ENOSPC') return msg('run.diskFullENOSPC');
  if (errno === 'EDQUOT') return msg('run.diskFullEDQUOT');
  return errorMessageOf(cause); // a coded cause (a refused runs folder) keeps its message
}

// User mistakes (bad spec, missing file, bad data) are UserErrors: shown as a message, never a stack trace.
// As data (src/messages/errors.ts): `code` says what kind, `msg` what happened (rendered per language).
import type { ErrorCode } from '../messages/errors';
import { msg, render } from '../messages/render';
import type { Message } from '../messages/types';
import type { SpecProblem } from '../spec/parse';

export class UserError extends Error {
  readonly code: ErrorCode = 'user';
  readonly msg: Message;

  /** message: a catalogue message (a plain string is shown as it is, in every language). */
  constructor(message: Message | string) {
    const m = typeof message === 'string' ? msg('text', { text: message }) : message;
    super(render(m, 'en'));
    this.name = 'UserError';
    this.msg = m;
  }
}

/** A spec with problems: every problem at once, each with its path and line. */
export class SpecError extends UserError {
  override readonly code: ErrorCode = 'spec';

  constructor(
    readonly file: string,
    readonly problems: SpecProblem[],
  ) {
    super(msg('error.specProblems', { file, count: problems.filter((p) => p.severity === 'error').length }));
    this.name = 'SpecError';
  }
}

// A spec with problems, as a UserError (src/messages/errors.ts: a `code` saying what kind, a `msg`
// saying what happened, rendered per language).
import { UserError, type ErrorCode } from '../messages/errors';
import { msg } from '../messages/render';
import type { SpecProblem } from '../spec/parse';

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

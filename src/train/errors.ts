// User mistakes (bad spec, missing file, bad data) are UserErrors: shown as a message, never a stack trace.
import type { SpecProblem } from '../spec/parse';

export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** A spec with problems: every problem at once, each with its path and line. */
export class SpecError extends UserError {
  constructor(
    readonly file: string,
    readonly problems: SpecProblem[],
  ) {
    super(`${file}: ${problems.filter((p) => p.severity === 'error').length} problem(s) in the spec`);
    this.name = 'SpecError';
  }
}

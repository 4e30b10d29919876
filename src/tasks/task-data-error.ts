// The one error type for a user's mistake in task data or task settings: the message says what and
// where ("data/reviews.jsonl:12: \"label\" is missing"), so callers print it without a stack trace.

export class TaskDataError extends Error {
  override readonly name = 'TaskDataError';
  /** The problem without the location prefix. */
  readonly detail: string;
  /** The file as the spec names it (relative to the spec), when the problem is in a file. */
  readonly file?: string;
  /** 1-based line and column, where they apply. */
  readonly line?: number;
  readonly column?: number;

  constructor(detail: string, where: { file?: string; line?: number; column?: number } = {}) {
    super(locationPrefix(where) + detail);
    this.detail = detail;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }
}

function locationPrefix(where: { file?: string; line?: number; column?: number }): string {
  if (where.file === undefined) return '';
  let at = where.file;
  if (where.line !== undefined) {
    at += `:${where.line}`;
    if (where.column !== undefined) at += `:${where.column}`;
  }
  return at + ': ';
}

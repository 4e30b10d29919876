// The one error type for a user's mistake in task data or task settings: the message says what and
// where ("data/reviews.jsonl:12: \"label\" is missing"), so callers print it without a stack trace.
// As data: `msg` (a catalogue message with the location) for front ends that render it in the user's
// language; `message` is its English text.
import { msg as message, render } from '../messages/render';
import type { Message } from '../messages/types';

export class TaskDataError extends Error {
  override readonly name = 'TaskDataError';
  /** What kind of error this is, for front ends (src/messages/errors.ts). */
  readonly code = 'data' as const;
  /** The problem without the location prefix (English). */
  readonly detail: string;
  /** The problem without the location prefix, as a catalogue message. */
  readonly detailMsg: Message;
  /** The file as the spec names it (relative to the spec), when the problem is in a file. */
  readonly file?: string;
  /** 1-based line and column, where they apply. */
  readonly line?: number;
  readonly column?: number;

  /** detail: a catalogue message (a plain string is kept as it is, in every language). */
  constructor(detail: Message | string, where: { file?: string; line?: number; column?: number } = {}) {
    const detailMsg = typeof detail === 'string' ? message('text', { text: detail }) : detail;
    const en = render(detailMsg, 'en');
    super(locationPrefix(where) + en);
    this.detail = en;
    this.detailMsg = detailMsg;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }

  /** The whole message, location included, for render(). */
  get msg(): Message {
    return this.file === undefined ? this.detailMsg : message('data.at', { at: locationPrefix(this).slice(0, -2), detail: this.detailMsg });
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

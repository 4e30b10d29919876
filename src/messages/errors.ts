// Errors as data. Each error class a user can cause carries a `code` saying what kind it is and a
// `msg` (catalogue message) saying what happened; front ends classify by `code` and render `msg` in
// their language. Nothing classifies an error by its name or by matching its text.
import { msg, render } from './render';
import type { Lang, Message } from './types';

/** spec: the spec has problems; data: the task's data is unusable; files: a run file could not be written; user: another mistake. */
export type ErrorCode = 'spec' | 'data' | 'files' | 'user';
const CODES: readonly string[] = ['spec', 'data', 'files', 'user'];

/** A mistake a user can make or fix (a missing run, a refused folder, a bad option): shown as its
 *  message, never with a stack trace. Subclasses narrow the code (SpecError). */
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

/** What the error classes (SpecError, TaskDataError, RunFileError, UserError) have in common. */
export interface CodedError extends Error {
  readonly code: ErrorCode;
  readonly msg: Message;
}

export function isCodedError(e: unknown): e is CodedError {
  if (!(e instanceof Error)) return false;
  const { code, msg } = e as Error & { code?: unknown; msg?: unknown };
  return typeof code === 'string' && CODES.includes(code) && typeof msg === 'object' && msg !== null;
}

/** An error's message as data: the catalogue message of a coded error, otherwise its text as it is. */
export function errorMessageOf(e: unknown): Message {
  if (isCodedError(e)) return e.msg;
  return { code: 'text', args: { text: e instanceof Error ? e.message : String(e) } };
}

/** An error's text in a language. */
export function renderError(e: unknown, lang: Lang): string {
  return render(errorMessageOf(e), lang);
}

/** An error as one a user can read: a coded error as it is, any other as a UserError with its text. */
export function asUserError(e: unknown): CodedError {
  return isCodedError(e) ? e : new UserError(errorMessageOf(e));
}

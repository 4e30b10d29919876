// How the CLI reports an error that ended a command: the exit code and the text for stderr, in the
// CLI's language. 1: the user's situation (a bad spec, bad data, a run file that cannot be written,
// such as a full disk) — a message naming what and where, no stack. 2: a bug — "please report it"
// with the stack. Classified by the error's `code` (src/messages/errors.ts).
import { isCodedError } from '../messages/errors';
import { formatProblems } from '../spec/parse';
import { SpecError } from '../train/spec-error';
import { cliLang, renderCli, tr } from './lang';

export function reportError(e: unknown): { code: 1 | 2; text: string } {
  if (e instanceof SpecError) return { code: 1, text: `${formatProblems(e.file, e.problems, cliLang())}\n${renderCli(e.msg)}` };
  if (isCodedError(e)) return { code: 1, text: tr('cli.error', { text: renderCli(e.msg) }) };
  return { code: 2, text: tr('cli.internalError', { stack: e instanceof Error ? (e.stack ?? e.message) : String(e) }) };
}

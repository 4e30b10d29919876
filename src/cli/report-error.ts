// How the CLI reports an error that ended a command: the exit code and the text for stderr.
// 1: the user's situation (a bad spec, bad data, a run file that cannot be written, such as a full
// disk) — a message naming what and where, no stack. 2: a bug — "please report it" with the stack.
import { RunFileError } from '../runs/run-file-error';
import { formatProblems } from '../spec/parse';
import { TaskDataError } from '../tasks/task-data-error';
import { SpecError, UserError } from '../train/errors';

export function reportError(e: unknown): { code: 1 | 2; text: string } {
  if (e instanceof SpecError) return { code: 1, text: `${formatProblems(e.file, e.problems)}\n${e.message}` };
  if (e instanceof UserError || e instanceof TaskDataError) return { code: 1, text: `rnn-lab: ${e.message}` };
  if (e instanceof RunFileError) return { code: 1, text: `rnn-lab: ${e.message}` };
  return {
    code: 2,
    text: `rnn-lab: internal error — please report it with the command you ran.\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
  };
}

// A run's files as training and sampling read them back. A damaged one (cut short, edited by hand,
// from another version) is a UserError naming the run, the file and what is wrong with it, never an
// internal error with a stack; the run's other files are left as they are.
import { errorMessageOf, UserError } from '../messages/errors';
import { msg } from '../messages/render';

export function decodeRunFile<T>(runId: string, file: string, bytes: Uint8Array, decode: (bytes: Uint8Array) => T): T {
  try {
    return decode(bytes);
  } catch (e) {
    throw new UserError(msg('error.runFileDamaged', { id: runId, file, reason: errorMessageOf(e) }));
  }
}

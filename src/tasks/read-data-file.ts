// Reads a task's data file through the injected TaskIO, turning a missing file into a TaskDataError.
// A leading byte order mark is dropped.
import { msg } from '../messages/render';
import type { TaskIO } from './task';
import { TaskDataError } from './task-data-error';

export function readDataFile(io: TaskIO, path: string, file: string): string {
  let text: string;
  try {
    text = io.readText(path);
  } catch (e) {
    if (e instanceof TaskDataError) throw new TaskDataError(e.detailMsg, { file }); // refused by the IO (outside the workspace)
    const code = (e as { code?: unknown }).code;
    const why = code === 'ENOENT' ? msg('data.noSuchFile', { path }) : msg('data.cannotRead', { reason: (e as Error).message });
    throw new TaskDataError(why, { file });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 byte order mark is not data
  if (text.length === 0) throw new TaskDataError(msg('data.empty'), { file });
  return text;
}

// Copies a lesson's prepared spec (examples/lessons/<spec>.rnn.json in the extension) and the data
// file it names into the learner's lessons folder. No vscode import: the tests call it directly.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { copySpecWithData } from '../specs/copy-spec';

/** The lesson's spec in `dir` (copied there with its data the first time; a learner's edits are kept); returns its path. */
export function copyLesson(lessonsDir: string, dir: string, spec: string): string {
  const file = `${spec}.rnn.json`;
  const to = path.join(dir, file);
  if (!existsSync(to)) copySpecWithData(lessonsDir, file, to);
  return to;
}

// The Node file access tasks read their data through (run-training, validate, bench, gradcheck): a
// data file that resolves outside the workspace is refused unless allowed (see data-access.ts).
import { readFileSync } from 'node:fs';
import { TaskDataError } from '../tasks/task-data-error';
import type { TaskIO } from '../tasks/task';
import type { DataAccess } from '../train/training-host';
import { dataOutsideMessage } from './data-access';

export function nodeTaskIO(access: DataAccess & { workspaceRoot: string }): TaskIO {
  return {
    readText(p) {
      const outside = dataOutsideMessage(p, access.workspaceRoot, access.allowOutside);
      if (outside) throw new TaskDataError(outside);
      return readFileSync(p, 'utf8');
    },
  };
}

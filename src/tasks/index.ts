// createTask: a spec's task -> the Task the trainer reads batches from. File access comes through
// TaskIO; problems with the data or task settings are thrown as TaskDataError ("file:line: what").
import { msg } from '../messages/render';
import type { Spec } from '../spec/types';
import type { Task, TaskIO } from './task';
import { TaskDataError } from './task-data-error';
import { resolveDataPath } from '../spec/data-path';
import { checkTaskSize } from './data-size';
import { createCharLmTask } from './char-lm';
import { createWordLmTask } from './word-lm';
import { createAddingTask } from './adding';
import { createCopyTask } from './copy';
import { createClassifyTask } from './classify';
import { createSeriesTask } from './series';

export type { Task, TaskIO } from './task';
export { TaskDataError } from './task-data-error';
export { resolveDataPath } from '../spec/data-path';
export { ADDING_BASELINE_MSE, ADDING_VALIDATION_SIZE } from './adding';
export { textCodec } from './text-codec';
export { wordTokens, joinWordTokens } from './word-tokens';

/**
 * The task of `spec`; task.file is resolved against `specDir` (the spec's folder). Refuses (TaskDataError)
 * a task whose model, with the sizes the data turned out to have, would not fit in memory.
 */
export function createTask(spec: Spec, specDir: string, io: TaskIO): Task {
  const task = makeTask(spec, specDir, io);
  const file = 'file' in spec.task ? spec.task.file : undefined;
  checkTaskSize(spec, task, file !== undefined ? { file } : {});
  return task;
}

function makeTask(spec: Spec, specDir: string, io: TaskIO): Task {
  const task = spec.task;
  switch (task.kind) {
    case 'char-lm':
      return createCharLmTask(spec, task, dataPath(specDir, task.file), io);
    case 'word-lm':
      return createWordLmTask(spec, task, dataPath(specDir, task.file), io);
    case 'adding':
      return createAddingTask(spec, task);
    case 'copy':
      return createCopyTask(spec, task);
    case 'classify':
      return createClassifyTask(spec, task, dataPath(specDir, task.file), io);
    case 'series':
      return createSeriesTask(spec, task, dataPath(specDir, task.file), io);
    default:
      throw new TaskDataError(msg('data.unknownKind', { kind: JSON.stringify((task as { kind: unknown }).kind) }));
  }
}

function dataPath(specDir: string, file: string): string {
  if (typeof file !== 'string' || file === '') throw new TaskDataError(msg('data.noFile'));
  return resolveDataPath(specDir, file);
}

// Messages between the extension host and the training worker (src/worker.ts).
import type { TrainEvent } from './engine/events';

export type ToWorker =
  | { type: 'start'; specPath: string; workspaceRoot?: string; steps?: number }
  | { type: 'stop' };

export type FromWorker = TrainEvent | { type: 'error'; message: string };

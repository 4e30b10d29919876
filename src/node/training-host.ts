// The trainer's host port (src/train/training-host.ts) on Node.
import type { TrainingHost } from '../train/training-host';
import { loadSpec } from './load-spec';
import { nodePath } from './path-ops';
import { nodeRunStore } from './run-store';
import { nodeTaskIO } from './task-io';
import { findWorkspaceRoot } from './workspace-root';

export const nodeTrainingHost: TrainingHost = {
  path: nodePath,
  loadSpec,
  taskIO: nodeTaskIO,
  workspaceRootOf: (specPath) => findWorkspaceRoot(specPath ?? nodePath.join(process.cwd(), 'x.rnn.json')),
  runStore: (root) => nodeRunStore(root),
  yieldNow: () => new Promise((resolve) => setImmediate(resolve)),
};

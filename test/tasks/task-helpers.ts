// Test helpers for src/tasks: a Spec around a task, and an in-memory TaskIO that counts reads.
import type { Spec, TaskSpec, TrainingSpec } from '../../src/spec/types';
import type { TaskIO } from '../../src/tasks/task';

export function specOf(task: TaskSpec, training: Partial<TrainingSpec> = {}): Spec {
  return {
    name: 'test',
    task,
    model: { cell: 'lstm', hiddenSize: 8, layers: 1, activation: 'tanh', residual: 'none', embedding: 0, init: 'default', heads: 4, ffn: 0, context: 0 },
    training: {
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: 4,
      steps: 10,
      bptt: 5,
      seed: 1,
      evalEvery: 10,
      evalTokens: 0,
      dtype: 'float64',
      ...training,
    },
  };
}

/** Files keyed by absolute path; `reads` lists every path read, in order. */
export function memoryIO(files: Record<string, string>): TaskIO & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readText(path: string) {
      reads.push(path);
      if (!(path in files)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return files[path];
    },
  };
}

export const SPEC_DIR = '/ws/specs';
export const at = (file: string): string => `${SPEC_DIR}/${file}`;

// Sizes checked again once the data is read: the real vocabulary, classes and longest sequence can make
// a model that passed the spec's check too big (a batch pads to its longest sequence).
import { checkSize } from '../spec/size-check';
import type { Spec } from '../spec/types';
import { MAX_SEQUENCE_STEPS } from './settings';
import type { Task } from './task';
import { TaskDataError } from './task-data-error';

export function formatSteps(n: number): string {
  return n.toLocaleString('en-US');
}

/** Refuses one sequence longer than MAX_SEQUENCE_STEPS, naming where it is. */
export function checkSequenceLength(steps: number, where: { file: string; line?: number }, unit = 'steps'): void {
  if (steps <= MAX_SEQUENCE_STEPS) return;
  throw new TaskDataError(
    `the sequence has ${formatSteps(steps)} ${unit}; the limit is ${formatSteps(MAX_SEQUENCE_STEPS)} steps per sequence ` +
      `(a batch pads to its longest sequence and backpropagates through all of it) — shorten or split this line`,
    where,
  );
}

/** The steps one training batch backpropagates through, as the trainer cuts it. */
function stepsPerBatch(spec: Spec, task: Task): number {
  if (task.stream || task.at === 'last') return task.maxSteps;
  const bptt = spec.training.bptt;
  return bptt > 0 ? Math.min(bptt, task.maxSteps) : task.maxSteps;
}

/**
 * Refuses a task whose model and batches, with the sizes the data turned out to have, would not fit
 * (the same limits as the spec's size check). `where` names the file (and the longest line, if known).
 */
export function checkTaskSize(spec: Spec, task: Task, where: { file?: string; line?: number } = {}): void {
  const seqLen = stepsPerBatch(spec, task);
  const tokens = task.inputKind === 'tokens';
  const refusal = checkSize(spec, { seqLen, inputs: task.inputSize, tokens, outputs: task.outputSize });
  if (!refusal) return;
  const facts: string[] = [];
  if (tokens && task.vocab) facts.push(`a vocabulary of ${formatSteps(task.inputSize)} tokens`);
  if (task.labels) facts.push(`${formatSteps(task.labels.length)} classes`);
  facts.push(`${task.stream ? 'windows' : where.line !== undefined ? 'the longest sequence (this line)' : 'sequences'} of ${formatSteps(seqLen)} steps`);
  throw new TaskDataError(`with the data as read (${facts.join(', ')}), ${refusal.message}`, where);
}

// Sizes checked again once the data is read: the real vocabulary, classes and longest sequence can make
// a model that passed the spec's check too big (a batch pads to its longest sequence).
import { msg } from '../messages/render';
import type { Message } from '../messages/types';
import { checkSize } from '../spec/size-check';
import type { Spec } from '../spec/types';
import { MAX_SEQUENCE_STEPS } from './training-settings';
import type { Task } from './task';
import { TaskDataError } from './task-data-error';

function formatSteps(n: number): string {
  return n.toLocaleString('en-US');
}

/** Refuses one sequence longer than MAX_SEQUENCE_STEPS, naming where it is. */
export function checkSequenceLength(steps: number, where: { file: string; line?: number }, unit: Message = msg('data.unitSteps')): void {
  if (steps <= MAX_SEQUENCE_STEPS) return;
  throw new TaskDataError(msg('data.sequenceTooLong', { steps: formatSteps(steps), unit, limit: formatSteps(MAX_SEQUENCE_STEPS) }), where);
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
  const facts: Message[] = [];
  if (tokens && task.vocab) facts.push(msg('data.factVocab', { n: formatSteps(task.inputSize) }));
  if (task.labels) facts.push(msg('data.factClasses', { n: formatSteps(task.labels.length) }));
  const steps = formatSteps(seqLen);
  facts.push(msg(task.stream ? 'data.factWindows' : where.line !== undefined ? 'data.factLongest' : 'data.factSequences', { n: steps }));
  const fact = facts.reduce((a, b) => msg('data.factJoin', { a, b }));
  throw new TaskDataError(msg('data.asRead', { facts: fact, refusal: refusal.msg }), where);
}

// Task-independent settings read from the spec, with the defaults used when a field is absent.
import { msg } from '../messages/render';
import type { Spec } from '../spec/types';
import type { DType } from '../engine/tensor';
import { TaskDataError } from './task-data-error';

/** Window length of stream tasks when training.bptt is 0 or absent. */
const DEFAULT_STREAM_BPTT = 50;
/**
 * The most steps one sequence may have (a classify line). A batch pads to its longest sequence and
 * backpropagates through all of it, so one very long line sets the memory of every batch it is in.
 */
export const MAX_SEQUENCE_STEPS = 10_000;
/** Held-out fraction when task.validation is absent. */
const DEFAULT_VALIDATION = 0.1;

export function batchSizeOf(spec: Spec): number {
  return positiveInteger(spec.training.batchSize, 'training.batchSize');
}

export function streamWindowOf(spec: Spec): number {
  const bptt = spec.training.bptt;
  return bptt !== undefined && bptt > 0 ? positiveInteger(bptt, 'training.bptt') : DEFAULT_STREAM_BPTT;
}

export function dtypeOf(spec: Spec): DType {
  return spec.training.dtype ?? 'float32';
}

/** How many held-out positions an evaluation scores: the spec's budget, or every one (0 = no budget). */
export function evalBudgetOf(spec: Spec): number {
  const n = spec.training.evalTokens;
  return n !== undefined && n > 0 ? n : Infinity;
}

export function validationOf(fraction: number | undefined): number {
  const v = fraction ?? DEFAULT_VALIDATION;
  if (!(v >= 0 && v < 1)) throw new TaskDataError(msg('data.validationRange', { value: v }));
  return v;
}

export function positiveInteger(value: number, name: string, min = 1): number {
  if (!Number.isInteger(value) || value < min) {
    throw new TaskDataError(msg('data.integerAtLeast', { name, min, value }));
  }
  return value;
}

// Checks across keys that the schema cannot express, run on the defaulted spec.
import type { JsonPath } from './json-path';
import type { SpecProblem } from './problem';
import { checkSize } from './size-check';
import type { SpecDocument } from './spec-document';
import { STREAM_KINDS } from './task-defaults';
import type { Spec } from './types';

function given(raw: unknown, path: JsonPath): boolean {
  let cursor = raw;
  for (const seg of path) {
    if (cursor === null || typeof cursor !== 'object') return false;
    cursor = (cursor as Record<string | number, unknown>)[seg];
  }
  return cursor !== undefined;
}

/** raw: the spec as written (to tell given keys from defaults); spec: validated with defaults applied. */
export function modelProblems(spec: Spec, raw: unknown, doc: SpecDocument): SpecProblem[] {
  const out: SpecProblem[] = [];
  const { cell } = spec.model;
  if (cell !== 'rnn' && given(raw, ['model', 'activation'])) {
    out.push(doc.problemAt(['model', 'activation'], 'key', `is ignored by the ${cell} cell (it applies to cell "rnn" only)`, 'warning'));
  }
  if (cell !== 'rnn' && spec.model.init === 'identity') {
    out.push(
      doc.problemAt(['model', 'init'], 'value', `"identity" is the IRNN recipe for cell "rnn" (with relu); for ${cell} prefer "orthogonal" or "default"`, 'warning'),
    );
  }
  const realInputs = spec.task.kind === 'adding' || spec.task.kind === 'series';
  if (realInputs && spec.model.embedding > 0) {
    out.push(doc.problemAt(['model', 'embedding'], 'value', `is ignored: a ${spec.task.kind} task has real-valued inputs, not tokens`, 'warning'));
  }
  if (STREAM_KINDS.has(spec.task.kind) && spec.training.bptt === 0) {
    out.push(
      doc.problemAt(
        ['training', 'bptt'],
        'value',
        `must be ≥ 1 for a ${spec.task.kind} task: it is the training window length (0 = whole sequence only applies to adding, copy and classify)`,
      ),
    );
  }
  const lastStepOnly = spec.task.kind === 'adding' || spec.task.kind === 'classify';
  if (lastStepOnly && spec.training.bptt > 0) {
    out.push(
      doc.problemAt(
        ['training', 'bptt'],
        'value',
        `is ignored: a ${spec.task.kind} task is scored at its last step only, so training backpropagates through the whole sequence`,
        'warning',
      ),
    );
  }
  const refusal = checkSize(spec);
  if (refusal) out.push(doc.problemAt(refusal.path, 'value', refusal.message));
  return out;
}

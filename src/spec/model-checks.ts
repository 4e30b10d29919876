// Checks across keys that the schema cannot express, run on the defaulted spec.
import { msg } from '../messages/render';
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
  if (cell === 'transformer') out.push(...transformerProblems(spec, raw, doc));
  else out.push(...transformerKeysOnCell(spec, raw, doc));
  if (cell !== 'rnn' && cell !== 'transformer' && given(raw, ['model', 'activation'])) {
    out.push(doc.problemAt(['model', 'activation'], 'key', msg('model.activationIgnored', { cell }), 'warning'));
  }
  if (cell !== 'rnn' && cell !== 'transformer' && spec.model.init === 'identity') {
    out.push(doc.problemAt(['model', 'init'], 'value', msg('model.identityInit', { cell }), 'warning'));
  }
  if (cell !== 'transformer' && given(raw, ['model', 'timeResidual']) && spec.model.residual !== 'time' && spec.model.residual !== 'both') {
    out.push(doc.problemAt(['model', 'timeResidual'], 'key', msg('model.timeResidualWithoutTime', { residual: spec.model.residual }), 'warning'));
  }
  const realInputs = spec.task.kind === 'adding' || spec.task.kind === 'series';
  if (realInputs && spec.model.embedding > 0) {
    out.push(doc.problemAt(['model', 'embedding'], 'value', msg('model.embeddingRealInputs', { kind: spec.task.kind }), 'warning'));
  }
  if (STREAM_KINDS.has(spec.task.kind) && spec.training.bptt === 0) {
    out.push(doc.problemAt(['training', 'bptt'], 'value', msg('model.bpttStream', { kind: spec.task.kind })));
  }
  const lastStepOnly = spec.task.kind === 'adding' || spec.task.kind === 'classify';
  if (lastStepOnly && spec.training.bptt > 0) {
    out.push(doc.problemAt(['training', 'bptt'], 'value', msg('model.bpttLastStep', { kind: spec.task.kind }), 'warning'));
  }
  const refusal = checkSize(spec);
  if (refusal) out.push(doc.problemAt(refusal.path, 'value', refusal.msg));
  return out;
}

/** Keys a Transformer reads (heads, ffn, context) and those that mean nothing to it. */
function transformerProblems(spec: Spec, raw: unknown, doc: SpecDocument): SpecProblem[] {
  const out: SpecProblem[] = [];
  const { hiddenSize: H, heads } = spec.model;
  if (H % heads !== 0) {
    out.push(doc.problemAt(['model', 'heads'], 'value', msg('model.headsDivide', { hidden: H, heads })));
  }
  const ignored = [
    ['activation', 'model.transformerIgnoresActivation'],
    ['residual', 'model.transformerIgnoresResidual'],
    ['timeResidual', 'model.transformerIgnoresTimeResidual'],
  ] as const;
  for (const [key, code] of ignored) {
    if (given(raw, ['model', key])) out.push(doc.problemAt(['model', key], 'key', msg(code), 'warning'));
  }
  if (given(raw, ['model', 'embedding']) && spec.model.embedding !== H) {
    out.push(doc.problemAt(['model', 'embedding'], 'value', msg('model.transformerEmbedding', { hidden: H }), 'warning'));
  }
  if (spec.model.init !== 'default') {
    out.push(doc.problemAt(['model', 'init'], 'value', msg('model.transformerInit'), 'warning'));
  }
  const length = spec.task.kind === 'adding' ? spec.task.length : spec.task.kind === 'copy' ? 2 * spec.task.length + spec.task.delay + 1 : 0;
  const context = spec.model.context;
  if (context > 0 && length > context && spec.task.kind === 'adding') {
    out.push(doc.problemAt(['model', 'context'], 'value', msg('model.contextTooShort', { length })));
  }
  const window = STREAM_KINDS.has(spec.task.kind) ? spec.training.bptt : 0;
  if (context > 0 && window > context) {
    out.push(doc.problemAt(['model', 'context'], 'value', msg('model.contextShorterThanWindow', { window, context }), 'warning'));
  }
  return out;
}

function transformerKeysOnCell(spec: Spec, raw: unknown, doc: SpecDocument): SpecProblem[] {
  return (['heads', 'ffn', 'context'] as const)
    .filter((key) => given(raw, ['model', key]))
    .map((key) => doc.problemAt(['model', key], 'key', msg('model.transformerKeyOnCell', { cell: spec.model.cell }), 'warning'));
}

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
  if (cell === 'transformer') out.push(...transformerProblems(spec, raw, doc));
  else out.push(...transformerKeysOnCell(spec, raw, doc));
  if (cell !== 'rnn' && cell !== 'transformer' && given(raw, ['model', 'activation'])) {
    out.push(doc.problemAt(['model', 'activation'], 'key', `is ignored by the ${cell} cell (it applies to cell "rnn" only)`, 'warning'));
  }
  if (cell !== 'rnn' && cell !== 'transformer' && spec.model.init === 'identity') {
    out.push(
      doc.problemAt(['model', 'init'], 'value', `"identity" is the IRNN recipe for cell "rnn" (with relu); for ${cell} prefer "orthogonal" or "default"`, 'warning'),
    );
  }
  if (cell !== 'transformer' && given(raw, ['model', 'timeResidual']) && spec.model.residual !== 'time' && spec.model.residual !== 'both') {
    out.push(doc.problemAt(['model', 'timeResidual'], 'key', `is ignored: it makes the residual across time leaky, and "residual" is "${spec.model.residual}" (use "time" or "both")`, 'warning'));
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

/** Keys a Transformer reads (heads, ffn, context) and those that mean nothing to it. */
function transformerProblems(spec: Spec, raw: unknown, doc: SpecDocument): SpecProblem[] {
  const out: SpecProblem[] = [];
  const { hiddenSize: H, heads } = spec.model;
  if (H % heads !== 0) {
    out.push(doc.problemAt(['model', 'heads'], 'value', `must divide model.hiddenSize (${H}): each of the ${heads} heads gets hiddenSize / heads dimensions`));
  }
  const ignored: [string, string][] = [
    ['activation', 'a Transformer\'s feed-forward block uses GELU'],
    ['residual', 'a Transformer always adds each block\'s output to its input (pre-LN residuals)'],
    ['timeResidual', 'a Transformer has no recurrence (and no state carried from step to step)'],
  ];
  for (const [key, why] of ignored) {
    if (given(raw, ['model', key])) out.push(doc.problemAt(['model', key], 'key', `is ignored by the transformer: ${why}`, 'warning'));
  }
  if (given(raw, ['model', 'embedding']) && spec.model.embedding !== H) {
    out.push(doc.problemAt(['model', 'embedding'], 'value', `is ignored by the transformer: its token embedding is always hiddenSize (${H}) wide`, 'warning'));
  }
  if (spec.model.init !== 'default') {
    out.push(doc.problemAt(['model', 'init'], 'value', `is ignored by the transformer: it starts as PyTorch initialises each of its modules ("default")`, 'warning'));
  }
  const length = spec.task.kind === 'adding' ? spec.task.length : spec.task.kind === 'copy' ? 2 * spec.task.length + spec.task.delay + 1 : 0;
  const context = spec.model.context;
  if (context > 0 && length > context && spec.task.kind === 'adding') {
    out.push(doc.problemAt(['model', 'context'], 'value', `must be at least the sequence length (${length}): an adding task is scored at its last step, which must see the whole sequence`));
  }
  const window = STREAM_KINDS.has(spec.task.kind) ? spec.training.bptt : 0;
  if (context > 0 && window > context) {
    out.push(doc.problemAt(['model', 'context'], 'value', `is shorter than the training window (training.bptt = ${window}): windows are cut to ${context} positions`, 'warning'));
  }
  return out;
}

function transformerKeysOnCell(spec: Spec, raw: unknown, doc: SpecDocument): SpecProblem[] {
  return (['heads', 'ffn', 'context'] as const)
    .filter((key) => given(raw, ['model', key]))
    .map((key) => doc.problemAt(['model', key], 'key', `is ignored by the ${spec.model.cell} cell (it applies to cell "transformer" only)`, 'warning'));
}

// The twin of a spec: the same task and training with a model of the other family (a recurrent
// spec's twin is a Transformer; a Transformer's, an LSTM) and about the same number of parameters,
// so that the two can be compared on equal terms (Compare Runs, `bench --seq --twin`).
import { parameterCountOf } from '../engine/create-model';
import type { CellKind, ModelConfig } from '../engine/model-config';
import { parse as parseJsonc } from 'jsonc-parser';
import type { ModelSpec, Spec } from '../spec/types';
import { modelConfigFor, type TaskShape } from './model-config-from-spec';

export interface Twin {
  /** The twin's `model` section as it is written to the twin's spec file. */
  model: Record<string, unknown>;
  name: string;
  parameterCount: number;
  /** The source spec's count, for the message. */
  sourceParameterCount: number;
}

/** Widths tried for the twin: multiples of 8 (so heads of 2, 4 or 8 divide them) up to 4× the source's. */
function candidateWidths(H: number): number[] {
  const out: number[] = [];
  for (let w = 8; w <= Math.max(64, 4 * H); w += 8) out.push(w);
  return out;
}

/** Four heads where each keeps at least 8 dimensions, else two, else one. */
function headsFor(H: number): number {
  for (const heads of [4, 2]) if (H % heads === 0 && H / heads >= 8) return heads;
  return 1;
}

/** The twin of `spec` for a task of `shape`: the width whose parameter count is closest to the spec's. */
export function twinOf(spec: Spec, shape: TaskShape): Twin {
  const source = parameterCountOf(modelConfigFor(spec, shape));
  const toTransformer = spec.model.cell !== 'transformer';
  const cell: CellKind = toTransformer ? 'transformer' : 'lstm';
  let best: { H: number; count: number } | undefined;
  for (const H of candidateWidths(spec.model.hiddenSize)) {
    const model: ModelSpec = {
      ...spec.model,
      cell,
      hiddenSize: H,
      heads: headsFor(H),
      ffn: 0,
      context: 0,
      residual: 'none',
      embedding: toTransformer ? H : spec.model.embedding,
    };
    const count = parameterCountOf(modelConfigFor({ ...spec, model }, shape) as ModelConfig);
    if (!best || Math.abs(count - source) < Math.abs(best.count - source)) best = { H, count };
  }
  const H = best!.H;
  const model: Record<string, unknown> = toTransformer
    ? { cell, hiddenSize: H, layers: spec.model.layers, heads: headsFor(H) }
    : { cell, hiddenSize: H, layers: spec.model.layers, ...(spec.model.embedding > 0 ? { embedding: spec.model.embedding } : {}) };
  return { model, name: twinName(spec.name, spec.model.cell, cell), parameterCount: best!.count, sourceParameterCount: source };
}

/** "ballads-char-lstm" → "ballads-char-transformer"; a name that does not say its cell gets the twin's appended. */
function twinName(name: string, from: CellKind, to: CellKind): string {
  const word = new RegExp(`\\b${from}\\b`, 'i');
  return word.test(name) ? name.replace(word, to) : `${name}-${to}`;
}

/** The twin's spec text: the source's JSON with its name and model replaced, every other key as written. */
export function twinSpecText(sourceText: string, twin: Twin): string {
  const raw = (parseJsonc(sourceText) ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = k === 'model' ? twin.model : k === 'name' ? twin.name : v;
  if (!('name' in raw)) out.name = twin.name;
  if (!('model' in raw)) out.model = twin.model;
  return `${JSON.stringify(out, null, 2)}\n`;
}

// classify: one label per sequence, read from JSON Lines (./classify-lines.ts).
// - string inputs are split into chars, words (./word-tokens.ts) or whitespace-separated tokens; the
//   vocabulary is "<unk>" (id 0) then the sorted unique tokens of the training lines;
// - number[] is a sequence of scalars (I = 1 real per step), number[][] a sequence of feature vectors.
// Labels are sorted and numbered. floor(n · validation) lines, evenly spaced through the file, are held
// out (deterministic, and safe for files sorted by label); training batches reshuffle every epoch.
// A batch is padded to its longest sequence and sets `lengths`; the head reads the last valid step.
import { msg } from '../messages/render';
import type { Batch } from '../engine/batch';
import type { Rng } from '../engine/rng';
import { zeros, type DType } from '../engine/tensor';
import type { Spec } from '../spec/types';
import type { Task, TaskIO } from './task';
import { TaskDataError } from './task-data-error';
import { parseClassifyLines, type ClassifyLine } from './classify-lines';
import { readDataFile } from './read-data-file';
import { batchSizeOf, dtypeOf, evalBudgetOf, validationOf } from './training-settings';
import { checkSequenceLength, checkTaskSize } from './data-size';
import { formatValue, formatVector, visibleChar } from './step-labels';
import { joinWordTokens, wordTokens } from './word-tokens';
import { UNK } from './text-codec';
import { clip } from './snippet';

type ClassifySpec = Extract<Spec['task'], { kind: 'classify' }>;
type Split = ClassifySpec['split'];

interface Example {
  line: number; // 1-based, in the data file
  length: number;
  ids?: Int32Array; // text
  values?: Float64Array; // reals, length * featureSize
  label: number;
}

function splitText(text: string, split: Split): string[] {
  if (split === 'chars') return Array.from(text);
  if (split === 'words') return wordTokens(text);
  return text.split(/\s+/).filter((t) => t !== '');
}

export function createClassifyTask(spec: Spec, task: ClassifySpec, path: string, io: TaskIO): Task {
  const validation = validationOf(task.validation);
  const split: Split = task.split ?? 'chars';
  const B = batchSizeOf(spec);
  const dtype = dtypeOf(spec);
  const { kind, featureSize, lines } = parseClassifyLines(readDataFile(io, path, task.file), task.file);

  const labels = [...new Set(lines.map((l) => l.label))].sort();
  if (labels.length < 2) {
    throw new TaskDataError(msg('data.oneLabel', { label: clip(labels[0] ?? '') }), {
      file: task.file,
    });
  }
  const labelId = new Map(labels.map((l, i) => [l, i]));
  const isHeldOut = heldOutMask(lines.length, validation);
  const trainLines = lines.filter((_, i) => !isHeldOut[i]);
  const heldLines = lines.filter((_, i) => isHeldOut[i]);
  if (trainLines.length < 1) throw new TaskDataError(msg('data.allHeldOut', { lines: lines.length }), { file: task.file });

  let vocab: string[] | undefined;
  let toExample: (l: ClassifyLine) => Example;
  let tokenIds: ((tokens: string[]) => Int32Array) | undefined;
  if (kind === 'text') {
    const split1 = (l: ClassifyLine): string[] => {
      const tokens = splitText(l.input as string, split);
      if (tokens.length === 0) throw new TaskDataError(msg('data.inputNoTokens', { split }), { file: task.file, line: l.line });
      checkSequenceLength(tokens.length, { file: task.file, line: l.line }, msg('data.unitStepsSplit', { split }));
      return tokens;
    };
    const seen = new Set<string>();
    for (const l of trainLines) for (const t of split1(l)) seen.add(t);
    const v = [UNK, ...[...seen].sort()];
    const idOf = new Map(v.map((t, i) => [t, i]));
    vocab = v;
    tokenIds = (tokens) => Int32Array.from(tokens, (t) => idOf.get(t) ?? 0);
    const ids = tokenIds;
    toExample = (l) => {
      const seq = ids(split1(l));
      return { line: l.line, length: seq.length, ids: seq, label: labelId.get(l.label)! };
    };
  } else {
    toExample = (l) => {
      checkSequenceLength((l.input as unknown[]).length, { file: task.file, line: l.line });
      const values = Float64Array.from((l.input as (number | number[])[]).flat());
      return { line: l.line, length: values.length / featureSize, values, label: labelId.get(l.label)! };
    };
  }
  const train = trainLines.map(toExample);
  const held = heldLines.map(toExample);

  const batchOf = (chosen: Example[]): Batch => buildBatch(chosen, kind === 'text', featureSize, dtype);
  const order = Int32Array.from(train, (_, i) => i);
  let cursor = order.length; // shuffle before the first batch
  let validationCache: Batch[] | undefined;
  const longest = [...train, ...held].reduce((m, e) => (e.length > m.length ? e : m));
  const meanLength = train.reduce((s, e) => s + e.length, 0) / train.length;

  const probeExample = held[0] ?? train[0];
  const probeLabels = (e: Example): string[] => {
    if (e.ids) return Array.from(e.ids, (id) => (split === 'chars' ? visibleChar(vocab![id]) : vocab![id]));
    const out: string[] = [];
    for (let t = 0; t < e.length; t++) {
      const step = e.values!.subarray(t * featureSize, (t + 1) * featureSize);
      out.push(featureSize === 1 ? formatValue(step[0]) : formatVector(step));
    }
    return out;
  };

  const result: Task = {
    kind: 'classify',
    inputKind: kind === 'text' ? 'tokens' : 'real',
    inputSize: kind === 'text' ? vocab!.length : featureSize,
    outputSize: labels.length,
    loss: 'cross-entropy',
    at: 'last',
    stream: false,
    labels,
    maxSteps: longest.length,
    tokensPerBatch: Math.max(1, Math.round(B * meanLength)),
    nextTrainBatch(rng: Rng) {
      const chosen: Example[] = [];
      for (let i = 0; i < B; i++) {
        if (cursor >= order.length) {
          shuffle(order, rng);
          cursor = 0;
        }
        chosen.push(train[order[cursor++]]);
      }
      return batchOf(chosen);
    },
    validationBatches() {
      if (!validationCache) {
        validationCache = [];
        // The first examples up to the evaluation budget (in steps), the same every time.
        const budget = evalBudgetOf(spec);
        let steps = 0;
        let n = 0;
        while (n < held.length && steps < budget) steps += held[n++].length;
        for (let i = 0; i < n; i += B) validationCache.push(batchOf(held.slice(i, Math.min(n, i + B))));
      }
      return validationCache;
    },
    probe: () => ({ batch: batchOf([probeExample]), stepLabels: probeLabels(probeExample) }),
  };
  // the memory the model and the padded batches need with the real vocabulary, classes and longest line
  checkTaskSize(spec, result, { file: task.file, line: longest.line });
  if (vocab && tokenIds) {
    const v = vocab;
    const ids = tokenIds;
    result.vocab = v;
    result.encode = (text) => Array.from(ids(splitText(text, split)));
    result.decode = (seq) => {
      const tokens = seq.map((id) => v[id] ?? UNK);
      return split === 'chars' ? tokens.join('') : split === 'words' ? joinWordTokens(tokens) : tokens.join(' ');
    };
  }
  return result;
}

/** floor(n · fraction) indices spread evenly over [0, n): i is held out when floor((i+1)·f) > floor(i·f). */
function heldOutMask(n: number, fraction: number): Uint8Array {
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = Math.floor((i + 1) * fraction) > Math.floor(i * fraction) ? 1 : 0;
  return mask;
}

function buildBatch(chosen: Example[], tokens: boolean, featureSize: number, dtype: DType): Batch {
  const B = chosen.length;
  const T = chosen.reduce((m, e) => Math.max(m, e.length), 0);
  const lengths = Int32Array.from(chosen, (e) => e.length);
  const targetIds = Int32Array.from(chosen, (e) => e.label);
  if (tokens) {
    const ids = new Int32Array(B * T);
    chosen.forEach((e, b) => ids.set(e.ids!, b * T));
    return { B, T, tokens: ids, lengths, targetIds };
  }
  const reals = zeros(dtype, B * T * featureSize);
  chosen.forEach((e, b) => reals.set(e.values!, b * T * featureSize));
  return { B, T, reals, lengths, targetIds };
}

/** Fisher–Yates with the task's rng. */
function shuffle(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

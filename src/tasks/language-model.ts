// The stream task shared by char-lm and word-lm: next-token prediction at every step over one encoded
// text; the last `validation` fraction is held out. The probe reads the held-out part from its first
// line start.
import { msg } from '../messages/render';
import type { Spec } from '../spec/types';
import type { Task } from './task';
import { TaskDataError } from './task-data-error';
import { TrainStream, validationWindows, type StreamWindow } from './stream';
import { tokenWindowBatch } from './stream-batches';
import { batchSizeOf, evalBudgetOf, streamWindowOf } from './training-settings';

export interface EncodedText {
  kind: 'char-lm' | 'word-lm';
  /** The data file as the spec names it (for messages). */
  file: string;
  /** What one id stands for, plural, for messages: "characters", "tokens". */
  unit: string;
  ids: Uint16Array | Int32Array;
  vocab: string[];
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  stepLabel(id: number): string;
}

export function languageModelTask(text: EncodedText, spec: Spec, validation: number): Task {
  const B = batchSizeOf(spec);
  const T = streamWindowOf(spec);
  const { ids, vocab } = text;
  const heldOut = Math.floor(ids.length * validation);
  const trainItems = ids.length - heldOut;
  const train = new TrainStream(trainItems, B, T, () => {
    return new TaskDataError(
      msg(text.unit === 'tokens' ? 'data.tooShortTokens' : 'data.tooShortChars', { have: trainItems, lanes: B, window: T, need: B * T + 1 }),
      { file: text.file },
    );
  });
  const probeSteps = Math.min(T, (heldOut >= 2 ? heldOut : trainItems) - 1);
  const probeFirst = lineStart(ids, vocab.indexOf('\n'), heldOut >= 2 ? trainItems : 0, heldOut >= 2 ? heldOut : trainItems, probeSteps);

  return {
    kind: text.kind,
    inputKind: 'tokens',
    inputSize: vocab.length,
    outputSize: vocab.length,
    loss: 'cross-entropy',
    at: 'every',
    stream: true,
    vocab,
    maxSteps: T,
    tokensPerBatch: B * T,
    nextTrainBatch: (rng) => tokenWindowBatch(ids, train.next(rng)),
    // The first evalTokens scored positions of the held-out part (items = scored + 1).
    validationBatches: () => validationWindows(trainItems, Math.min(heldOut, evalBudgetOf(spec) + 1), B, T).map((w) => tokenWindowBatch(ids, w)),
    probe() {
      const w: StreamWindow = {
        B: 1,
        T: probeSteps,
        starts: Int32Array.of(probeFirst),
        valid: Int32Array.of(probeSteps),
      };
      const batch = tokenWindowBatch(ids, w);
      return { batch, stepLabels: Array.from(batch.tokens!, (id) => text.stepLabel(id)) };
    },
    encode: text.encode,
    decode: text.decode,
  };
}

/** The probe starts at the first line start of [first, first + items) that leaves room for `steps`, else at `first`. */
function lineStart(ids: ArrayLike<number>, newline: number, first: number, items: number, steps: number): number {
  if (newline < 0) return first;
  for (let p = first; p + 1 + steps < first + items; p++) if (ids[p] === newline) return p + 1;
  return first;
}

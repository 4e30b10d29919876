// copy: the copy-memory task (Hochreiter & Schmidhuber 1997; Arjovsky et al. 2016). Input: `length`
// random symbols, then `delay` blanks, then one go marker, then `length` blanks during which the model
// must output the symbols in order (so delay 0 = replay right after the go marker).
// T = 2·length + delay + 1. Outputs range over the whole vocabulary (symbols + blank + go);
// cross-entropy is scored only at the `length` recall steps (targetIds -1 elsewhere).
import type { Batch } from '../engine/batch';
import { Rng } from '../engine/rng';
import type { Spec } from '../spec/types';
import type { Task } from './task';
import { batchSizeOf, positiveInteger } from './training-settings';

/** Delay when the spec gives none (as in schema/rnn.schema.json). */
const DEFAULT_COPY_DELAY = 0;
const COPY_VALIDATION_SIZE = 512;
const COPY_VALIDATION_SEED = 2016;

type CopySpec = Extract<Spec['task'], { kind: 'copy' }>;

/** Steps of one sequence: the symbols, the delay, the go marker, the recall. */
function copyLength(length: number, delay: number): number {
  return 2 * length + delay + 1;
}

/** Token names: the symbols ("A".."Z", or "0".."n-1" past 26), then blank "_" and go "→". */
function copyVocab(symbols: number): string[] {
  const names = Array.from({ length: symbols }, (_, k) => (symbols <= 26 ? String.fromCharCode(65 + k) : String(k)));
  return [...names, '_', '→'];
}

function copyBatch(rng: Rng, B: number, symbols: number, length: number, delay: number): Batch {
  const T = copyLength(length, delay);
  const blank = symbols;
  const go = symbols + 1;
  const tokens = new Int32Array(B * T).fill(blank);
  const targetIds = new Int32Array(B * T).fill(-1);
  for (let b = 0; b < B; b++) {
    const row = b * T;
    for (let k = 0; k < length; k++) {
      const s = rng.int(symbols);
      tokens[row + k] = s;
      targetIds[row + length + delay + 1 + k] = s;
    }
    tokens[row + length + delay] = go;
  }
  return { B, T, tokens, targetIds };
}

export function createCopyTask(spec: Spec, task: CopySpec): Task {
  const symbols = positiveInteger(task.symbols, 'task.symbols');
  const length = positiveInteger(task.length, 'task.length');
  const delay = positiveInteger(task.delay ?? DEFAULT_COPY_DELAY, 'task.delay', 0);
  const B = batchSizeOf(spec);
  const T = copyLength(length, delay);
  const vocab = copyVocab(symbols);
  let validation: Batch[] | undefined;

  return {
    kind: 'copy',
    inputKind: 'tokens',
    inputSize: vocab.length,
    outputSize: vocab.length,
    loss: 'cross-entropy',
    at: 'every',
    stream: false,
    vocab,
    maxSteps: T,
    tokensPerBatch: B * T,
    nextTrainBatch: (rng) => copyBatch(rng, B, symbols, length, delay),
    validationBatches() {
      if (!validation) {
        const rng = new Rng(COPY_VALIDATION_SEED);
        validation = [];
        for (let left = COPY_VALIDATION_SIZE; left > 0; left -= B) {
          validation.push(copyBatch(rng, Math.min(B, left), symbols, length, delay));
        }
      }
      return validation;
    },
    probe() {
      const batch = copyBatch(new Rng(COPY_VALIDATION_SEED), 1, symbols, length, delay);
      return { batch, stepLabels: Array.from(batch.tokens!, (id) => vocab[id]) };
    },
  };
}

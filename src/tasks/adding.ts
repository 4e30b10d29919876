// adding: the adding problem (Hochreiter & Schmidhuber 1997, in the form of Le et al. 2015 and
// Arjovsky et al. 2016). Each step reads two reals: a value drawn from U[0, 1) and a marker, 1 at
// exactly two steps (one in the first half of the sequence, one in the second) and 0 elsewhere.
// The target is the sum of the two marked values; MSE on the output at the last step.
import type { Batch } from '../engine/batch';
import { Rng } from '../engine/rng';
import { zeros, type DType } from '../engine/tensor';
import type { Spec } from '../spec/types';
import type { Task } from './task';
import { batchSizeOf, dtypeOf, positiveInteger } from './training-settings';
import { formatValue } from './step-labels';

/**
 * MSE of always predicting 1.0, the mean of the target: the variance of a sum of two U[0, 1) values,
 * 2/12 ≈ 0.1667. A model has learnt something about the task only once its MSE is clearly below this.
 */
export const ADDING_BASELINE_MSE = 1 / 6;
/** The validation set: this many sequences from this seed, the same for every run of a given length. */
export const ADDING_VALIDATION_SIZE = 512;
const ADDING_VALIDATION_SEED = 1997;

type AddingSpec = Extract<Spec['task'], { kind: 'adding' }>;

/** One sequence: T steps of [value, marker] and the target; the rng is read in this order. */
function addingSequence(rng: Rng, T: number): { inputs: Float64Array; target: number; marked: [number, number] } {
  const inputs = new Float64Array(T * 2);
  for (let t = 0; t < T; t++) inputs[t * 2] = rng.next();
  const half = Math.floor(T / 2);
  const first = rng.int(half);
  const second = half + rng.int(T - half);
  inputs[first * 2 + 1] = 1;
  inputs[second * 2 + 1] = 1;
  return { inputs, target: inputs[first * 2] + inputs[second * 2], marked: [first, second] };
}

function addingBatch(rng: Rng, B: number, T: number, dtype: DType): Batch {
  const reals = zeros(dtype, B * T * 2);
  const targetReals = zeros(dtype, B);
  for (let b = 0; b < B; b++) {
    const seq = addingSequence(rng, T);
    reals.set(seq.inputs, b * T * 2);
    targetReals[b] = seq.target;
  }
  return { B, T, reals, targetReals };
}

export function createAddingTask(spec: Spec, task: AddingSpec): Task {
  const T = positiveInteger(task.length, 'task.length', 2);
  const B = batchSizeOf(spec);
  const dtype = dtypeOf(spec);
  let validation: Batch[] | undefined;

  return {
    kind: 'adding',
    inputKind: 'real',
    inputSize: 2,
    outputSize: 1,
    loss: 'mse',
    at: 'last',
    stream: false,
    maxSteps: T,
    tokensPerBatch: B * T,
    nextTrainBatch: (rng) => addingBatch(rng, B, T, dtype),
    validationBatches() {
      if (!validation) {
        const rng = new Rng(ADDING_VALIDATION_SEED);
        validation = [];
        for (let left = ADDING_VALIDATION_SIZE; left > 0; left -= B) validation.push(addingBatch(rng, Math.min(B, left), T, dtype));
      }
      return validation;
    },
    probe() {
      const batch = addingBatch(new Rng(ADDING_VALIDATION_SEED), 1, T, dtype);
      const reals = batch.reals!;
      const stepLabels: string[] = [];
      for (let t = 0; t < T; t++) {
        const v = formatValue(reals[t * 2]);
        stepLabels.push(reals[t * 2 + 1] === 1 ? `[${v}]` : v);
      }
      return { batch, stepLabels };
    },
  };
}
